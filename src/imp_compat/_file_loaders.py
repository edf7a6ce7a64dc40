"""Loaders that honour the open file object passed to ``load_source``/``load_compiled``.

The old API hands over a file that ``find_module`` opened. Python 3.11 read the module's
bytes from that file (reopening it in binary mode when it was opened as text) and closed it;
other paths, such as the ``.pyc`` cache next to a source file, are read from disk as usual.
The classes keep 3.11's names because code running inside a module being loaded can see them
as ``type(__loader__).__name__``, and 3.11's own ``test_imp`` uses them as ``imp._HackedGetData``
and the like (``imp.py`` exposes them lazily under those names).
"""

from importlib.machinery import SourceFileLoader, SourcelessFileLoader

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds to import; annotations are never evaluated
    from typing import IO, Any

__all__ = ["_HackedGetData", "_LoadCompiledCompatibility", "_LoadSourceCompatibility"]


class _HackedGetData:
    """Serve ``get_data(self.path)`` from the caller's file object (a mixin, as in 3.11)."""

    path: str

    def __init__(self, fullname: str, path: str, file: "IO[Any] | None" = None) -> None:
        super().__init__(fullname, path)  # type: ignore[call-arg]
        self.file = file

    def get_data(self, path: str) -> bytes:
        if not (self.file and path == self.path):
            return super().get_data(path)  # type: ignore[misc, no-any-return]
        file = self.file
        if not file.closed and "b" not in file.mode:
            file.close()  # get_data must return bytes: reopen text files in binary mode
        if file.closed:
            file = self.file = open(self.path, "rb")  # noqa: SIM115 - closed just below
        with file:
            data: bytes = file.read()
            return data


class _LoadSourceCompatibility(_HackedGetData, SourceFileLoader):  # type: ignore[misc]
    """Source loader for ``load_source(name, path, file)``."""


class _LoadCompiledCompatibility(_HackedGetData, SourcelessFileLoader):
    """Bytecode loader for ``load_compiled(name, path, file)``."""
