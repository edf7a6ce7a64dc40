"""Opt-in record of every ``imp`` call a running program makes, summarised at exit.

Static scans show where ``imp`` is *written*; this shows which of those paths a real workload
*runs*, so a team can migrate what matters first. ``imp_compat/__init__.py`` imports this
module only when ``IMP_COMPAT_REPORT`` is set or Python runs with ``-X imp_compat_report``, so
the module costs nothing otherwise. The destination is the option's value: ``1``, ``stderr``
or empty prints a table to standard error at exit; anything else is a path that receives the
report as JSON (``{pid}`` in it becomes the process id, for programs that fork).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import json
import os
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from types import CodeType
from typing import Any, TextIO, TypeVar

from imp_compat._replacements import replacement_for

ENV_VAR = "IMP_COMPAT_REPORT"
X_OPTION = "imp_compat_report"
REPORT_VERSION = 1

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_SHIM_FILE = os.path.join(os.path.dirname(_PACKAGE_DIR), "imp.py")
_STDERR_VALUES = frozenset({"", "1", "stderr"})

_F = TypeVar("_F", bound=Callable[..., Any])


class Recorder:
    """Counts calls per (imp name, caller file, caller line); safe to use from many threads."""

    def __init__(self) -> None:
        self.calls: Counter[tuple[str, str, int]] = Counter()
        self._lock = threading.Lock()
        self._wrapped_code: set[CodeType] = set()

    def wrap(self, name: str, function: _F) -> _F:
        """Return ``function`` with the same name, signature and doc, recording each call.

        A call made by imp itself (one ``imp`` function using another) is not counted: the
        user made one call. Code that an ``imp`` function runs (the module ``load_source``
        executes) is the user's, and its calls are counted.
        """
        code = getattr(function, "__code__", None)
        if isinstance(code, CodeType):
            self._wrapped_code.add(code)

        @functools.wraps(function)
        def recorded(*args: Any, **kwargs: Any) -> Any:
            if not self._called_by_imp(sys._getframe(1).f_code):
                self.record(name)
            return function(*args, **kwargs)

        return recorded  # type: ignore[return-value]

    def _called_by_imp(self, code: CodeType) -> bool:
        return code in self._wrapped_code or _is_internal(code.co_filename)

    def record(self, name: str) -> None:
        """Count one call of ``imp.<name>`` against the first caller outside this package."""
        filename, line = _caller_outside_package()
        with self._lock:
            self.calls[(name, filename, line)] += 1

    def entries(self) -> list[dict[str, Any]]:
        """The calls, most frequent first, each with its suggested replacement."""
        with self._lock:
            items = sorted(self.calls.items(), key=lambda item: (-item[1], item[0]))
        result = []
        for (name, filename, line), count in items:
            advice = replacement_for(name)
            result.append(
                {
                    "function": name,
                    "file": filename,
                    "line": line,
                    "count": count,
                    "replacement": advice.replacement,
                    "fixable": advice.fixable,
                }
            )
        return result


def _is_internal(filename: str) -> bool:
    return filename.startswith(_PACKAGE_DIR + os.sep) or filename == _SHIM_FILE


def _caller_outside_package() -> tuple[str, int]:
    frame = sys._getframe(2)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not _is_internal(filename):
            return filename, frame.f_lineno
        frame = frame.f_back  # type: ignore[assignment]
    return "<unknown>", 0


def destination() -> str | None:
    """Where the report goes: ``"stderr"``, a path, or None when reporting is off."""
    value: object = sys._xoptions.get(X_OPTION)
    if value is None:
        value = os.environ.get(ENV_VAR)
    if value is None:
        return None
    if value is True or value in _STDERR_VALUES:
        return "stderr"
    return os.path.abspath(str(value))


def install(
    namespace: MutableMapping[str, Any], target: str | None = None, *, at_exit: bool = True
) -> Recorder:
    """Wrap every public function of ``namespace`` (names in ``__all__``) with a recorder.

    ``NullImporter`` (or any public class) is recorded on construction by wrapping its
    ``__init__`` in place, so ``isinstance`` checks and the class's identity do not change.
    ``target`` defaults to :func:`destination`; the summary is written at interpreter exit
    unless ``at_exit`` is false (then call :func:`write_report` yourself).
    """
    recorder = Recorder()
    for name in namespace.get("__all__", ()):
        value = namespace.get(name)
        if isinstance(value, type):
            _wrap_constructor(recorder, name, value)
        elif callable(value):
            namespace[name] = recorder.wrap(name, value)
    where = target if target is not None else destination()
    if at_exit:
        atexit.register(write_report, recorder, where or "stderr")
    return recorder


def _wrap_constructor(recorder: Recorder, name: str, cls: type) -> None:
    original = cls.__init__  # type: ignore[misc]

    @functools.wraps(original)
    def __init__(self: object, *args: Any, **kwargs: Any) -> None:
        recorder.record(name)
        original(self, *args, **kwargs)

    # A class implemented in C refuses the new __init__: its construction is not recorded.
    with contextlib.suppress(TypeError):
        cls.__init__ = __init__  # type: ignore[misc]


def write_report(recorder: Recorder, where: str) -> None:
    """Print the summary table to stderr, or write the JSON report to the path ``where``."""
    entries = recorder.entries()
    if where == "stderr":
        print_table(entries, sys.stderr)
        return
    path = where.replace("{pid}", str(os.getpid()))
    document = {
        "version": REPORT_VERSION,
        "python": sys.version.split()[0],
        "argv": list(sys.argv),
        "total_calls": sum(entry["count"] for entry in entries),
        "calls": entries,
    }
    try:
        _write_atomically(path, json.dumps(document, indent=2) + "\n")
    except OSError as error:
        print(f"imp_compat: cannot write the imp usage report to {path}: {error}", file=sys.stderr)


def _write_atomically(path: str, text: str) -> None:
    directory = os.path.dirname(path) or "."
    fd, temporary = tempfile.mkstemp(prefix=".imp-report-", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def print_table(entries: Sequence[Mapping[str, Any]], stream: TextIO) -> None:
    """A plain-text summary: one line per call site, most frequent first."""
    total = sum(entry["count"] for entry in entries)
    places = len(entries)
    print(
        f"imp_compat report: {total} call{'s' * (total != 1)} to imp "
        f"from {places} place{'s' * (places != 1)}",
        file=stream,
    )
    if not entries:
        return
    width = max(len(f"imp.{entry['function']}") for entry in entries)
    for entry in entries:
        label = f"imp.{entry['function']}".ljust(width)
        print(
            f"  {entry['count']:>6}  {label}  {entry['file']}:{entry['line']}\n"
            f"          {' ' * width}  -> {entry['replacement']}",
            file=stream,
        )
