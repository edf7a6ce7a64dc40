"""``imp.load_compiled(name, pathname[, file])`` -> a helper on SourcelessFileLoader.

imp loaded the bytecode file at ``pathname`` (closing ``file`` when given) with the
``sys.modules`` rules of ``load_module``: an existing module is executed again in place, a
fresh one is removed if it fails. The helper builds the spec and hands it to the same spec
loader as a find_module/load_module pair.
"""

from __future__ import annotations

from imp_migrate.rules import load_module
from imp_migrate.rules._base import FileChanges, Result, Rule, expression

HELPER_NAME = "_imp_load_compiled"
HELPER = '''
def _imp_load_compiled(name, pathname, file=None):
    """Load a module from a bytecode file as imp.load_compiled did (written by imp-migrate)."""
    if file is not None:
        file.close()
    loader = importlib.machinery.SourcelessFileLoader(name, pathname)
    spec = importlib.util.spec_from_file_location(name, pathname, loader=loader)
    return _imp_load_spec(name, spec)
'''


class LoadCompiled(Rule):
    names = ("load_compiled",)

    def reference(self, name: str, changes: FileChanges) -> Result:
        refused = load_module.add_helpers(changes) or changes.add_helper(
            HELPER_NAME, HELPER, imports=load_module.HELPER_IMPORTS
        )
        return refused if refused else expression(HELPER_NAME)
