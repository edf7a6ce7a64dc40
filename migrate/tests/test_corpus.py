"""The real corpus (tests/corpus: files from five old releases that use imp).

scan must find every line a plain text search for the word ``imp`` finds, except the lines
explained below; fix must turn each file that Python 3 can parse into code that compiles on
Python 3.12 and needs no imp at all. (``test_corpus_behaviour.py`` runs the fixed code.)
"""

from __future__ import annotations

import json
import re
import subprocess
from functools import cache
from pathlib import Path

import pytest
from behaviour import PY311, PY312

from imp_migrate._finder import find_uses
from imp_migrate._fix import FixResult, fix_source

CORPUS = Path(__file__).parent / "corpus"
FILES = sorted(path.relative_to(CORPUS).as_posix() for path in CORPUS.rglob("*.py"))
WORD = re.compile(rb"\bimp\b")

EXPLAINED_MISSES = {
    "Mako-1.0.7/mako/codegen.py": dict.fromkeys([240, 241, 242], "a loop variable named imp"),
    "Yapsy-1.12.2/yapsy/PluginManager.py": {
        132: "`import importlib.abc.Loader as imp` binds another module to the name",
        579: "a comment",
    },
}
"""Lines where the word imp appears but the imp module is not used."""

EXPLAINED_PATTERNS = {
    "nose-1.3.7/functional_tests/test_importer.py": (
        re.compile(
            rb"self\.imp\b|\bimp = self\.imp$|\bimp\.(importFromDir|importFromPath|config)\b"
        ),
        "a local variable imp holding a nose Importer (self.imp), not the module",
    ),
}
"""Files where every line matching the pattern is such a line."""


UNPARSABLE = {  # Python 2 only: scan searches them token by token, fix leaves them alone
    "nose-1.3.7/functional_tests/test_importer.py",
    "nose-1.3.7/unit_tests/mock.py",
}


def test_corpus_is_present_with_licenses() -> None:
    assert len(FILES) == 13
    for release in (
        "Mako-1.0.7/LICENSE",
        "Yapsy-1.12.2/LICENSE.txt",
        "gunicorn-19.9.0/LICENSE",
        "nose-1.3.7/lgpl.txt",
        "boto-2.49.0/PKG-INFO",
    ):
        assert (CORPUS / release).is_file()


@pytest.mark.parametrize("name", FILES)
def test_scan_finds_every_line_a_text_search_finds(name: str) -> None:
    source = (CORPUS / name).read_bytes()
    text_lines = {n for n, line in enumerate(source.splitlines(), 1) if WORD.search(line)}
    findings = find_uses(source)
    scan_lines = {use.line for use in findings.uses}
    explained = set(EXPLAINED_MISSES.get(name, {}))
    if name in EXPLAINED_PATTERNS:
        pattern, _ = EXPLAINED_PATTERNS[name]
        lines = source.splitlines()
        explained |= {n for n in text_lines if pattern.search(lines[n - 1].strip())}
        assert len(explained) == len(text_lines) == 46
    assert text_lines - scan_lines == explained
    assert (findings.error is not None) == (name in UNPARSABLE)
    # Lines scan finds beyond the text search are bare uses of names from `from imp import`,
    # six's find_module-only meta path finder (it needs find_spec once imp is gone), and
    # removed importlib names (Mako's SourceFileLoader(...).load_module(), gone in 3.15).
    for use in findings.uses:
        if use.line not in text_lines:
            assert use.kind in ("name", "legacy-finder", "legacy-api"), use
    finders = [use.code for use in findings.uses if use.kind == "legacy-finder"]
    assert finders == (["class _SixMetaPathImporter"] if name.endswith("six.py") else [])
    legacy = [(use.line, use.code) for use in findings.uses if use.kind == "legacy-api"]
    mako = [(83, "machinery.SourceFileLoader(...).load_module")]
    assert legacy == (mako if name == "Mako-1.0.7/mako/compat.py" else [])


@cache
def _fixed(name: str) -> FixResult:
    return fix_source((CORPUS / name).read_bytes(), name)


@pytest.mark.parametrize("name", FILES)
def test_fix_leaves_no_use_of_imp_and_no_todo(name: str) -> None:
    original = (CORPUS / name).read_bytes()
    result = _fixed(name)
    if name in UNPARSABLE:
        assert result.error is not None and result.fixed == original
        return
    assert result.error is None
    assert result.changed == bool(find_uses(original).uses)  # codegen.py only has a variable imp
    assert result.left_for_humans == []
    assert find_uses(result.fixed).uses == []
    assert b"TODO(imp)" not in result.fixed
    assert fix_source(result.fixed, name).fixed == result.fixed  # a second run changes nothing


@pytest.mark.skipif(PY312 is None, reason="needs a Python >= 3.12 (no imp in its stdlib)")
def test_fixed_corpus_compiles_on_python_312_and_needs_no_imp(
    tmp_path: Path,
) -> None:
    for name in FILES:
        if name not in UNPARSABLE:
            target = tmp_path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_fixed(name).fixed)
    check = (
        "import ast, json, pathlib, sys\n"
        "out = {}\n"
        "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.py')):\n"
        "    src = p.read_bytes()\n"
        "    compile(src, str(p), 'exec')\n"
        "    names = set()\n"
        "    for node in ast.walk(ast.parse(src)):\n"
        "        if isinstance(node, ast.Import):\n"
        "            names |= {a.name for a in node.names}\n"
        "        elif isinstance(node, ast.ImportFrom) and node.module:\n"
        "            names.add(node.module)\n"
        "    out[p.relative_to(sys.argv[1]).as_posix()] = 'imp' in names\n"
        "print(json.dumps(out))\n"
    )
    result = subprocess.run(
        [PY312, "-c", check, str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    imports_imp = json.loads(result.stdout)
    assert imports_imp == dict.fromkeys(set(FILES) - UNPARSABLE, False)


BOTO_DRIVER = """\
import importlib.util, os, sys
spec = importlib.util.spec_from_file_location("boto_plugin", sys.argv[1])
plugin = importlib.util.module_from_spec(spec)
spec.loader.exec_module(plugin)
os.makedirs("plugins", exist_ok=True)
with open("plugins/myplugin.py", "w") as f:
    f.write("import sys\\nVALUE = 42\\nSEEN = __name__ in sys.modules\\n")
first = plugin._import_module(os.path.abspath("plugins/myplugin.py"))
print(first.__name__, first.VALUE, first.SEEN, sys.modules["myplugin"] is first)
print(plugin._import_module(os.path.abspath("plugins/myplugin.py")) is first)
try:
    plugin._import_module(os.path.abspath("plugins/missing.py"))
except ImportError as error:
    print("ImportError", error)
"""


@pytest.mark.skipif(PY312 is None or PY311 is None, reason="needs Python 3.11 and >= 3.12")
def test_fixed_boto_plugin_loader_behaves_on_312_as_the_original_on_311(tmp_path: Path) -> None:
    name = "boto-2.49.0/boto/plugin.py"
    (tmp_path / "original.py").write_bytes((CORPUS / name).read_bytes())
    (tmp_path / "fixed.py").write_bytes(_fixed(name).fixed)
    outputs = []
    for python, module in ((PY311, "original.py"), (PY312, "fixed.py")):
        work = tmp_path / f"run-{module}"
        work.mkdir()
        result = subprocess.run(
            [python, "-W", "ignore", "-c", BOTO_DRIVER, str(tmp_path / module)],
            cwd=work,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0].startswith("myplugin 42 True True\nTrue\nImportError No module named")
