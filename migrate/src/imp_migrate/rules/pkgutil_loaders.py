"""``pkgutil.get_loader`` and ``pkgutil.find_loader`` (removed in 3.14) -> helpers on find_spec.

Both are short wrappers of ``importlib.util.find_spec`` with quirks code relies on, kept
exactly as Python 3.13 had them: ``get_loader`` takes a module object or a name, answers from
``sys.modules`` first (``"__main__"`` gives the running script's loader), and gives None for
a module without a spec; ``find_loader`` refuses relative names and turns find_spec's
failures into ImportError. Neither helper warns, as the originals did.
"""

from __future__ import annotations

from imp_migrate.rules._base import Helper, HelperRule

FIND_LOADER_SOURCE = '''
def _pkgutil_find_loader(fullname):
    """pkgutil.find_loader, removed in Python 3.14 (written by imp-migrate)."""
    if fullname.startswith("."):
        raise ImportError(f"Relative module name {fullname!r} not supported")
    try:
        spec = importlib.util.find_spec(fullname)
    except (ImportError, AttributeError, TypeError, ValueError) as error:
        message = f"Error while finding loader for {fullname!r} ({type(error)}: {error})"
        raise ImportError(message) from error
    return None if spec is None else spec.loader
'''

GET_LOADER_SOURCE = '''
def _pkgutil_get_loader(module_or_name):
    """pkgutil.get_loader, removed in Python 3.14 (written by imp-migrate)."""
    if module_or_name in sys.modules:
        module_or_name = sys.modules[module_or_name]
        if module_or_name is None:
            return None
    if isinstance(module_or_name, types.ModuleType):
        loader = getattr(module_or_name, "__loader__", None)
        if loader is not None:
            return loader
        if getattr(module_or_name, "__spec__", None) is None:
            return None
        module_or_name = module_or_name.__name__
    return _pkgutil_find_loader(module_or_name)
'''

FIND_LOADER = Helper("_pkgutil_find_loader", FIND_LOADER_SOURCE, ("importlib.util",))
GET_LOADER = Helper(
    "_pkgutil_get_loader", GET_LOADER_SOURCE, ("sys", "types"), requires=(FIND_LOADER,)
)


class PkgutilFindLoader(HelperRule):
    names = ("pkgutil.find_loader",)
    helper = FIND_LOADER


class PkgutilGetLoader(HelperRule):
    names = ("pkgutil.get_loader",)
    helper = GET_LOADER
