"""Run a sequence of steps against one ``imp`` implementation and record what happened.

Both implementations drive the real import system, so each run gets an isolated world:
``sys.modules``, ``sys.path``, ``sys.path_importer_cache``, ``sys.meta_path`` and
``sys.path_hooks`` are saved before and restored after, the import lock is released if the
run left it held, and the run works on its own fresh copy of the tree.
"""

from __future__ import annotations

import _imp
import contextlib
import dataclasses
import importlib
import importlib.machinery
import io
import os
import pathlib
import shutil
import sys
import types
import warnings
from collections.abc import Iterator
from typing import Any

from .calls import (
    Call,
    Lit,
    LoadFound,
    ModuleRef,
    NullImporterFind,
    Open,
    Path,
    PrependToSysPath,
    Seq,
    Spec,
    Step,
    World,
)
from .normalise import Normaliser
from .trees import MTIME, PYC_SUFFIX, Tree, write_tree


def _belongs_to_run(name: str, module: object, root: str, names: set[str]) -> bool:
    """Whether a module that appeared during a run was made by it (and must go), rather than
    imported lazily by an implementation or the standard library (and must stay: removing,
    say, ``imp_compat._finding`` would make the next run load a second copy of it)."""
    if name in names or name.split(".")[0] in names:
        return True
    origin = getattr(module, "__file__", None)
    return isinstance(origin, str) and origin.startswith(root)


@contextlib.contextmanager
def isolated_world(entries: list[str], root: str, names: set[str]) -> Iterator[None]:
    """Put ``entries`` first on ``sys.path``; undo every change to the import state after:
    modules the run made (``names``, or files below ``root``) leave ``sys.modules``, the
    modules it replaced come back."""
    modules = dict(sys.modules)
    path = list(sys.path)
    importer_cache = dict(sys.path_importer_cache)
    meta_path = list(sys.meta_path)
    path_hooks = list(sys.path_hooks)
    dont_write_bytecode = sys.dont_write_bytecode
    sys.dont_write_bytecode = False
    sys.path[:0] = entries
    importlib.invalidate_caches()
    try:
        yield
    finally:
        for _ in range(100):  # the run may have left the import lock held
            try:
                _imp.release_lock()
            except RuntimeError:
                break
        for name, module in list(sys.modules.items()):
            if name not in modules and _belongs_to_run(name, module, root, names):
                del sys.modules[name]
        for name, module in modules.items():
            if sys.modules.get(name) is not module:
                sys.modules[name] = module
        sys.path[:] = path
        sys.path_importer_cache.clear()
        sys.path_importer_cache.update(importer_cache)
        sys.meta_path[:] = meta_path
        sys.path_hooks[:] = path_hooks
        sys.dont_write_bytecode = dont_write_bytecode
        importlib.invalidate_caches()


def _names_in(step: Any) -> set[str]:
    """Every str literal in a step: the module names it may create."""
    if isinstance(step, Lit):
        return {step.value} if isinstance(step.value, str) else set()
    if dataclasses.is_dataclass(step):
        found: set[str] = set()
        for field in dataclasses.fields(step):
            value = getattr(step, field.name)
            for item in value if isinstance(value, tuple) else (value,):
                found |= _names_in(item)
        return found
    return set()


class _Unavailable(Exception):
    """An argument refers to something an earlier step did not produce."""


class Run:
    """One implementation's run of one scenario; :attr:`record` is what is compared."""

    def __init__(
        self, imp: types.ModuleType, tree: Tree, steps: list[Step], root: str
    ) -> None:
        self.imp = imp
        self.root = root
        self.tree = tree
        interesting = {*tree.module_names(), "dt_a", "dt_b", "dt_p", "dt_missing", "xxlimited",
                       "__hello__", "__hello_alias__", "__phello__", "__phello__.spam",
                       "__phello__.ham", "__hello_only__", "zipimport", "marshal", "_thread",
                       "_warnings", "_imp"}
        for step in steps:
            interesting.update(_names_in(step))
        self.normalise = Normaliser(root, interesting)
        self.modules_before = dict(sys.modules)
        self.found: list[Any] = []
        self.modules: list[types.ModuleType] = []
        self.files: list[io.IOBase] = []
        self.record: list[Any] = []

    # -- arguments --
    def resolve(self, arg: Any) -> Any:
        if isinstance(arg, Lit):
            return arg.value
        if isinstance(arg, Path):
            text = os.path.join(self.root, arg.rel) if arg.rel else self.root
            if arg.flavour == "bytes":
                return os.fsencode(text)
            return pathlib.Path(text) if arg.flavour == "pathlib" else text
        if isinstance(arg, Seq):
            items = [self.resolve(item) for item in arg.items]
            return items if arg.container == "list" else tuple(items)
        if isinstance(arg, Open):
            path = os.path.join(self.root, arg.rel)
            file: io.IOBase
            if arg.mode == "StringIO":
                with open(path, encoding="utf-8", errors="replace") as source:
                    file = io.StringIO(source.read())
            elif arg.mode == "BytesIO":
                with open(path, "rb") as source:
                    file = io.BytesIO(source.read())
            else:
                file = open(path, arg.mode)  # noqa: SIM115
            self.files.append(file)
            if arg.closed:
                file.close()
            return file
        if isinstance(arg, Spec):
            origin = os.path.join(self.root, arg.rel)
            return importlib.machinery.ModuleSpec(arg.name, None, origin=origin)
        if isinstance(arg, ModuleRef):
            if not self.modules:
                return None
            return self.modules[arg.index % len(self.modules)]
        raise TypeError(f"unknown argument {arg!r}")

    # -- steps --
    def invoke(self, step: Step) -> Any:
        """Make the call ``step`` describes; return what it returned."""
        if isinstance(step, Call):
            args = [self.resolve(arg) for arg in step.args]
            count = len(args) - len(step.keywords)
            keywords = dict(zip(step.keywords, args[count:], strict=True))
            return getattr(self.imp, step.func)(*args[:count], **keywords)
        if isinstance(step, LoadFound):
            found = self.found[step.find]
            if not (isinstance(found, tuple) and len(found) == 3):
                raise _Unavailable(f"find_module #{step.find} returned no triple")
            file, filename, (suffix, mode, type_) = found
            if step.replace is not None:
                part, value = step.replace
                if part == "file":
                    file = value
                elif part == "mode":
                    mode = value
                else:
                    type_ = value
            return self.imp.load_module(self.resolve(step.name), file, filename,
                                        (suffix, mode, type_))
        if isinstance(step, NullImporterFind):
            importer = self.imp.NullImporter(self.resolve(step.path))
            return importer, importer.find_module(self.resolve(step.name))
        raise TypeError(f"unknown step {step!r}")

    def change_world(self, step: World) -> Any:
        if step.action == "forget":
            return sys.modules.pop(step.target, None) is not None
        if step.action == "poison":
            sys.modules[step.target] = None  # type: ignore[assignment]
            return "done"
        path = os.path.join(self.root, step.target)
        if not os.path.isfile(path):
            return "no such file"
        if step.action == "remove":
            os.remove(path)
        else:
            # A new file in its place, not the old one truncated: an extension module loaded
            # from it is mapped into memory, and truncating it would crash the process.
            with open(path + ".new", "wb") as file:
                file.write(step.data)
            os.utime(path + ".new", (MTIME + 10, MTIME + 10))
            os.replace(path + ".new", path)
        importlib.invalidate_caches()
        return "done"

    def step(self, step: Step) -> None:
        if isinstance(step, PrependToSysPath):
            sys.path.insert(0, self.resolve(step.entry))
            self.record.append(("sys.path", "prepended"))
            return
        if isinstance(step, World):
            self.record.append(("world", self.change_world(step)))
            return
        stdout = io.StringIO()
        with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(stdout):
            warnings.simplefilter("always")
            try:
                value = self.invoke(step)
            except _Unavailable as exc:
                outcome: Any = ("unavailable", str(exc))
                value = None
            except Exception as exc:
                outcome = ("raised", self.normalise.exception(exc))
                value = None
            else:
                outcome = ("returned", self.normalise(value))
        for descriptor in (0, 1, 2):
            try:
                os.fstat(descriptor)
            except OSError:
                raise RuntimeError(f"{step.render()} closed file descriptor {descriptor}: the "
                                   "harness must not pass a live descriptor") from None
        if isinstance(step, Call) and step.func == "find_module":
            self.found.append(value)
        self._remember(value)
        self.record.append((
            outcome,
            ("stdout", stdout.getvalue()),
            ("warnings", [(w.category.__qualname__, self.normalise.text(str(w.message)))
                          for w in caught]),
            ("lock_held", _imp.lock_held()),
        ))

    def _remember(self, value: Any) -> None:
        """Keep returned modules (for ``reload``) and files (to be checked at the end)."""
        if isinstance(value, types.ModuleType):
            self.modules.append(value)
        elif isinstance(value, io.IOBase):
            self.files.append(value)
        elif isinstance(value, tuple):
            for item in value:
                self._remember(item)

    def finish(self) -> None:
        """Record the state the run left: files, ``sys.modules``, the tree on disk."""
        self.record.append(("files at the end", [self.normalise.file_final(f) for f in self.files]))
        self.record.append(("sys.modules at the end", [
            (name, "unchanged" if self.modules_before.get(name) is module
             else self.normalise(module))
            for name, module in list(sys.modules.items()) if name in self.normalise.interesting
        ]))
        self.record.append(("tree at the end", self.listing()))

    def listing(self) -> list[Any]:
        """Every path below the root; for ``.pyc`` files also their 16-byte header."""
        entries = []
        for folder, dirs, files in os.walk(self.root):
            dirs.sort()
            for name in sorted(files) + [d + "/" for d in dirs]:
                path = os.path.join(folder, name.rstrip("/"))
                rel = os.path.relpath(path, self.root)
                if name.endswith(PYC_SUFFIX):
                    with open(path, "rb") as file:
                        entries.append((rel, file.read(16).hex()))
                else:
                    entries.append((rel, None))
        return entries


def run(imp: types.ModuleType, tree: Tree, steps: list[Step], root: str) -> list[Any]:
    """Write ``tree`` at ``root``, take ``steps`` with ``imp`` in an isolated world, remove
    the tree; return the record."""
    write_tree(tree, root)
    try:
        current = Run(imp, tree, steps, root)
        entries = [os.path.join(root, entry) for entry in tree.entries]
        with isolated_world(entries, root, current.normalise.interesting):
            try:
                for step in steps:
                    current.step(step)
            finally:
                current.finish()
        return current.record
    finally:
        shutil.rmtree(os.path.dirname(root), ignore_errors=True)
