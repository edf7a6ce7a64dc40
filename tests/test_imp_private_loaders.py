"""3.11's private loader classes of ``imp``: ``_HackedGetData``, ``_LoadSourceCompatibility``,
``_LoadCompiledCompatibility`` (what ``load_source``/``load_compiled`` used, and what 3.11's own
``test_imp`` calls). On 3.11 ours are compared with the standard library's; on 3.12+ the
top-level ``imp`` provides them, lazily.
"""

from __future__ import annotations

import importlib.machinery
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import HAS_STDLIB_IMP, _stdlib_imp, requires_subprocess

from imp_compat import _file_loaders

NAMES = ("_HackedGetData", "_LoadSourceCompatibility", "_LoadCompiledCompatibility")
SOURCES = ["imp_compat"] + (["stdlib"] if HAS_STDLIB_IMP else [])


@pytest.fixture(params=SOURCES)
def classes(request: pytest.FixtureRequest) -> ModuleType:
    """Where the classes live: imp_compat, and on 3.11 the standard library's imp too."""
    return _stdlib_imp() if request.param == "stdlib" else _file_loaders  # type: ignore[no-any-return]


def test_class_layout_is_311s(classes: ModuleType) -> None:
    mro = {name: [c.__name__ for c in getattr(classes, name).__mro__] for name in NAMES}
    assert mro == {
        "_HackedGetData": ["_HackedGetData", "object"],
        "_LoadSourceCompatibility": [
            "_LoadSourceCompatibility", "_HackedGetData", "SourceFileLoader", "FileLoader",
            "SourceLoader", "_LoaderBasics", "object",
        ],
        "_LoadCompiledCompatibility": [
            "_LoadCompiledCompatibility", "_HackedGetData", "SourcelessFileLoader",
            "FileLoader", "_LoaderBasics", "object",
        ],
    }


def _observe_get_data(classes: ModuleType, tmp_path: Path, mode: str, close_first: bool) -> Any:
    path = tmp_path / "m.py"
    path.write_bytes(b"x = 1\r\n")
    other = tmp_path / "other.py"
    other.write_bytes(b"other")
    file = open(path, mode)  # noqa: SIM115 - the loader closes it
    if close_first:
        file.close()
    loader = classes._LoadSourceCompatibility("m", str(path), file)
    first = loader.get_data(str(path))
    after_first = [loader.file is file, loader.file.closed, getattr(loader.file, "mode", None)]
    second = loader.get_data(str(path))  # issue 18755: a second call reopens the file
    third = loader.get_data(str(other))  # another path: read from disk, file untouched
    return [first, after_first, second, loader.file.closed, third, file.closed]


@pytest.mark.parametrize("mode", ["r", "rb"])
@pytest.mark.parametrize("close_first", [False, True])
def test_get_data_serves_the_callers_file(
    classes: ModuleType, tmp_path: Path, mode: str, close_first: bool
) -> None:
    observed = _observe_get_data(classes, tmp_path, mode, close_first)
    if HAS_STDLIB_IMP:  # the reference: the standard library's classes, same calls
        reference_dir = tmp_path / "reference"
        reference_dir.mkdir()
        assert observed == _observe_get_data(_stdlib_imp(), reference_dir, mode, close_first)
    assert observed[0] == observed[2] == b"x = 1\r\n"
    assert observed[4] == b"other"


def test_without_a_file_it_is_a_plain_loader(classes: ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_bytes(b"y = 2\n")
    loader = classes._LoadSourceCompatibility("m", str(path))
    assert loader.file is None
    assert loader.get_data(str(path)) == b"y = 2\n"
    compiled = classes._LoadCompiledCompatibility("m", str(path))
    assert isinstance(compiled, importlib.machinery.SourcelessFileLoader)


@pytest.mark.skipif(HAS_STDLIB_IMP, reason="on 3.11 imp is the standard library's")
def test_top_level_imp_provides_them() -> None:
    import imp

    for name in NAMES:
        assert getattr(imp, name) is getattr(_file_loaders, name)
        assert name not in imp.__all__


@requires_subprocess
@pytest.mark.skipif(HAS_STDLIB_IMP, reason="on 3.11 imp is the standard library's")
def test_import_imp_does_not_load_them() -> None:
    code = (
        "import sys, imp\n"
        "assert 'imp_compat._file_loaders' not in sys.modules, 'loaded by import imp'\n"
        "imp._LoadSourceCompatibility\n"
        "assert 'imp_compat._file_loaders' in sys.modules\n"
    )
    # The defaults: legacy hooks and API switched on by import imp.
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMP_COMPAT_")}
    done = subprocess.run(
        [sys.executable, "-W", "ignore::DeprecationWarning", "-c", code],
        capture_output=True, text=True, env=env, check=False, timeout=60,
    )
    assert done.returncode == 0, done.stderr
