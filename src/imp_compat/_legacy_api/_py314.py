"""``pkgutil.find_loader`` and ``pkgutil.get_loader``, removed in Python 3.14, as 3.13 had them.

Both were thin wrappers over :func:`importlib.util.find_spec` that kept pkgutil's old
contract: a loader or ``None``, never a spec, and only ``ImportError`` for a failed search. What
3.13 did, and these do:

* each call warns ``DeprecationWarning: 'pkgutil.<name>' is deprecated and slated for removal
  in Python 3.14; use importlib.util.find_spec() instead``, attributed to the caller;
  ``get_loader`` then calls ``pkgutil.find_loader`` (whatever pkgutil holds under that name at
  the time), which warns a second time, from inside the library;
* ``get_loader`` accepts a module object or a name; a name present in ``sys.modules`` stands for
  its module (``None`` there gives ``None``), so ``"__main__"`` gives ``__main__.__loader__``;
  a module without ``__loader__`` and ``__spec__`` gives ``None``;
* ``find_loader`` refuses relative names, imports the parent packages of a dotted name
  (``find_spec`` does) and turns the ``ImportError``, ``AttributeError``, ``TypeError`` and
  ``ValueError`` of the search into ``ImportError("Error while finding loader for ...")``.
"""

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds to import; annotations are never evaluated
    from collections.abc import Callable
    from types import ModuleType
    from typing import Any

__all__ = ["TARGETS", "find_loader", "get_loader"]

_ModuleType = type(sys)
_MESSAGE = (
    "{name!r} is deprecated and slated for removal in Python 3.14; "
    "use importlib.util.find_spec() instead"
)


def _warn(name: str) -> None:
    import warnings

    # stacklevel 3: the caller of find_loader/get_loader, as warnings._deprecated() said.
    warnings.warn(_MESSAGE.format(name=name), DeprecationWarning, stacklevel=3)


def find_loader(fullname: str) -> "Any":
    """Find a "loader" object for *fullname* (``None`` when there is none).

    A wrapper around :func:`importlib.util.find_spec` that turns most failures into
    ``ImportError`` and returns only the loader rather than the spec.
    """
    _warn("pkgutil.find_loader")
    if fullname.startswith("."):
        raise ImportError(f"Relative module name {fullname!r} not supported")
    import importlib.util

    try:
        spec = importlib.util.find_spec(fullname)
    except (ImportError, AttributeError, TypeError, ValueError) as ex:
        # find_spec raises more kinds of errors than pkgutil's callers ever expected.
        raise ImportError(f"Error while finding loader for {fullname!r} ({type(ex)}: {ex})") from ex
    return spec.loader if spec is not None else None


def get_loader(module_or_name: "Any") -> "Any":
    """Get a "loader" object for *module_or_name* (a module or a name).

    Returns None if the module cannot be found or imported. If the named module is not
    already imported, its containing package (if any) is imported, in order to establish
    the package ``__path__``.
    """
    _warn("pkgutil.get_loader")
    if module_or_name in sys.modules:
        module_or_name = sys.modules[module_or_name]
        if module_or_name is None:
            return None
    if isinstance(module_or_name, _ModuleType):
        module = module_or_name
        loader = getattr(module, "__loader__", None)
        if loader is not None:
            return loader
        if getattr(module, "__spec__", None) is None:
            return None
        fullname = module.__name__
    else:
        fullname = module_or_name
    # 3.13 called the global find_loader of pkgutil: a replacement put there is honoured.
    find = getattr(sys.modules.get("pkgutil"), "find_loader", find_loader)
    return find(fullname)


def _pkgutil_additions(module: "ModuleType") -> "list[tuple[object, str, object]]":
    return [(module, "find_loader", find_loader), (module, "get_loader", get_loader)]


TARGETS: "dict[str, Callable[[ModuleType], list[tuple[object, str, object]]]]" = {
    "pkgutil": _pkgutil_additions,
}
