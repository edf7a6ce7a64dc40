"""``imp.load_compiled(name, pathname[, file])`` -> a helper on SourcelessFileLoader.

imp loaded the bytecode file at ``pathname`` (closing ``file`` when given) with the
``sys.modules`` rules of ``load_module``: an existing module is executed again in place, a
fresh one is removed if it fails. The helper builds the spec and hands it to the same spec
loader as a find_module/load_module pair.
"""

from __future__ import annotations

from imp_migrate.rules._base import Helper, HelperRule
from imp_migrate.rules.find_load_pair import LOAD_HELPER

SOURCE = '''
def _imp_load_compiled(name, pathname, file=None):
    """Load a module from a bytecode file as imp.load_compiled did (written by imp-migrate)."""
    if file is not None:
        file.close()
    loader = importlib.machinery.SourcelessFileLoader(name, pathname)
    spec = importlib.util.spec_from_file_location(name, pathname, loader=loader)
    return _imp_load_spec(name, spec)
'''


HELPER = Helper(
    "_imp_load_compiled",
    SOURCE,
    ("importlib.machinery", "importlib.util"),
    requires=(LOAD_HELPER,),
)


class LoadCompiled(HelperRule):
    names = ("load_compiled",)
    helper = HELPER
