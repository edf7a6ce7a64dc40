"""The opt-in runtime report: which imp functions a program calls, from where, at exit."""

from __future__ import annotations

import inspect
import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from imp_compat import _runtime_report
from imp_compat._replacements import REPLACEMENTS

SRC = Path(__file__).resolve().parent.parent / "src"
IS_WASM = sys.platform in ("emscripten", "wasi")
requires_subprocess = pytest.mark.skipif(IS_WASM, reason="no subprocesses under WebAssembly")


def _sample_namespace() -> dict[str, Any]:
    def new_module(name: str, *, flag: bool = False) -> str:
        """Make a module."""
        return f"module {name}"

    def load_source(name: str, pathname: str) -> str:
        """Load a file; uses another public function, as real implementations do."""
        return namespace["new_module"](name)

    def run_user_code(callback: Any) -> Any:
        """Like load_source executing a module: the code it runs belongs to the user."""
        return callback()

    def find_module(name: str) -> None:
        raise ImportError(f"No module named {name!r}", name=name)

    class NullImporter:
        def __init__(self, path: str) -> None:
            self.path = path

    namespace: dict[str, Any] = {
        "__all__": [
            "new_module",
            "load_source",
            "run_user_code",
            "find_module",
            "NullImporter",
            "PY_SOURCE",
        ],
        "new_module": new_module,
        "load_source": load_source,
        "run_user_code": run_user_code,
        "find_module": find_module,
        "NullImporter": NullImporter,
        "PY_SOURCE": 1,
        "_private": new_module,
    }
    return namespace


def test_wrapped_functions_keep_name_doc_signature_and_results() -> None:
    namespace = _sample_namespace()
    original = namespace["new_module"]
    _runtime_report.install(namespace, target="stderr", at_exit=False)
    wrapped = namespace["new_module"]
    assert wrapped is not original
    assert wrapped.__name__ == "new_module"
    assert wrapped.__doc__ == "Make a module."
    assert inspect.signature(wrapped) == inspect.signature(original)
    assert wrapped("x", flag=True) == original("x", flag=True)
    assert namespace["PY_SOURCE"] == 1
    assert namespace["_private"] is original


def test_calls_are_counted_per_caller_line_with_the_shared_replacement() -> None:
    namespace = _sample_namespace()
    recorder = _runtime_report.install(namespace, target="stderr", at_exit=False)
    line = inspect.currentframe().f_lineno + 2  # type: ignore[union-attr]
    for _ in range(3):
        namespace["new_module"]("m")
    entries = recorder.entries()
    assert entries == [
        {
            "function": "new_module",
            "file": __file__,
            "line": line,
            "count": 3,
            "replacement": REPLACEMENTS["new_module"].replacement,
            "fixable": True,
        }
    ]


def test_exceptions_pass_through_and_the_call_is_still_recorded() -> None:
    namespace = _sample_namespace()
    recorder = _runtime_report.install(namespace, target="stderr", at_exit=False)
    with pytest.raises(ImportError, match="No module named 'nowhere'") as caught:
        namespace["find_module"]("nowhere")
    assert caught.value.name == "nowhere"
    assert [(e["function"], e["count"]) for e in recorder.entries()] == [("find_module", 1)]


def test_a_call_made_by_another_imp_function_is_not_counted_twice() -> None:
    namespace = _sample_namespace()
    recorder = _runtime_report.install(namespace, target="stderr", at_exit=False)
    assert namespace["load_source"]("m", "m.py") == "module m"
    assert [e["function"] for e in recorder.entries()] == ["load_source"]


def test_calls_made_by_user_code_that_imp_runs_are_counted() -> None:
    namespace = _sample_namespace()
    recorder = _runtime_report.install(namespace, target="stderr", at_exit=False)
    namespace["run_user_code"](lambda: namespace["new_module"]("inner"))
    assert sorted(e["function"] for e in recorder.entries()) == ["new_module", "run_user_code"]


def test_class_construction_is_recorded_and_the_class_is_unchanged() -> None:
    namespace = _sample_namespace()
    cls = namespace["NullImporter"]
    recorder = _runtime_report.install(namespace, target="stderr", at_exit=False)
    instance = namespace["NullImporter"]("/nowhere")
    assert namespace["NullImporter"] is cls
    assert isinstance(instance, cls)
    assert instance.path == "/nowhere"
    assert [e["function"] for e in recorder.entries()] == ["NullImporter"]


def test_summary_table_lists_each_place() -> None:
    namespace = _sample_namespace()
    recorder = _runtime_report.install(namespace, target="stderr", at_exit=False)
    namespace["new_module"]("a")
    namespace["new_module"]("b")
    out = io.StringIO()
    _runtime_report.print_table(recorder.entries(), out)
    text = out.getvalue()
    assert text.startswith("imp_compat report: 2 calls to imp from 2 places\n")
    assert f"imp.new_module  {__file__}:" in text
    assert "-> types.ModuleType(name)" in text


def test_json_report_is_written_atomically(tmp_path: Path) -> None:
    namespace = _sample_namespace()
    recorder = _runtime_report.install(namespace, target="stderr", at_exit=False)
    namespace["new_module"]("a")
    target = tmp_path / "report-{pid}.json"
    _runtime_report.write_report(recorder, str(target))
    written = tmp_path / f"report-{os.getpid()}.json"
    document = json.loads(written.read_text("utf-8"))
    assert document["total_calls"] == 1
    assert document["calls"][0]["function"] == "new_module"
    assert [p.name for p in tmp_path.iterdir()] == [written.name]


def test_unwritable_destination_is_reported_not_raised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    recorder = _runtime_report.install(_sample_namespace(), target="stderr", at_exit=False)
    _runtime_report.write_report(recorder, str(tmp_path / "missing-dir" / "r.json"))
    assert "cannot write the imp usage report" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("env", "xoption", "expected"),
    [
        (None, None, None),
        ("1", None, "stderr"),
        ("", None, "stderr"),
        ("stderr", None, "stderr"),
        ("out.json", None, "ABS:out.json"),
        (None, True, "stderr"),
        ("1", "x.json", "ABS:x.json"),
    ],
)
def test_destination_from_environment_and_x_option(
    monkeypatch: pytest.MonkeyPatch, env: str | None, xoption: object, expected: str | None
) -> None:
    if env is None:
        monkeypatch.delenv(_runtime_report.ENV_VAR, raising=False)
    else:
        monkeypatch.setenv(_runtime_report.ENV_VAR, env)
    xoptions = dict(sys._xoptions)
    xoptions.pop(_runtime_report.X_OPTION, None)
    if xoption is not None:
        xoptions[_runtime_report.X_OPTION] = xoption
    monkeypatch.setattr(sys, "_xoptions", xoptions)
    if expected is not None and expected.startswith("ABS:"):
        expected = os.path.abspath(expected[4:])
    assert _runtime_report.destination() == expected


APP = textwrap.dedent(
    """\
    import imp_compat as imp
    import sys
    for _ in range(2):
        imp.new_module("a")
    tag = imp.get_tag()
    try:
        imp.find_module("surely_not_a_module_name")
    except ImportError:
        pass
    import pathlib
    pathlib.Path("plugin_mod.py").write_text("import imp_compat\\nimp_compat.get_magic()\\n")
    imp.load_source("plugin_mod", "plugin_mod.py")
    print("ran", tag == sys.implementation.cache_tag)
    """
)


def _run_app(
    tmp_path: Path, env_extra: dict[str, str], *flags: str
) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "app.py"
    script.write_text(APP, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != _runtime_report.ENV_VAR}
    env["PYTHONPATH"] = str(SRC)
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, *flags, str(script)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )


@requires_subprocess
def test_not_enabled_means_not_imported(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != _runtime_report.ENV_VAR}
    env["PYTHONPATH"] = str(SRC)
    code = "import sys, imp_compat; print('imp_compat._runtime_report' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "False"


@requires_subprocess
@pytest.mark.parametrize("how", ["env", "xoption"])
def test_real_module_writes_json_report_at_exit(tmp_path: Path, how: str) -> None:
    report = tmp_path / "report.json"
    if how == "env":
        result = _run_app(tmp_path, {_runtime_report.ENV_VAR: str(report)})
    else:
        result = _run_app(tmp_path, {}, "-X", f"{_runtime_report.X_OPTION}={report}")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ran True\n"
    calls = json.loads(report.read_text("utf-8"))["calls"]
    app = str(tmp_path / "app.py")
    plugin = "plugin_mod.py"  # the module load_source ran: its own call is counted too
    assert [(c["function"], os.path.basename(c["file"]), c["line"], c["count"]) for c in calls] == [
        ("new_module", "app.py", 4, 2),
        ("find_module", "app.py", 7, 1),
        ("get_magic", plugin, 2, 1),
        ("get_tag", "app.py", 5, 1),
        ("load_source", "app.py", 12, 1),
    ]
    assert {c["file"] for c in calls if c["file"].endswith("app.py")} == {app}


@requires_subprocess
def test_real_module_prints_summary_to_stderr(tmp_path: Path) -> None:
    result = _run_app(tmp_path, {_runtime_report.ENV_VAR: "1"})
    assert result.returncode == 0, result.stderr
    assert "imp_compat report: 6 calls to imp from 5 places" in result.stderr
    assert "-> sys.implementation.cache_tag" in result.stderr


def test_replacement_table_covers_every_public_imp_name() -> None:
    import imp_compat

    assert set(REPLACEMENTS) == set(imp_compat.__all__)
    if sys.version_info < (3, 12):  # the real thing: Python 3.11's own imp
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            import imp as stdlib_imp
        if "imp_compat" not in (stdlib_imp.__file__ or ""):
            for name in REPLACEMENTS:
                assert hasattr(stdlib_imp, name), name
