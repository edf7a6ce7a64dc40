"""``imp.find_module(name[, path])`` alone -> a helper that returns imp's own triple.

When the triple does more than travel to ``load_module`` (the file is read, the description's
type is compared), importlib has no single equivalent: a spec is not an open file. The helper
repeats imp's search (packages first, then extension, source and bytecode suffixes, in each
directory of ``path`` or ``sys.path``) and returns ``(file, pathname, (suffix, mode, type))``
exactly as imp did, so the code around it keeps working unchanged.
"""

from __future__ import annotations

from imp_migrate.rules import get_suffixes
from imp_migrate.rules._base import Helper, HelperRule

SOURCE = '''
def _imp_find_module(name, path=None):
    """Find a module as imp.find_module did: (open file or None, pathname, description).

    The description is imp's (suffix, mode, type) triple, with imp's type codes: 1 source,
    2 bytecode, 3 extension, 5 package, 6 built-in, 7 frozen (written by imp-migrate).
    """
    if path is None:
        if name in sys.builtin_module_names:
            return None, None, ("", "", 6)
        if importlib.machinery.FrozenImporter.find_spec(name) is not None:
            return None, None, ("", "", 7)
        path = sys.path
    for entry in path:
        package = os.path.join(entry, name)
        for suffix in (".py", importlib.machinery.BYTECODE_SUFFIXES[0]):
            if os.path.isfile(os.path.join(package, "__init__" + suffix)):
                return None, package, ("", "", 5)
        for suffix, mode, kind in _imp_get_suffixes():
            pathname = os.path.join(entry, name + suffix)
            if not os.path.isfile(pathname):
                continue
            encoding = None
            if mode == "r":
                with open(pathname, "rb") as raw:
                    encoding = tokenize.detect_encoding(raw.readline)[0]
            return open(pathname, mode, encoding=encoding), pathname, (suffix, mode, kind)
    raise ImportError(f"No module named {name!r}", name=name)
'''


HELPER = Helper(
    "_imp_find_module",
    SOURCE,
    ("importlib.machinery", "os", "sys", "tokenize"),
    requires=(get_suffixes.HELPER,),
)


class FindModule(HelperRule):
    names = ("find_module",)
    helper = HELPER
