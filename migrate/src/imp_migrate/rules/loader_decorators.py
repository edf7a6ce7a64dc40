"""``importlib.util``'s decorators for ``load_module`` (removed in 3.12) -> helper decorators.

``module_for_loader`` hands the decorated method a module instead of a name: the existing
one from ``sys.modules`` or a new one put there (and removed again if loading fails), with
``__loader__`` and ``__package__`` set. Python 3.11's version swallowed that failure (its
context manager did not re-raise), so the call returned None: the helper keeps that, since
code written against it may depend on it. ``set_loader`` and ``set_package`` fill in
``__loader__``/``__package__`` on the returned module when unset.
"""

from __future__ import annotations

from imp_migrate.rules._base import Helper, HelperRule

MODULE_FOR_LOADER_SOURCE = '''
def _module_for_loader(load_module):
    """importlib.util.module_for_loader, removed in Python 3.12 (written by imp-migrate).

    As there, a failure while loading a new module removes it from sys.modules and the
    call returns None instead of raising.
    """

    @functools.wraps(load_module)
    def wrapper(self, fullname, *args, **kwargs):
        is_reload = fullname in sys.modules
        module = sys.modules.get(fullname)
        if not is_reload:
            module = types.ModuleType(fullname)
            module.__initializing__ = True
            sys.modules[fullname] = module
        try:
            module.__loader__ = self
            try:
                is_package = self.is_package(fullname)
            except (ImportError, AttributeError):
                pass
            else:
                module.__package__ = fullname if is_package else fullname.rpartition(".")[0]
            return load_module(self, module, *args, **kwargs)
        except Exception:
            if not is_reload:
                sys.modules.pop(fullname, None)
        finally:
            module.__initializing__ = False

    return wrapper
'''

SET_LOADER_SOURCE = '''
def _set_loader(load_module):
    """importlib.util.set_loader, removed in Python 3.12 (written by imp-migrate)."""

    @functools.wraps(load_module)
    def wrapper(self, *args, **kwargs):
        module = load_module(self, *args, **kwargs)
        if getattr(module, "__loader__", None) is None:
            module.__loader__ = self
        return module

    return wrapper
'''

SET_PACKAGE_SOURCE = '''
def _set_package(load_module):
    """importlib.util.set_package, removed in Python 3.12 (written by imp-migrate)."""

    @functools.wraps(load_module)
    def wrapper(*args, **kwargs):
        module = load_module(*args, **kwargs)
        if getattr(module, "__package__", None) is None:
            module.__package__ = module.__name__
            if not hasattr(module, "__path__"):
                module.__package__ = module.__package__.rpartition(".")[0]
        return module

    return wrapper
'''


class ModuleForLoader(HelperRule):
    names = ("importlib.util.module_for_loader",)
    helper = Helper("_module_for_loader", MODULE_FOR_LOADER_SOURCE, ("functools", "sys", "types"))


class SetLoader(HelperRule):
    names = ("importlib.util.set_loader",)
    helper = Helper("_set_loader", SET_LOADER_SOURCE, ("functools",))


class SetPackage(HelperRule):
    names = ("importlib.util.set_package",)
    helper = Helper("_set_package", SET_PACKAGE_SOURCE, ("functools",))
