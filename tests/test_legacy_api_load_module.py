"""``load_module()`` on importlib's loaders (removed in 3.15) behaves as on Python 3.14.

Every scenario of ``tests/legacy_api/load_module_scenarios.py`` must observe with imp_compat's
methods exactly what CPython 3.14's own methods observed (``reference_load_module_3_14.json``,
recorded under Pyodide 314.0.7): modules returned and their attributes, exceptions and
messages, warnings (and whether they point at the caller), ``sys.modules`` effects, output.

* On 3.15 the methods come from switching the legacy API on (what users get), and also from
  setting them on exactly 3.14's classes (the methods alone).
* On 3.11-3.14, where the native methods exist (with other warnings before 3.14), imp_compat's
  are put in their place for the test, on 3.14's classes.
* On 3.14 the native methods are run against the reference as well, so that it cannot rot
  (the pyodide-3.14 session does this in CI).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator

import pytest
from legacy_api import load_module_scenarios

from imp_compat import _legacy_api
from imp_compat._legacy_api import _py315

REFERENCE = load_module_scenarios.load_reference()
HAS_NATIVE = sys.version_info < (3, 15)
IS_REFERENCE = sys.version_info[:2] == (3, 14)
_MISSING = object()
# When importlib.abc is imported after the switch, importlib._abc.Loader (imported by it) gets
# its method first, so InspectLoader and ExecutionLoader inherit Loader's instead of defining
# 3.14's _LoaderBasics one: the switch never sets a name a class already reaches. Both call
# exec_module through the same shim, which every InspectLoader has.
_INHERITED_WITH_THE_SWITCH = {
    "InspectLoader": ["inherits", "NoneType", "Loader"],
    "ExecutionLoader": ["inherits", "NoneType", "Loader"],
}


def _triples() -> list[tuple[object, str, object]]:
    """imp_compat's methods with the classes 3.14 defined them on."""
    importlib.import_module("importlib.abc")  # and importlib._abc
    return [
        triple
        for module_name, additions in _py315.TARGETS.items()
        for triple in additions(importlib.import_module(module_name))
    ]


@pytest.fixture
def ours_on_3_14_classes() -> Iterator[None]:
    """imp_compat's load_module methods on 3.14's classes, native ones set aside meanwhile."""
    saved = []
    for owner, name, value in _triples():
        saved.append((owner, name, vars(owner).get(name, _MISSING)))
        setattr(owner, name, value)
    try:
        yield
    finally:
        for owner, name, old in reversed(saved):
            if old is _MISSING:
                delattr(owner, name)
            else:
                setattr(owner, name, old)


def test_reference_covers_every_scenario() -> None:
    assert sorted(REFERENCE) == sorted(load_module_scenarios.SCENARIOS)


@pytest.mark.parametrize("name", sorted(load_module_scenarios.SCENARIOS))
def test_scenario_matches_python_3_14(name: str, ours_on_3_14_classes: None) -> None:
    assert load_module_scenarios.run_scenario(name) == REFERENCE[name]


@pytest.mark.skipif(HAS_NATIVE, reason="the native methods are there before 3.15")
@pytest.mark.parametrize("name", sorted(load_module_scenarios.SCENARIOS))
def test_scenario_matches_python_3_14_switched_on(name: str, legacy_api_on: None) -> None:
    observed = load_module_scenarios.run_scenario(name)
    if name == "method_lookup" and observed != REFERENCE[name]:
        assert observed == {**REFERENCE[name], **_INHERITED_WITH_THE_SWITCH}
    else:
        assert observed == REFERENCE[name]


@pytest.mark.skipif(not IS_REFERENCE, reason="Python 3.14 is the reference")
@pytest.mark.parametrize("name", sorted(load_module_scenarios.SCENARIOS))
def test_reference_is_what_python_3_14_does(name: str) -> None:
    from importlib.machinery import SourceFileLoader

    assert "imp_compat" not in SourceFileLoader.load_module.__module__
    assert load_module_scenarios.run_scenario(name) == REFERENCE[name]


@pytest.mark.skipif(HAS_NATIVE, reason="the native methods are there before 3.15")
def test_missing_until_switched_on() -> None:
    from importlib.machinery import SourceFileLoader

    was_installed = _legacy_api.is_installed()
    _legacy_api.uninstall()
    try:
        for owner, name, _value in _triples():
            assert name not in vars(owner), owner
        assert not hasattr(SourceFileLoader, "load_module")
        _legacy_api.install()
        assert SourceFileLoader.load_module.__module__ == _py315.__name__
        _legacy_api.uninstall()
        assert not hasattr(SourceFileLoader, "load_module")
    finally:
        if was_installed:
            _legacy_api.install()


@pytest.mark.skipif(not HAS_NATIVE, reason="nothing native to keep on 3.15")
def test_switching_on_keeps_the_native_methods(legacy_api_on: None) -> None:
    for owner, name, value in _triples():
        native = vars(owner)[name]
        assert native is not value
        assert "imp_compat" not in getattr(native, "__func__", native).__module__


def test_the_zipimporter_warning_points_at_the_caller(
    ours_on_3_14_classes: None, tmp_path: object
) -> None:
    """zipimporter warned through warnings._deprecated (the caller's line); the others from
    inside importlib (stacklevel 1), as the scenarios record."""
    import warnings
    import zipfile
    import zipimport
    from pathlib import Path

    archive = Path(str(tmp_path)) / "z.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("lapi_zwarn.py", "")
    importer = zipimport.zipimporter(str(archive))
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            line = sys._getframe().f_lineno + 1
            importer.load_module("lapi_zwarn")
    finally:
        sys.modules.pop("lapi_zwarn", None)
    assert [(w.category, w.filename, w.lineno) for w in caught] == [
        (DeprecationWarning, __file__, line)
    ]
