"""``imp.load_source(name, path[, file])`` -> a helper with importlib's recipe, added once.

Python 3.11 created the module from a spec, put it in ``sys.modules`` *before* executing it
(so the module can import itself), removed it again if execution failed, and re-executed an
existing module of that name in place. The helper does the same with public importlib APIs.
"""

from __future__ import annotations

from imp_migrate.rules._base import Helper, HelperRule

SOURCE = '''
def _imp_load_source(name, pathname, file=None):
    """Load a module from a source file as imp.load_source did (written by imp-migrate)."""
    loader = importlib.machinery.SourceFileLoader(name, pathname)
    spec = importlib.util.spec_from_file_location(name, pathname, loader=loader)
    module = sys.modules.get(name)
    fresh = module is None
    if fresh:
        module = importlib.util.module_from_spec(spec)
    else:
        module.__spec__, module.__loader__, module.__file__ = spec, loader, pathname
    sys.modules[name] = module
    try:
        if file is None:
            loader.exec_module(module)
        else:
            with file:
                source = file.read()
            exec(compile(source, pathname, "exec", dont_inherit=True), module.__dict__)
    except BaseException:
        if fresh:
            sys.modules.pop(name, None)
        raise
    return sys.modules[name]
'''


HELPER = Helper("_imp_load_source", SOURCE, ("importlib.machinery", "importlib.util", "sys"))


class LoadSource(HelperRule):
    names = ("load_source",)
    helper = HELPER
