"""Find the uses of ``imp`` in one file's source, with ``ast`` (and tokens when it cannot parse).

``ast`` is the fast path: a C parser, about 20 times faster here than building a libcst tree,
which ``fix`` needs and ``scan`` does not. Files that ``ast`` rejects (Python 2 syntax, bad
encoding) are still searched token by token, so their uses are reported, marked approximate.
"""

from __future__ import annotations

import ast
import contextlib
import io
import re
import tokenize
from dataclasses import dataclass, field, replace

from imp_compat._replacements import MODULE_REPLACEMENT, replacement_for

from imp_migrate._legacy_api import find_legacy_uses, may_use_legacy_api
from imp_migrate._patterns import (
    IMPORTLIB_OR_IMP,
    LEGACY_FINDER_LABEL,
    legacy_meta_path_finders,
    may_hold_legacy_finder,
    six_reload_move,
)

WORD_IMP = re.compile(rb"\bimp\b")
"""Every use of imp spells the word ``imp``: files without it need no parse..."""


def worth_parsing(source: bytes) -> bool:
    """...unless they put a legacy finder on ``sys.meta_path`` (see ``rules.legacy_finder``)."""
    return (
        WORD_IMP.search(source) is not None
        or may_hold_legacy_finder(source)
        or may_use_legacy_api(source)  # removed importlib/pkgutil names (_legacy_api)
    )


@dataclass(frozen=True)
class Use:
    """One use of ``imp``: where, which name, what the source says, and the replacement."""

    line: int
    col: int
    """1-based column in characters, as editors count."""
    name: str
    """The ``imp`` name used (``find_module``), or ``imp`` for the module itself."""
    kind: str
    """``import``, ``from-import``, ``attribute``, ``name``, ``dynamic-import``, ``string``,
    ``text`` (a file that does not parse), ``legacy-finder`` (not a use of imp: a class
    that only imp-compat's adapters keep working on 3.12; ``name`` is then its label), or
    ``legacy-api`` (a removed importlib/pkgutil name; ``name`` is its label)."""
    code: str
    replacement: str
    fixable: bool


@dataclass
class FileFindings:
    """What one file holds: its uses, or why it could not be parsed (uses then approximate)."""

    uses: list[Use] = field(default_factory=list)
    error: str | None = None


def find_uses(source: bytes) -> FileFindings:
    """Every use of ``imp`` in ``source``; never raises for bad source."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, UnicodeDecodeError, RecursionError, MemoryError) as error:
        return FileFindings(uses=_find_in_tokens(source), error=_describe(error))
    if not worth_parsing(source):
        return FileFindings()  # parsed only to report whether it parses (scan --parse-all)
    finder = _AstFinder(source.splitlines())
    if WORD_IMP.search(source) is not None:  # else only a removed importlib name brought it here
        finder.collect_bindings(tree)
        finder.visit(tree)
    if may_hold_legacy_finder(source):
        finder.collect_legacy_finders(tree)
    if may_use_legacy_api(source):
        finder.uses.extend(_legacy_uses(tree, finder.lines))
    finder.uses.sort(key=lambda use: (use.line, use.col))
    return FileFindings(uses=finder.uses)


def _legacy_uses(tree: ast.AST, lines: list[bytes]) -> list[Use]:
    """Uses of the removed importlib/pkgutil names (``_legacy_api``), as scan lists them."""
    uses = []
    for use in find_legacy_uses(tree):
        text = lines[use.line - 1] if 0 < use.line <= len(lines) else b""
        col = len(text[: use.col].decode("utf-8", "replace")) + 1
        advice, fixable = use.replacement, use.fixable
        uses.append(Use(use.line, col, use.label, "legacy-api", use.code, advice, fixable))
    return uses


def _describe(error: BaseException) -> str:
    if isinstance(error, SyntaxError):
        where = f" (line {error.lineno})" if error.lineno else ""
        return f"cannot parse: {error.msg}{where}"
    return f"cannot parse: {type(error).__name__}: {error}"


IMPORT_ADVICE = "import importlib (fix removes `import imp` once no use of it is left)"


def _use(line: int, col: int, name: str, kind: str, code: str) -> Use:
    if kind == "import":
        return Use(line, col, name, kind, code, IMPORT_ADVICE, True)
    advice = MODULE_REPLACEMENT if name == "imp" else replacement_for(name)
    return Use(line, col, name, kind, code, advice.replacement, advice.fixable)


class _AstFinder(ast.NodeVisitor):
    def __init__(self, lines: list[bytes]) -> None:
        self.lines = lines
        self.module_names: set[str] = set()
        """Local names bound to the imp module (``import imp as x`` binds ``x``)."""
        self.imported_names: dict[str, str] = {}
        """Local names bound by ``from imp import a as b``: ``{"b": "a"}``."""
        self.uses: list[Use] = []
        self.dynamic_imports: set[int] = set()
        self.six_moves: set[int] = set()
        """``'imp'`` strings in six's MovedAttribute of a function importlib has (fixable)."""

    def _col(self, node: ast.AST) -> tuple[int, int]:
        line: int = node.lineno  # type: ignore[attr-defined]
        offset: int = node.col_offset  # type: ignore[attr-defined]
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else b""
        return line, len(text[:offset].decode("utf-8", "replace")) + 1

    def collect_legacy_finders(self, tree: ast.AST) -> None:
        for finder in legacy_meta_path_finders(tree):
            line, col = self._col(finder)
            code = f"class {finder.name}"
            use = Use(line, col, LEGACY_FINDER_LABEL, "legacy-finder", code, LEGACY_ADVICE, True)
            self.uses.append(use)

    def collect_bindings(self, tree: ast.AST) -> None:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name == "imp":
                        self.module_names.add(alias.asname or "imp")
                        self.uses.append(
                            _use(
                                *self._col(alias), "imp", "import", f"import {_import_text(alias)}"
                            )
                        )
            elif isinstance(node, ast.Assign) and _imports_imp_by_name(node.value):
                # imp = importlib.import_module("imp"): the name is the module from here on
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self.module_names.add(target.id)
            elif isinstance(node, ast.ImportFrom) and node.module == "imp" and not node.level:
                for alias in node.names:
                    if alias.name != "*":
                        self.imported_names[alias.asname or alias.name] = alias.name
                    code = f"from imp import {_import_text(alias)}"
                    self.uses.append(_use(*self._col(alias), alias.name, "from-import", code))

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if isinstance(node.value, ast.Name) and node.value.id in self.module_names:
            code = f"{node.value.id}.{node.attr}"
            self.uses.append(_use(*self._col(node), node.attr, "attribute", code))
            return
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        name = self.imported_names.get(node.id)
        if name is not None:
            self.uses.append(_use(*self._col(node), name, "name", node.id))

    def visit_Call(self, node: ast.Call) -> None:
        if _imports_imp_by_name(node):
            first = node.args[0]
            self.dynamic_imports.add(id(first))
            code = f"{_callee_name(node)}('imp')"
            self.uses.append(_use(*self._col(first), "imp", "dynamic-import", code))
        module = _six_moved_attribute_module(node)
        if module is not None:
            self.six_moves.update(id(sub) for sub in ast.walk(module))
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        """A string ``'imp'`` elsewhere names the module too: ``MovedAttribute(..., 'imp')``."""
        if node.value == "imp" and id(node) not in self.dynamic_imports:
            use = _use(*self._col(node), "imp", "string", "'imp'")
            if id(node) in self.six_moves:
                use = replace(use, replacement=SIX_MOVE_ADVICE, fixable=True)
            self.uses.append(use)


LEGACY_ADVICE = (
    "add find_spec(self, fullname, path, target=None) wrapping find_module's loader in "
    "importlib.util.spec_from_loader (Python 3.12 no longer calls find_module)"
)


SIX_MOVE_ADVICE = "'importlib' (six's MovedAttribute: importlib has the same function)"


def _six_moved_attribute_module(node: ast.Call) -> ast.expr | None:
    """The ``new_mod`` argument of six's ``MovedAttribute`` when fix rewrites it."""
    if any(isinstance(argument, ast.Starred) for argument in node.args):
        return None
    values: list[tuple[str | None, ast.expr]] = [(None, argument) for argument in node.args]
    values += [(keyword.arg, keyword.value) for keyword in node.keywords]
    if any(name is None for name, _ in values[len(node.args) :]):
        return None  # **kwargs
    arguments = [(name, _move_value(value)) for name, value in values]
    index = six_reload_move(_dotted_name(node.func), arguments)
    return None if index is None else values[index][1]


def _move_value(node: ast.expr) -> str | None:
    """The value as ``six_reload_move`` takes it."""
    if isinstance(node, ast.IfExp):
        branches = sorted(str(_string(branch)) for branch in (node.body, node.orelse))
        return IMPORTLIB_OR_IMP if branches == ["imp", "importlib"] else None
    return _string(node)


def _string(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _dotted_name(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return f"{_dotted_name(node.value)}.{node.attr}"
    return node.id if isinstance(node, ast.Name) else ""


def _callee_name(node: ast.Call) -> str:
    callee = node.func
    return callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", "")


def _imports_imp_by_name(node: ast.expr) -> bool:
    """``__import__('imp')``, ``import_module('imp')``, ``import_fresh_module('imp')``..."""
    if not isinstance(node, ast.Call) or not node.args:
        return False
    first = node.args[0]
    is_imp = isinstance(first, ast.Constant) and first.value == "imp"
    return is_imp and "import" in _callee_name(node)


def _import_text(alias: ast.alias) -> str:
    return f"{alias.name} as {alias.asname}" if alias.asname else alias.name


def _find_in_tokens(source: bytes) -> list[Use]:
    """Approximate uses in source that does not parse: ``imp`` name tokens and ``'imp'`` strings."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
        text = source.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError):
        text = source.decode("latin-1")
    tokens: list[tokenize.TokenInfo] = []
    # On a tokenize error, keep the tokens read before it; the lines after it are searched as text.
    with contextlib.suppress(tokenize.TokenError, SyntaxError):
        tokens.extend(tokenize.generate_tokens(io.StringIO(text).readline))
    uses = _uses_from_tokens(tokens)
    last_line = tokens[-1].end[0] if tokens else 0
    for number, line in enumerate(text.splitlines(), start=1):
        if number > last_line:
            for match in re.finditer(r"\bimp\b", line):
                uses.append(_use(number, match.start() + 1, "imp", "text", line.strip()))
    return uses


def _uses_from_tokens(tokens: list[tokenize.TokenInfo]) -> list[Use]:
    """Imports of imp, attribute uses of the names they bind, and ``'imp'`` strings.

    As with ``ast``, ``x.attr`` counts only when an ``import imp [as x]`` binds ``x``: a local
    variable called ``imp`` (``imp = Importer()``) is not the module.
    """
    significant = [t for t in tokens if t.type not in (tokenize.COMMENT, tokenize.NL)]
    uses: list[Use] = []
    aliases: set[str] = set()
    in_import = False
    for index, token in enumerate(significant):
        line, col = token.start[0], token.start[1] + 1
        before = significant[index - 1].string if index else ""
        after = significant[index + 1 : index + 3]
        following = after[0].string if after else ""
        if token.type == tokenize.NEWLINE or token.string == ";":
            in_import = False
        if token.string == "import" and before != "from":
            in_import = True
        if token.type == tokenize.STRING and token.string.strip("'\"bru") == "imp":
            uses.append(_use(line, col, "imp", "string", token.string))
        if token.type != tokenize.NAME or token.string != "imp":
            continue
        if in_import and before in ("import", ",") and following != ".":
            alias = after[1].string if following == "as" and len(after) == 2 else "imp"
            aliases.add(alias)
            uses.append(_use(line, col, "imp", "import", "import imp"))
        elif before == "from" and following == "import":
            uses.append(_use(line, col, "imp", "from-import", "from imp import ..."))
    for index, token in enumerate(significant):
        if token.type != tokenize.NAME or token.string not in aliases:
            continue
        before = significant[index - 1].string if index else ""
        after = significant[index + 1 : index + 3]
        if before in (".", "import", "as") or len(after) < 2 or after[0].string != ".":
            continue
        name = after[1].string
        line, col = token.start[0], token.start[1] + 1
        uses.append(_use(line, col, name, "attribute", f"{token.string}.{name}"))
    uses.sort(key=lambda use: (use.line, use.col))
    return uses
