"""``loader.load_module()`` (removed in 3.15), ``loader.module_repr()`` (3.12): importlib loaders.

``load_module`` was, for every importlib loader, the same shim over the loader's spec: a module
already in ``sys.modules`` is executed again in place (with the spec's ``__spec__``,
``__loader__``, ``__file__``...), a new one is created from the spec, put in ``sys.modules``
while it runs and removed if it fails; file loaders check the name (``SourceFileLoader(name,
path).load_module()`` loads ``name``). The helper does that with ``exec_module``, which every
Python since 3.4 has. (zipimporter's own load_module also dropped a module that failed to
re-execute; the helper keeps it, as the other loaders did.)

``BuiltinImporter.module_repr(m)``/``FrozenImporter.module_repr(m)`` only formatted the name:
the rewrite is the same string. Other loaders' ``module_repr`` is left with a TODO: what it
returned depended on the loader (an ``importlib.abc.Loader`` subclass raised
NotImplementedError), and ``repr(module)`` no longer asks it.
"""

from __future__ import annotations

import libcst as cst

from imp_migrate._legacy_api import BUILTIN, FROZEN, method_refusal
from imp_migrate.rules._base import FileChanges, Helper, Result
from imp_migrate.rules.finder_methods import MethodRule, call_arguments, helper_call

LOAD_MODULE_SOURCE = '''
def _loader_load_module(loader, fullname=None):
    """loader.load_module, removed in Python 3.15 (written by imp-migrate).

    As load_module did, a module already in sys.modules is executed again in place, and a
    new one is in sys.modules while it runs and is removed if that fails.
    """
    if isinstance(loader, (importlib.abc.FileLoader, importlib.machinery.ExtensionFileLoader)):
        if fullname is None:
            fullname = loader.name
        elif fullname != loader.name:
            raise ImportError(f"loader for {loader.name} cannot handle {fullname}", name=fullname)
    spec = importlib.util.spec_from_loader(fullname, loader)
    if fullname in sys.modules:
        module = sys.modules[fullname]
        module.__name__, module.__spec__, module.__loader__ = fullname, spec, loader
        module.__package__ = spec.parent
        if spec.submodule_search_locations is not None:
            module.__path__ = spec.submodule_search_locations
        if spec.has_location:
            module.__file__ = spec.origin
            if spec.cached is not None:
                module.__cached__ = spec.cached
        loader.exec_module(module)
        return sys.modules[fullname]
    module = importlib.util.module_from_spec(spec)
    sys.modules[fullname] = module
    try:
        loader.exec_module(module)
    except BaseException:
        sys.modules.pop(fullname, None)
        raise
    return sys.modules[fullname]
'''

LOAD_MODULE = Helper(
    "_loader_load_module",
    LOAD_MODULE_SOURCE,
    ("importlib.abc", "importlib.machinery", "importlib.util", "sys"),
)

ORIGINS = {BUILTIN: "built-in", FROZEN: "frozen"}


class LoaderLoadModule(MethodRule):
    names = ("<loader>.load_module()",)

    def method_call(self, receiver: str, call: cst.Call, changes: FileChanges) -> Result:
        refused = method_refusal("load_module", receiver, call_arguments(call))  # as scan
        if refused is not None:
            return refused
        return helper_call(LOAD_MODULE, call, changes)


class LoaderModuleRepr(MethodRule):
    names = ("<loader>.module_repr()",)

    def method_call(self, receiver: str, call: cst.Call, changes: FileChanges) -> Result:
        refused = method_refusal("module_repr", receiver, call_arguments(call))  # as scan
        if refused is not None:
            return refused
        module = call.args[0].value
        if not isinstance(module, cst.Name | cst.Attribute | cst.Call | cst.Subscript):
            module = module.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
        template = cst.SimpleString(f'"<module {{!r}} ({ORIGINS[receiver]})>"')
        name = cst.Attribute(value=module, attr=cst.Name("__name__"))
        return cst.Call(
            func=cst.Attribute(value=template, attr=cst.Name("format")), args=[cst.Arg(name)]
        )
