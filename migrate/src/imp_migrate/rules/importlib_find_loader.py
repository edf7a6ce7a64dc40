"""``importlib.find_loader(name, path=None)`` (removed in 3.12) -> a helper on the meta path.

Python 3.11 answered from ``sys.modules`` first (ValueError when the module's ``__loader__``
is None or unset), then asked each finder on ``sys.meta_path`` for a spec, without importing
parent packages (unlike ``importlib.util.find_spec``), and refused specs without a loader.
The helper does the same with public APIs.
"""

from __future__ import annotations

from imp_migrate.rules._base import Helper, HelperRule

SOURCE = '''
def _importlib_find_loader(name, path=None):
    """importlib.find_loader, removed in Python 3.12 (written by imp-migrate)."""
    try:
        loader = sys.modules[name].__loader__
    except KeyError:
        pass
    except AttributeError:
        raise ValueError(f"{name}.__loader__ is not set") from None
    else:
        if loader is None:
            raise ValueError(f"{name}.__loader__ is None")
        return loader
    for finder in sys.meta_path:
        find_spec = getattr(finder, "find_spec", None)
        spec = None if find_spec is None else find_spec(name, path)
        if spec is not None:
            break
    else:
        return None
    if spec.loader is None:
        if spec.submodule_search_locations is None:
            raise ImportError(f"spec for {name} missing loader", name=name)
        raise ImportError("namespace packages do not have loaders", name=name)
    return spec.loader
'''

HELPER = Helper("_importlib_find_loader", SOURCE, ("sys",))


class ImportlibFindLoader(HelperRule):
    names = ("importlib.find_loader",)
    helper = HELPER
