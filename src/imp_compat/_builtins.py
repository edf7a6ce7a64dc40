"""Built-in, frozen and dynamic modules, and the global import lock.

Nothing public in importlib exposes these, so, as in Python 3.11, the functions are the
interpreter's own ``_imp`` builtins, re-exported unchanged: same behaviour, same error
messages. Only ``init_builtin`` is written here, on ``BuiltinImporter``.
"""

import _imp
from importlib.machinery import BuiltinImporter

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds to import; annotations are never evaluated
    from collections.abc import Callable
    from importlib.machinery import ModuleSpec
    from types import ModuleType

__all__ = [
    "acquire_lock",
    "create_dynamic",
    "get_frozen_object",
    "init_builtin",
    "init_frozen",
    "is_builtin",
    "is_frozen",
    "is_frozen_package",
    "lock_held",
    "release_lock",
]

lock_held: "Callable[[], bool]" = _imp.lock_held
acquire_lock: "Callable[[], None]" = _imp.acquire_lock
release_lock: "Callable[[], None]" = _imp.release_lock
is_builtin: "Callable[[str], int]" = _imp.is_builtin
is_frozen: "Callable[[str], bool]" = _imp.is_frozen
is_frozen_package: "Callable[[str], bool]" = _imp.is_frozen_package
init_frozen: "Callable[[str], ModuleType | None]" = _imp.init_frozen
get_frozen_object: "Callable[..., object]" = _imp.get_frozen_object

# Platforms without dynamic loading have no create_dynamic; 3.11 exposed None there.
create_dynamic: "Callable[..., ModuleType] | None" = getattr(_imp, "create_dynamic", None)


def init_builtin(name: str) -> "ModuleType | None":
    """Initialise the built-in module *name* and return it, or None if there is none.

    Like Python 3.11, the module is (re)created from its spec and entered into
    ``sys.modules``; any ImportError on the way means "no such built-in".
    """
    from imp_compat._execution import load_spec

    try:
        spec: ModuleSpec | None = BuiltinImporter.find_spec(name)
        if spec is None:
            raise ImportError("no built-in module named " + name)
        return load_spec(spec, lock=False)
    except ImportError:
        return None
