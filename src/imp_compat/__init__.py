"""Python 3.11's ``imp`` module, implemented on public importlib APIs.

Import this package under its own name (``imp_compat``) to use or test it beside the standard
library's ``imp`` on Python 3.11; on 3.12 and later the top-level ``imp`` module re-exports it.
"""
# The implementation is being written; this stub fixes the public names.

__all__ = [
    "C_BUILTIN", "C_EXTENSION", "IMP_HOOK", "PKG_DIRECTORY", "PY_CODERESOURCE", "PY_COMPILED",
    "PY_FROZEN", "PY_RESOURCE", "PY_SOURCE", "SEARCH_ERROR",
    "NullImporter", "acquire_lock", "cache_from_source", "create_dynamic", "find_module",
    "get_frozen_object", "get_magic", "get_suffixes", "get_tag", "init_builtin", "init_frozen",
    "is_builtin", "is_frozen", "is_frozen_package", "load_compiled", "load_dynamic",
    "load_module", "load_package", "load_source", "lock_held", "new_module", "release_lock",
    "reload", "source_from_cache",
]
