"""scan: every kind of use found with its position, bad files reported, CLI contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from imp_migrate._cli import main
from imp_migrate._finder import find_uses
from imp_migrate._fix import fix_source
from imp_migrate._report import to_json

SAMPLE = textwrap.dedent(
    """\
    import os, imp
    import imp as legacy
    from imp import find_module as fm, PY_SOURCE
    import importlib

    def load(name):
        f = fm(name)
        return legacy.load_module(name, *f), imp.get_tag(), PY_SOURCE

    mod = __import__('imp')
    other = importlib.import_module("imp")
    moved = ("reload_module", "__builtin__", "imp", "reload")
    # imp.reload in a comment is not a use
    text = "imp.reload in a string is not a use"
    """
)


def _summary(source: str) -> list[tuple[int, int, str, str]]:
    return [(u.line, u.col, u.name, u.kind) for u in find_uses(source.encode()).uses]


def test_every_kind_of_use_is_found_with_its_position() -> None:
    assert _summary(SAMPLE) == [
        (1, 12, "imp", "import"),
        (2, 8, "imp", "import"),
        (3, 17, "find_module", "from-import"),
        (3, 36, "PY_SOURCE", "from-import"),
        (7, 9, "find_module", "name"),
        (8, 12, "load_module", "attribute"),
        (8, 42, "get_tag", "attribute"),
        (8, 57, "PY_SOURCE", "name"),
        (10, 18, "imp", "dynamic-import"),
        (11, 33, "imp", "dynamic-import"),
        (12, 42, "imp", "mention"),
    ]


def test_replacements_come_from_the_shared_table() -> None:
    from imp_migrate._replacements import REPLACEMENTS

    uses = {u.name: u for u in find_uses(SAMPLE.encode()).uses}
    assert uses["get_tag"].replacement == REPLACEMENTS["get_tag"].replacement
    assert uses["get_tag"].fixable is True
    assert uses["load_module"].fixable is True
    assert uses["imp"].fixable is False  # the tuple below is not six's MovedAttribute
    assert uses["imp"].kind == "mention"  # nor any other place that names a module


def test_six_moved_reload_is_fixable_and_other_imp_strings_are_not() -> None:
    source = (
        "a = MovedAttribute('reload_module', '__builtin__', 'imp', 'reload')\n"
        "b = six.MovedAttribute('reload_module', '__builtin__', 'importlib' if X else 'imp',"
        " 'reload')\n"
        "c = MovedAttribute('find', '__builtin__', 'imp', 'find_module')\n"
        "d = MovedModule('imp', 'imp')\n"
    )
    found = [(use.line, use.fixable) for use in find_uses(source.encode()).uses]
    assert found == [(1, True), (2, True), (3, False), (4, False), (4, False)]


def test_another_module_imported_as_imp_is_not_a_use() -> None:
    source = "import importlib.abc as imp\nimp.Loader\nfor imp in range(3): print(imp)\n"
    assert _summary(source) == []


def test_module_bound_by_a_dynamic_import_is_followed() -> None:
    source = "from test.support import import_helper\nimp = import_helper.import_module('imp')\n"
    source += "imp.find_module('os')\n"
    assert _summary(source) == [
        (2, 35, "imp", "dynamic-import"),
        (3, 1, "find_module", "attribute"),
    ]


def test_columns_count_characters_not_bytes() -> None:
    assert _summary("é = 'ü'; import imp\n") == [(1, 17, "imp", "import")]


def test_python2_file_is_reported_and_still_searched() -> None:
    findings = find_uses(b"import imp\nprint 'hello'\nm = imp.new_module('x')\n")
    assert findings.error is not None and findings.error.startswith("cannot parse")
    assert [(u.line, u.name) for u in findings.uses] == [(1, "imp"), (3, "new_module")]


def test_undecodable_file_is_reported_not_raised() -> None:
    findings = find_uses(b"# -*- coding: utf-8 -*-\nimport imp\nx = '\xff\xfe'\n")
    assert findings.error is not None
    assert [(u.line, u.kind) for u in findings.uses] == [(2, "import")]


def _tree(tmp_path: Path) -> Path:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "uses.py").write_text("import imp\nimp.reload(imp)\n")
    (tmp_path / "pkg" / "clean.py").write_text("import importlib\n")
    (tmp_path / "pkg" / "py2.py").write_text("import imp\nprint 'x'\n")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "skipped.py").write_text("import imp\n")
    return tmp_path


def test_cli_text_output_and_exit_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(_tree(tmp_path))
    assert main(["scan", "pkg"]) == 1
    out = capsys.readouterr().out
    assert "pkg/uses.py\n  1:8       import imp" in out
    assert "imp.reload" in out and "importlib.reload(module)" in out
    assert "pkg/py2.py  [cannot parse: Missing parentheses" in out
    assert "skipped" not in out
    assert "  2:12      imp                          [manual] -> importlib" in out
    assert out.rstrip().endswith(
        "4 uses of imp in 2 files; 3 files scanned; 1 could not be parsed or read (listed above)"
    )
    assert main(["scan", "pkg/clean.py"]) == 0
    assert capsys.readouterr().out == "0 uses of imp in 0 files; 1 files scanned\n"


def test_cli_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _tree(tmp_path)
    assert main(["scan", "--format", "json", str(tmp_path / "pkg")]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["use_count"] == 4  # import imp, imp.reload, imp as a module object, py2.py
    assert document["files_scanned"] == 3
    assert document["summary"]["by_function"]["imp.reload"] == {
        "uses": 1,
        "fixable": True,
        "fixable_uses": 1,
    }
    assert [e["path"].rsplit(os.sep, 1)[1] for e in document["errors"]] == ["py2.py"]
    first = document["uses"][0]
    assert {k: first[k] for k in ("line", "col", "name", "kind", "approximate")} == {
        "line": 1,
        "col": 8,
        "name": "imp",
        "kind": "import",
        "approximate": True,
    }


def test_cli_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(tmp_path / "missing")]) == 2
    assert "no such file or directory" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(["scan"])
    assert exited.value.code == 2


def test_parallel_scan_equals_serial_scan(tmp_path: Path) -> None:
    from imp_migrate._files import files_under
    from imp_migrate._scan import scan

    for index in range(300):
        body = "import imp\nimp.get_tag()\n" if index % 7 == 0 else "x = 1\n"
        (tmp_path / f"m{index:03}.py").write_text(body)
    files = list(files_under([str(tmp_path)]))
    serial, parallel = scan(files, jobs=1), scan(files, jobs=2)
    assert to_json(serial) == to_json(parallel)
    assert serial.use_count == 2 * 43


def test_installed_scans_each_distribution(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "oldpkg").mkdir(parents=True)
    (site / "oldpkg" / "__init__.py").write_text("import imp\nimp.load_source('a', 'b')\n")
    dist_info = site / "oldpkg-1.0.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: oldpkg\nVersion: 1.0\n")
    (dist_info / "RECORD").write_text("oldpkg/__init__.py,,\noldpkg-1.0.dist-info/METADATA,,\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), *sys.path])}
    result = subprocess.run(
        [sys.executable, "-m", "imp_migrate", "scan", "--installed", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    ours = [use for use in document["uses"] if use["group"] == "oldpkg"]
    assert [(u["line"], u["name"]) for u in ours] == [(1, "imp"), (2, "load_source")]
    assert document["summary"]["by_group"]["oldpkg"] == {"uses": 2}


def test_help_reads_well() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "imp_migrate", "scan", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "usage: imp-migrate scan" in result.stdout
    assert "exit status:" in result.stdout and "--installed" in result.stdout


def test_summary_counts_the_uses_fix_rewrites_when_only_some_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "vendored_six.py"
    path.write_text(
        "a = MovedAttribute('reload_module', '__builtin__', 'imp', 'reload')\n"
        "b = MovedModule('imp_module', 'imp')\n"
    )
    assert main(["scan", "--no-progress", str(path)]) == 1
    assert "'imp' string      2      1  1 auto\n" in capsys.readouterr().out
    assert main(["scan", "--format", "json", str(path)]) == 1
    summary = json.loads(capsys.readouterr().out)["summary"]["by_function"]["'imp' string"]
    assert summary == {"uses": 2, "fixable": False, "fixable_uses": 1}


def test_a_find_module_only_meta_path_finder_is_listed_even_without_imp() -> None:
    source = textwrap.dedent(
        """\
        import sys

        class Finder:
            def find_module(self, fullname, path=None):
                return None

        class PathEntryFinder:
            def find_module(self, fullname):
                return None

        class Modern:
            def find_spec(self, fullname, path, target=None):
                return None

            def find_module(self, fullname, path=None):
                return None

        sys.meta_path.append(Finder())
        """
    )
    uses = find_uses(source.encode()).uses
    assert [(u.line, u.name, u.kind, u.code, u.fixable) for u in uses] == [
        (3, "meta path finder", "legacy-finder", "class Finder", True)
    ]
    assert find_uses(source.replace("sys.meta_path.append", "print").encode()).uses == []


def test_scan_never_imports_libcst(tmp_path: Path) -> None:
    """libcst costs about 0.1 s per process; scan (and each of its workers) must not pay it."""
    (tmp_path / "uses.py").write_text("import imp\nimp.reload(imp)\nimport sys\nsys.meta_path\n")
    code = (
        "import sys\n"
        "from imp_migrate._cli import main\n"
        "status = main(['scan', '--no-progress', '--format', 'json', sys.argv[1]])\n"
        "print('libcst' in sys.modules, status)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "False 1"


def test_only_finders_put_on_meta_path_count_not_any_class_in_such_a_module() -> None:
    source = textwrap.dedent(
        """\
        import sys

        class PathEntryFinder:  # like pkgutil.ImpImporter: a path hook, same signature
            def find_module(self, fullname, path=None):
                return None

        class SixImporter:
            def find_module(self, fullname, path=None):
                return None

        def iter_importers():
            yield from sys.meta_path

        _importer = SixImporter()
        sys.meta_path.append(_importer)
        """
    )
    assert [use.code for use in find_uses(source.encode()).uses] == ["class SixImporter"]
    fixed = fix_source(source.encode()).fixed.decode()
    assert fixed.count("def find_spec(") == 1
    assert fixed.index("def find_spec(") > fixed.index("class SixImporter")
