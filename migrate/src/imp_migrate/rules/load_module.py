"""``imp.load_module(name, file, pathname, description)`` alone -> a helper on importlib.

Outside a recognisable find_module pair the description is imp's ``(suffix, mode, type)``
triple, often written by hand (``("py", "r", imp.PKG_DIRECTORY)``). The helper turns it into
the matching importlib loader and spec, then loads the spec as imp did: an existing module of
that name is executed again in place (extension modules excepted: imp made a new one), a fresh
one is in ``sys.modules`` while it runs and is removed if it fails. imp read sources and
bytecode from ``pathname`` and closed ``file``.
"""

from __future__ import annotations

from imp_migrate.rules._base import Helper, HelperRule
from imp_migrate.rules.find_load_pair import LOAD_HELPER

SOURCE = '''
def _imp_load_module(name, file, pathname, description):
    """Load a module as imp.load_module did, from a (suffix, mode, type) description.

    Types are imp's codes: 1 source, 2 bytecode, 3 extension, 5 package, 6 built-in,
    7 frozen (written by imp-migrate).
    """
    suffix, mode, kind = description
    if mode and (not mode.startswith("r") or "+" in mode):
        raise ValueError(f"invalid file open mode {mode!r}")
    if file is None and kind in (1, 2):
        raise ValueError(f"file object required for import (type code {kind})")
    machinery = importlib.machinery
    if kind in (1, 2):
        file.close()
        loader_type = machinery.SourceFileLoader if kind == 1 else machinery.SourcelessFileLoader
        loader = loader_type(name, pathname)
        spec = importlib.util.spec_from_file_location(name, pathname, loader=loader)
    elif kind == 3:  # imp made a new module each time, without __file__
        loader = machinery.ExtensionFileLoader(name, pathname)
        spec = machinery.ModuleSpec(name, loader, origin=pathname)
        sys.modules.pop(name, None)
    elif kind == 5:
        if os.path.isdir(pathname):
            for init_suffix in machinery.SOURCE_SUFFIXES + machinery.BYTECODE_SUFFIXES:
                init = os.path.join(pathname, "__init__" + init_suffix)
                if os.path.exists(init):
                    pathname = init
                    break
            else:
                raise ValueError(f"{pathname!r} is not a package")
        spec = importlib.util.spec_from_file_location(
            name, pathname, submodule_search_locations=[]
        )
    elif kind in (6, 7):
        finder = machinery.BuiltinImporter if kind == 6 else machinery.FrozenImporter
        spec = finder.find_spec(name)
        if spec is None:
            return None  # as imp did for an unknown built-in or frozen name
    else:
        raise ImportError(f"Don't know how to import {name} (type code {kind})", name=name)
    return _imp_load_spec(name, spec)
'''


HELPER = Helper(
    "_imp_load_module",
    SOURCE,
    ("importlib.machinery", "importlib.util", "os", "sys"),
    requires=(LOAD_HELPER,),
)


class LoadModule(HelperRule):
    names = ("load_module",)
    helper = HELPER
