"""Only real uses count: a string 'imp' that names no module is a note, never a TODO."""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

import pytest
from behaviour import PY312

from imp_migrate._cli import main
from imp_migrate._finder import find_uses
from imp_migrate._fix import fix_source

MENTIONS = [
    "from unittest.mock import Mock\nm = Mock(name='imp')\n",
    "results = {}\nresults['imp'] = 1\nprint(results['imp'])\n",
    "DEPRECATED = {'imp', 'asyncore', 'distutils'}\n",
    "FIXES = ['imp', 'print']\nfixer_names = ['lib2to3.fixes.fix_' + n for n in FIXES]\n",
    "if name == 'imp':\n    warn(name)\n",
    "__import__('os', fromlist=['imp'])\n",
]

REFERENCES = [
    ("import importlib\nm = importlib.import_module('imp')\n", "dynamic-import"),
    ("m = __import__('imp')\n", "dynamic-import"),
    ("import sys\nm = sys.modules['imp']\n", "string"),
    ("import sys\nm = sys.modules.get('imp')\n", "string"),
    ("import sys\nm = sys.modules.pop('imp', None)\n", "string"),
    ("import sys\nloaded = 'imp' in sys.modules\n", "string"),
    ("import sys\nfresh = 'imp' not in sys.modules\n", "string"),
    ("import pkgutil\nloader = pkgutil.find_loader('imp')\n", "string"),
    ("import importlib.util\nspec = importlib.util.find_spec('imp')\n", "string"),
    ("moves = [MovedModule('imp_module', 'imp')]\n", "string"),
    ("moves = [MovedAttribute('find', '__builtin__', 'imp', 'find_module')]\n", "string"),
]


@pytest.mark.parametrize("source", MENTIONS)
def test_a_mention_is_a_note_and_fix_leaves_the_file_alone(
    source: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    uses = find_uses(source.encode()).uses
    assert uses and all((u.kind, u.fixable, u.reason) == ("mention", False, None) for u in uses)
    result = fix_source(source.encode())
    assert result.fixed == source.encode() and result.changes == []
    path = tmp_path / "mentions.py"
    path.write_text(source)
    assert main(["scan", "--no-progress", str(path)]) == 0
    out = capsys.readouterr().out
    assert "[note] -> nothing: a string, not a reference to the module" in out
    assert out.splitlines()[-1].startswith("0 uses of imp in 0 files; 1 files scanned; ")
    assert out.rstrip().endswith(" of 'imp' (notes, not uses)")
    assert main(["fix", str(path)]) == 0
    assert path.read_text() == source


@pytest.mark.parametrize(("source", "kind"), REFERENCES)
def test_a_string_that_names_the_module_stays_a_use(
    source: str, kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # pkgutil.find_loader is itself removed (3.14): a use of its own, rewritten (_legacy_api)
    removed = [u.name for u in find_uses(source.encode()).uses if u.kind == "legacy-api"]
    assert removed == (["pkgutil.find_loader"] if "pkgutil" in source else [])
    [use] = [u for u in find_uses(source.encode()).uses if u.kind != "legacy-api"]
    assert (use.kind, use.fixable) == (kind, False)
    result = fix_source(source.encode())
    changes = [change for change in result.changes if change.name not in removed]
    assert [change.rewritten for change in changes] == [False]
    assert b"# TODO(imp): imp is " in result.fixed
    path = tmp_path / "references.py"
    path.write_text(source)
    assert main(["scan", "--no-progress", str(path)]) == 1
    assert main(["fix", str(path)]) == 1
    capsys.readouterr()


def test_json_counts_mentions_apart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "both.py"
    path.write_text("import sys\nsys.modules.pop('imp')\nm = Mock(name='imp')\n")
    assert main(["scan", "--format", "json", str(path)]) == 1
    document = json.loads(capsys.readouterr().out)
    assert (document["use_count"], document["mention_count"]) == (1, 1)
    assert [(u["line"], u["kind"], u["fixable"]) for u in document["uses"]] == [
        (2, "string", False),
        (3, "mention", False),
    ]
    assert list(document["summary"]["by_function"]) == ["'imp' string"]


def test_files_that_do_not_parse_tell_mentions_apart_too() -> None:
    source = (
        b"print 'py2'\nm = Mock(name='imp')\nx = sys.modules['imp']\n"
        b"importlib.import_module('imp')\n"
    )
    findings = find_uses(source)
    assert findings.error is not None
    assert [(u.line, u.kind) for u in findings.uses] == [
        (2, "mention"),
        (3, "string"),
        (4, "dynamic-import"),
    ]


REBOUND = [
    "try:\n    import __builtin__\n    reload = __builtin__.reload\n"
    "except ImportError:\n    from imp import reload\n",
    "try:\n    from __builtin__ import reload\nexcept ImportError:\n    from imp import reload\n",
    "import builtins\ntry:\n    reload = builtins.reload\n"
    "except AttributeError:\n    from imp import reload\n",
]


@pytest.mark.parametrize("fallback", REBOUND, ids=["assigned", "from-import", "builtins"])
def test_python_2_builtin_reload_is_the_same_function_not_a_use(
    fallback: str, tmp_path: Path
) -> None:
    source = fallback + "import os\nprint(reload(os) is os)\n"
    uses = find_uses(source.encode()).uses
    assert [(u.name, u.kind, u.fixable) for u in uses] == [
        ("reload", "from-import", True),
        ("reload", "name", True),
    ]
    result = fix_source(source.encode())
    assert result.left_for_humans == []
    fixed = result.fixed.decode()
    assert "from imp" not in fixed and "print(importlib.reload(os) is os)" in fixed
    assert find_uses(result.fixed).uses == []
    if PY312:  # runs where no imp exists
        (tmp_path / "fixed.py").write_text(fixed)
        ran = subprocess.run(
            [PY312, str(tmp_path / "fixed.py")], capture_output=True, text=True, check=False
        )
        assert (ran.returncode, ran.stdout) == (0, "True\n"), ran.stderr


def test_a_def_of_the_same_name_is_still_another_binding() -> None:
    source = textwrap.dedent(
        """\
        try:
            from imp import reload
        except ImportError:
            def reload(module):
                return module
        reload(m)
        """
    )
    uses = find_uses(source.encode()).uses
    assert [(u.kind, u.fixable, u.reason is not None) for u in uses] == [
        ("from-import", False, True),
        ("name", False, False),
    ]
    assert [c.rewritten for c in fix_source(source.encode()).changes] == [False]
