"""imp.cache_from_source and imp.source_from_cache: PEP 3147/488 paths, prefixes, errors."""

from __future__ import annotations

import importlib.util
import os
import pathlib
import sys
import warnings
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

TAG = sys.implementation.cache_tag


@pytest.fixture
def no_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ignore a PYTHONPYCACHEPREFIX of the environment running the tests."""
    monkeypatch.setattr(sys, "pycache_prefix", None)


# --- cache_from_source -------------------------------------------------------------------------


@pytest.mark.usefixtures("no_prefix")
@pytest.mark.parametrize(
    ("source", "cached"),
    [
        ("/a/b.py", f"/a/__pycache__/b.{TAG}.pyc"),
        ("/a/b.pyw", f"/a/__pycache__/b.{TAG}.pyc"),
        ("/a/b.c.py", f"/a/__pycache__/b.c.{TAG}.pyc"),
        ("b.py", f"__pycache__/b.{TAG}.pyc"),
        ("/a/b", f"/a/__pycache__/b{TAG}.pyc"),
        ("/a/.hidden.py", f"/a/__pycache__/.hidden.{TAG}.pyc"),
        ("/a/__pycache__/b.py", f"/a/__pycache__/__pycache__/b.{TAG}.pyc"),
    ],
)
def test_cache_from_source(imp: ModuleType, source: str, cached: str) -> None:
    result = imp.cache_from_source(source)
    assert type(result) is str
    assert result == cached


@pytest.mark.usefixtures("no_prefix")
def test_cache_from_source_accepts_pathlike(imp: ModuleType) -> None:
    assert imp.cache_from_source(pathlib.PurePosixPath("/a/b.py")) == f"/a/__pycache__/b.{TAG}.pyc"


@pytest.mark.usefixtures("no_prefix")
def test_debug_override(imp: ModuleType) -> None:
    assert imp.cache_from_source("/a/b.py", True) == f"/a/__pycache__/b.{TAG}.pyc"
    assert imp.cache_from_source("/a/b.py", False) == f"/a/__pycache__/b.{TAG}.opt-1.pyc"
    assert imp.cache_from_source("/a/b.py", debug_override=False) == (
        f"/a/__pycache__/b.{TAG}.opt-1.pyc"
    )
    assert imp.cache_from_source("/a/b.py", None) == imp.cache_from_source("/a/b.py")
    # any object is taken for its truth value
    assert imp.cache_from_source("/a/b.py", 0) == f"/a/__pycache__/b.{TAG}.opt-1.pyc"
    assert imp.cache_from_source("/a/b.py", [1]) == f"/a/__pycache__/b.{TAG}.pyc"


@pytest.mark.usefixtures("no_prefix")
def test_debug_override_does_not_warn(imp: ModuleType) -> None:
    # importlib.util.cache_from_source warns about debug_override; imp's wrapper does not.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        imp.cache_from_source("/a/b.py", False)
        imp.cache_from_source("/a/b.py", True)


def test_debug_override_leaves_warning_filters_alone(imp: ModuleType) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        before = list(warnings.filters)
        imp.cache_from_source("/a/b.py", False)
        assert warnings.filters == before


@pytest.mark.usefixtures("no_prefix")
def test_default_follows_the_interpreters_optimisation(imp: ModuleType) -> None:
    expected = "" if not sys.flags.optimize else f".opt-{sys.flags.optimize}"
    assert imp.cache_from_source("/a/b.py") == f"/a/__pycache__/b.{TAG}{expected}.pyc"


def test_pycache_prefix(imp: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "pycache_prefix", "/cache")
    assert imp.cache_from_source("/a/b.py") == f"/cache/a/b.{TAG}.pyc"


@pytest.mark.parametrize(
    ("arg", "error", "message"),
    [
        (None, TypeError, "expected str, bytes or os.PathLike object, not NoneType"),
        (1, TypeError, "expected str, bytes or os.PathLike object, not int"),
        (b"/a/b.py", TypeError, "argument should be integer or bytes-like object, not 'str'"),
    ],
    ids=["None", "int", "bytes"],
)
def test_cache_from_source_bad_argument(
    imp: ModuleType, arg: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as info:
        imp.cache_from_source(arg)
    assert str(info.value) == message


def test_cache_from_source_without_cache_tag(
    imp: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.implementation, "cache_tag", None)
    with pytest.raises(NotImplementedError) as info:
        imp.cache_from_source("/a/b.py")
    assert str(info.value) == "sys.implementation.cache_tag is None"


@pytest.mark.usefixtures("no_prefix")
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    directory=st.lists(
        st.text(st.characters(blacklist_characters="/\0", codec="utf-8"), min_size=1, max_size=8),
        max_size=3,
    ),
    stem=st.text(st.characters(blacklist_characters="/\0", codec="utf-8"), min_size=1,
                 max_size=12),
    suffix=st.sampled_from([".py", ".pyw", ""]),
    debug=st.sampled_from([None, True, False]),
)
def test_cache_from_source_agrees_with_importlib(
    imp: ModuleType, directory: list[str], stem: str, suffix: str, debug: bool | None
) -> None:
    path = "/" + "/".join([*directory, stem + suffix])
    optimization = None if debug is None else ("" if debug else 1)
    assert imp.cache_from_source(path, debug) == importlib.util.cache_from_source(
        path, optimization=optimization
    )


# --- source_from_cache -------------------------------------------------------------------------


@pytest.mark.usefixtures("no_prefix")
@pytest.mark.parametrize(
    ("cached", "source"),
    [
        (f"/a/__pycache__/b.{TAG}.pyc", "/a/b.py"),
        (f"/a/__pycache__/b.{TAG}.opt-1.pyc", "/a/b.py"),
        (f"/a/__pycache__/b.{TAG}.opt-2.pyc", "/a/b.py"),
        ("/a/__pycache__/b.cpython-39.pyc", "/a/b.py"),
        ("/a/__pycache__/b.anything.pyc", "/a/b.py"),
        (f"__pycache__/b.{TAG}.pyc", "b.py"),
        (f"/a/__pycache__/b.{TAG}.pyo", "/a/b.py"),
        # a quirk kept from 3.11: at the root the leading separator is lost
        (f"/__pycache__/b.{TAG}.pyc", "b.py"),
    ],
)
def test_source_from_cache(imp: ModuleType, cached: str, source: str) -> None:
    result = imp.source_from_cache(cached)
    assert type(result) is str
    assert result == source


@pytest.mark.usefixtures("no_prefix")
def test_source_from_cache_accepts_pathlike(imp: ModuleType) -> None:
    assert imp.source_from_cache(pathlib.PurePosixPath(f"/a/__pycache__/b.{TAG}.pyc")) == "/a/b.py"


@pytest.mark.usefixtures("no_prefix")
@pytest.mark.parametrize(
    ("cached", "message"),
    [
        (f"/a/b.{TAG}.pyc", f"__pycache__ not bottom-level directory in '/a/b.{TAG}.pyc'"),
        (f"/a/__pycache__/x/b.{TAG}.pyc",
         f"__pycache__ not bottom-level directory in '/a/__pycache__/x/b.{TAG}.pyc'"),
        ("/a/__pycache__/b.pyc", "expected only 2 or 3 dots in 'b.pyc'"),
        ("/a/__pycache__/b.w.x.y.pyc", "expected only 2 or 3 dots in 'b.w.x.y.pyc'"),
        (f"/a/__pycache__/b.{TAG}.xx-1.pyc",
         "optimization portion of filename does not start with 'opt-'"),
        (f"/a/__pycache__/b.{TAG}.opt-.pyc",
         "optimization level 'opt-' is not an alphanumeric value"),
        (f"/a/__pycache__/b.{TAG}.opt-1!.pyc",
         "optimization level 'opt-1!' is not an alphanumeric value"),
    ],
)
def test_source_from_cache_rejects_non_pep3147_paths(
    imp: ModuleType, cached: str, message: str
) -> None:
    with pytest.raises(ValueError) as info:
        imp.source_from_cache(cached)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("arg", "message"),
    [
        (None, "expected str, bytes or os.PathLike object, not NoneType"),
        (b"/a/__pycache__/b.x.pyc", "argument should be integer or bytes-like object, not 'str'"),
    ],
    ids=["None", "bytes"],
)
def test_source_from_cache_bad_argument(imp: ModuleType, arg: object, message: str) -> None:
    with pytest.raises(TypeError) as info:
        imp.source_from_cache(arg)
    assert str(info.value) == message


def test_source_from_cache_without_cache_tag(
    imp: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.implementation, "cache_tag", None)
    with pytest.raises(NotImplementedError) as info:
        imp.source_from_cache(f"/a/__pycache__/b.{TAG}.pyc")
    assert str(info.value) == "sys.implementation.cache_tag is None"


def test_source_from_cache_with_pycache_prefix(
    imp: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "pycache_prefix", "/cache")
    assert imp.source_from_cache(f"/cache/a/b.{TAG}.pyc") == "/a/b.py"
    # outside the prefix the __pycache__ rules apply again
    assert imp.source_from_cache(f"/a/__pycache__/b.{TAG}.pyc") == "/a/b.py"


@pytest.mark.usefixtures("no_prefix")
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    directory=st.lists(
        st.from_regex(r"[A-Za-z0-9_ -]{1,8}", fullmatch=True), min_size=1, max_size=3
    ),
    stem=st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,10}", fullmatch=True),
    debug=st.sampled_from([None, True, False]),
)
def test_round_trip(imp: ModuleType, directory: list[str], stem: str, debug: bool | None) -> None:
    source = os.path.join("/", *directory, stem + ".py")
    assert imp.source_from_cache(imp.cache_from_source(source, debug)) == source
