"""The fixed corpus behaves as the original: run the code that used imp, compare what it does.

Each script in ``corpus_exercises/`` drives the imp-using code of one corpus module (module
attributes, values returned, which file ran, sys.modules, exception types) and prints a JSON
report. It runs, each time in a fresh empty working directory, on a copy of the corpus tree:

1. the ORIGINAL files on Python 3.11, whose stdlib imp is the reference; every imp function
   is counted there, to prove the exercise reaches the imp calls it is about;
2. the FIXED files (``fix_source``) on Python 3.12, where ``import imp`` must fail;
3. the FIXED files on Python 3.11, where imp exists but must not be imported;
4. (a bonus for imp_compat) the ORIGINAL files on 3.12 with this project's imp.

The results must be equal. Interpreters run with ``-S`` (no site-packages: no imp from
anywhere but the stdlib) and without PYTHONPATH (except run 4).

Modules of the corpus packages that are not in the corpus are replaced by the small stubs in
``STUBS`` (none of them is on an imp path); data files the corpus code reads come, unmodified,
from ``corpus_support/``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from behaviour import PROJECT_SRC, PY311, PY312

from imp_migrate._fix import fix_source

TESTS = Path(__file__).parent
CORPUS = TESTS / "corpus"
SUPPORT = TESTS / "corpus_support"
EXERCISES_DIR = TESTS / "corpus_exercises"

@dataclass(frozen=True)
class Exercise:
    files: tuple[str, ...]
    """Corpus files (relative to corpus/) whose imp use the exercise drives."""
    imp_calls: frozenset[str]
    """imp functions the original code must call during the exercise (at least these)."""


EXERCISES = {
    "mako_compat": Exercise(("Mako-1.0.7/mako/compat.py",), frozenset({"load_source"})),
    "boto_plugin": Exercise(
        ("boto-2.49.0/boto/plugin.py",), frozenset({"find_module", "load_module"})
    ),
    "boto_launch_ami": Exercise(
        ("boto-2.49.0/boto/pyami/launch_ami.py",), frozenset({"find_module"})
    ),
    "boto_six": Exercise(("boto-2.49.0/boto/vendored/six.py",), frozenset({"reload"})),
    "gunicorn_six": Exercise(("gunicorn-19.9.0/gunicorn/six.py",), frozenset({"reload"})),
    "gunicorn_compat": Exercise(
        ("gunicorn-19.9.0/gunicorn/_compat.py", "gunicorn-19.9.0/gunicorn/six.py"),
        frozenset({"find_module"}),
    ),
    "nose_importer": Exercise(
        ("nose-1.3.7/nose/importer.py",),
        frozenset({"find_module", "load_module", "acquire_lock", "release_lock"}),
    ),
    "nose_noname_wrapper": Exercise(
        ("nose-1.3.7/unit_tests/support/doctest/noname_wrapper.py",), frozenset({"load_source"})
    ),
    "yapsy_plugin_manager": Exercise(
        ("Yapsy-1.12.2/yapsy/PluginManager.py",), frozenset({"load_module"})
    ),
}

NOT_EXERCISED = {
    "Mako-1.0.7/mako/codegen.py": "does not use the imp module (a loop variable named imp)",
    "nose-1.3.7/unit_tests/test_utils.py": (
        "imp.new_module in a test of nose.util.try_run; nose's sdist is Python 2 source (2to3 "
        "ran at install), so nose.util cannot be imported unmodified"
    ),
    "nose-1.3.7/functional_tests/test_importer.py": "Python 2 only (fix leaves it alone)",
    "nose-1.3.7/unit_tests/mock.py": "Python 2 only (fix leaves it alone)",
}
"""Corpus files no exercise runs, and why."""

FIXED_FILES = sorted({name for exercise in EXERCISES.values() for name in exercise.files})

STUBS = {
    "Mako-1.0.7/mako/__init__.py": "",
    "boto-2.49.0/boto/__init__.py": "",
    "boto-2.49.0/boto/pyami/__init__.py": "",
    "gunicorn-19.9.0/gunicorn/__init__.py": "",
    "nose-1.3.7/nose/__init__.py": "",
    "nose-1.3.7/nose/config.py": (  # the defaults of nose's Config that the Importer reads
        "class Config(object):\n"
        "    addPaths = True\n"
        "    firstPackageWins = False\n"
        "    srcDirs = ('lib', 'src')\n"
    ),
    # Yapsy's own modules import distutils (gone in 3.12); PluginManager needs only names.
    "Yapsy-1.12.2/yapsy/__init__.py": (
        "import logging\n"
        "log = logging.getLogger('yapsy')\n"
        "PLUGIN_NAME_FORBIDEN_STRING = ';;'\n"
        "def NormalizePluginNameForModuleName(pluginName):\n"
        "    return pluginName\n"
    ),
    "Yapsy-1.12.2/yapsy/IPlugin.py": "class IPlugin(object):\n    pass\n",
    "Yapsy-1.12.2/yapsy/IPluginLocator.py": "class IPluginLocator(object):\n    pass\n",
    "Yapsy-1.12.2/yapsy/PluginFileLocator.py": (
        "class PluginFileAnalyzerWithInfoFile(object):\n    pass\n"
        "class PluginFileLocator(object):\n    pass\n"
    ),
    "Yapsy-1.12.2/yapsy/PluginInfo.py": "class PluginInfo(object):\n    pass\n",
    "Yapsy-1.12.2/yapsy/PluginManagerDecorator.py": (
        "class PluginManagerDecorator(object):\n    pass\n"
    ),
}
"""Stand-ins for package files that are not in the corpus (their real ones pull in much
more, and none of them uses imp on the paths exercised)."""


@cache
def _fixed(name: str) -> bytes:
    result = fix_source((CORPUS / name).read_bytes(), name)
    assert result.error is None, result.error
    return result.fixed


def _build_tree(root: Path, fixed: bool) -> Path:
    """A copy of the corpus (original or fixed files), the support files and the stubs."""
    shutil.copytree(CORPUS, root, ignore=shutil.ignore_patterns("__pycache__", "README.md"))
    shutil.copytree(SUPPORT, root, dirs_exist_ok=True)
    for name, text in STUBS.items():
        assert not (root / name).exists(), f"a stub must not replace a real file: {name}"
        (root / name).write_text(text, encoding="utf-8")
    if fixed:
        for name in FIXED_FILES:
            (root / name).write_bytes(_fixed(name))
    return root


@dataclass(frozen=True)
class Run:
    result: Any
    imp_calls: dict[str, int] | None
    imp_in_sys_modules: bool
    imp_importable: bool


def _process(
    python: str,
    exercise: str,
    tree: Path,
    work: Path,
    *,
    trace: bool = False,
    pythonpath: str | None = None,
) -> subprocess.CompletedProcess[str]:
    work.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "IMP_", "CORPUS_"))}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    if trace:
        env["CORPUS_TRACE_IMP"] = "1"
    script = EXERCISES_DIR / f"exercise_{exercise}.py"
    # -S: no site-packages. -X frozen_modules=on: which stdlib modules are frozen is part of
    # what imp.find_module reports, so it must not depend on how each Python was built.
    options = ["-S", "-X", "frozen_modules=on", "-W", "ignore::DeprecationWarning"]
    return subprocess.run(
        [python, *options, str(script), str(tree)],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def _run(python: str, exercise: str, tree: Path, work: Path, **options: Any) -> Run:
    """Run an exercise; its report, failing on a non-zero exit."""
    completed = _process(python, exercise, tree, work, **options)
    assert completed.returncode == 0, f"{python} {exercise} failed:\n{completed.stderr}"
    return Run(**json.loads(completed.stdout))


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("corpus-behaviour")
    return {
        "original": _build_tree(base / "original", fixed=False),
        "fixed": _build_tree(base / "fixed", fixed=True),
    }


_references: dict[tuple[str, Path], Run] = {}


def _reference(exercise: str, trees: dict[str, Path]) -> Run:
    """The original files on Python 3.11 (stdlib imp), imp calls counted; run once."""
    key = (exercise, trees["original"])
    if key not in _references:
        assert PY311 is not None
        work = trees["original"].parent / "work" / f"{exercise}-reference"
        _references[key] = _run(PY311, exercise, trees["original"], work, trace=True)
    return _references[key]


def _differences(expected: Any, actual: Any, where: str = "result") -> list[str]:
    """Where two JSON results differ, one line per differing leaf (readable failures)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        lines = []
        for key in sorted(set(expected) | set(actual)):
            lines += _differences(
                expected.get(key, "<absent>"), actual.get(key, "<absent>"), f"{where}[{key!r}]"
            )
        return lines
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        lines = []
        for index, (left, right) in enumerate(zip(expected, actual, strict=True)):
            lines += _differences(left, right, f"{where}[{index}]")
        return lines
    if expected == actual:
        return []
    return [f"{where}: original on 3.11 {expected!r}, this run {actual!r}"]


def _assert_same_behaviour(reference: Run, fixed: Run) -> None:
    differences = _differences(reference.result, fixed.result)
    assert not differences, "\n".join(differences)
    assert fixed.result == reference.result


needs_311 = pytest.mark.skipif(PY311 is None, reason="needs Python 3.11 (stdlib imp)")
needs_312 = pytest.mark.skipif(
    PY312 is None, reason="needs a Python >= 3.12 (no imp in its stdlib)"
)


def test_every_exercise_is_registered_and_every_corpus_file_exercised_or_explained() -> None:
    scripts = {path.stem.removeprefix("exercise_") for path in EXERCISES_DIR.glob("exercise_*")}
    assert scripts == set(EXERCISES)
    covered = {name for exercise in EXERCISES.values() for name in exercise.files}
    corpus = {path.relative_to(CORPUS).as_posix() for path in CORPUS.rglob("*.py")}
    assert covered <= corpus
    assert corpus - covered == set(NOT_EXERCISED), "each corpus file: an exercise or a reason"


@needs_311
@pytest.mark.parametrize("exercise", list(EXERCISES))
def test_reference_run_reaches_the_imp_calls(exercise: str, trees: dict[str, Path]) -> None:
    reference = _reference(exercise, trees)
    assert reference.result, "the exercise must report what it observed"
    assert reference.imp_calls is not None
    missing = EXERCISES[exercise].imp_calls - set(reference.imp_calls)
    assert not missing, f"the original code never called imp.{sorted(missing)}"


@needs_311
@needs_312
@pytest.mark.parametrize("exercise", list(EXERCISES))
def test_fixed_files_on_312_without_imp_behave_as_the_original(
    exercise: str, trees: dict[str, Path]
) -> None:
    assert PY312 is not None
    work = trees["fixed"].parent / "work" / f"{exercise}-fixed-312"
    fixed = _run(PY312, exercise, trees["fixed"], work)
    assert not fixed.imp_importable, "Python 3.12 must have no imp to import"
    _assert_same_behaviour(_reference(exercise, trees), fixed)


@needs_311
@pytest.mark.parametrize("exercise", list(EXERCISES))
def test_fixed_files_on_311_do_not_need_imp_and_behave_as_the_original(
    exercise: str, trees: dict[str, Path]
) -> None:
    assert PY311 is not None
    work = trees["fixed"].parent / "work" / f"{exercise}-fixed-311"
    fixed = _run(PY311, exercise, trees["fixed"], work)
    assert fixed.imp_importable, "3.11 still has its stdlib imp"
    assert not fixed.imp_in_sys_modules, "the fixed code imported imp"
    _assert_same_behaviour(_reference(exercise, trees), fixed)


@needs_311
@needs_312
@pytest.mark.parametrize("exercise", list(EXERCISES))
def test_original_files_on_312_with_this_projects_imp_behave_as_on_311(
    exercise: str, trees: dict[str, Path]
) -> None:
    """Not fix's job, but the same exercises also hold imp_compat to the stdlib imp."""
    assert PY312 is not None
    work = trees["original"].parent / "work" / f"{exercise}-imp-compat-312"
    run = _run(PY312, exercise, trees["original"], work, trace=True, pythonpath=str(PROJECT_SRC))
    assert run.imp_calls is not None
    assert EXERCISES[exercise].imp_calls <= set(run.imp_calls)
    _assert_same_behaviour(_reference(exercise, trees), run)
