"""Sequences of ``imp`` calls, as plain data, and the hypothesis strategies that generate them.

Arguments are symbolic (:class:`Path` is "this file of the tree", :class:`FoundTriple` is
"what the n-th ``find_module`` returned") and are only resolved into real objects by the
runner, in each implementation's own world; :func:`render` turns a tree and a sequence into
a readable transcript (Python-like calls), the reproducer printed when the implementations
disagree.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import strategies as st

from .trees import (
    EXT_SUFFIX,
    MODULE_NAMES,
    PYC_SUFFIX,
    REAL_EXTENSION,
    SUBMODULE_NAMES,
    Tree,
    sources,
)

# --- symbolic arguments --------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Lit:
    """A literal value."""

    value: Any

    def render(self) -> str:
        return repr(self.value)


@dataclasses.dataclass(frozen=True)
class Path:
    """A path below the tree's root, as ``str``, ``bytes`` or ``pathlib.Path``."""

    rel: str
    flavour: str = "str"

    def render(self) -> str:
        text = f"os.path.join(ROOT, {self.rel!r})" if self.rel else "ROOT"
        return {"str": text, "bytes": f"os.fsencode({text})", "pathlib": f"pathlib.Path({text})"}[
            self.flavour
        ]


@dataclasses.dataclass(frozen=True)
class Seq:
    """A list or tuple of arguments."""

    container: str
    items: tuple[Any, ...]

    def render(self) -> str:
        inner = ", ".join(item.render() for item in self.items)
        return f"[{inner}]" if self.container == "list" else f"({inner}{',' if self.items else ''})"


@dataclasses.dataclass(frozen=True)
class Open:
    """A file of the tree opened with ``mode`` (and closed again when ``closed``); mode
    ``StringIO`` or ``BytesIO``: the file's contents in such an in-memory file instead."""

    rel: str
    mode: str
    closed: bool = False

    def render(self) -> str:
        opened = f"open(os.path.join(ROOT, {self.rel!r}), {self.mode!r})"
        if self.mode in ("StringIO", "BytesIO"):
            opened = f"io.{self.mode}(contents of {self.rel!r})"
        return f"closed({opened})" if self.closed else opened


@dataclasses.dataclass(frozen=True)
class Spec:
    """``importlib.machinery.ModuleSpec(name, None, origin=<path>)``, for ``create_dynamic``."""

    name: str
    rel: str

    def render(self) -> str:
        return f"ModuleSpec({self.name!r}, None, origin=os.path.join(ROOT, {self.rel!r}))"


@dataclasses.dataclass(frozen=True)
class ModuleRef:
    """The ``index``-th module (modulo their number) returned so far, else ``None``."""

    index: int

    def render(self) -> str:
        return f"returned_modules[{self.index} % len(returned_modules)]"


# --- steps ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Call:
    """``imp.<func>(*args)``, the last ``len(keywords)`` arguments passed by these names."""

    func: str
    args: tuple[Any, ...]
    keywords: tuple[str, ...] = ()

    def render(self) -> str:
        positional = self.args[: len(self.args) - len(self.keywords)]
        named = self.args[len(self.args) - len(self.keywords):]
        parts = [arg.render() for arg in positional]
        parts += [f"{key}={arg.render()}" for key, arg in zip(self.keywords, named, strict=True)]
        target = "imp.NullImporter" if self.func == "NullImporter" else f"imp.{self.func}"
        return f"{target}({', '.join(parts)})"


@dataclasses.dataclass(frozen=True)
class LoadFound:
    """``imp.load_module(name, *found)`` with what the ``find``-th ``find_module`` returned,
    optionally with one part replaced (``file``: None; ``mode``/``type``: another value)."""

    name: Any
    find: int
    replace: tuple[str, Any] | None = None

    def render(self) -> str:
        change = ""
        if self.replace:
            change = f"  # with {self.replace[0]} replaced by {self.replace[1]!r}"
        return f"imp.load_module({self.name.render()}, *found[{self.find}]){change}"


@dataclasses.dataclass(frozen=True)
class NullImporterFind:
    """``imp.NullImporter(path).find_module(name)``."""

    path: Any
    name: Any

    def render(self) -> str:
        return f"imp.NullImporter({self.path.render()}).find_module({self.name.render()})"


@dataclasses.dataclass(frozen=True)
class World:
    """A change to the world between calls: ``rewrite`` a file (with a newer mtime),
    ``remove`` a file, ``forget`` a module (delete it from ``sys.modules``), ``poison`` a
    module name (``sys.modules[name] = None``, which blocks its import)."""

    action: str
    target: str
    data: bytes = b""

    def render(self) -> str:
        if self.action == "rewrite":
            return f"rewrite(os.path.join(ROOT, {self.target!r}), {self.data!r})"
        if self.action == "remove":
            return f"os.remove(os.path.join(ROOT, {self.target!r}))"
        if self.action == "poison":
            return f"sys.modules[{self.target!r}] = None"
        return f"sys.modules.pop({self.target!r}, None)"


@dataclasses.dataclass(frozen=True)
class PrependToSysPath:
    """``sys.path.insert(0, entry)``: also entries the import system skips (bytes, Path)."""

    entry: Any

    def render(self) -> str:
        return f"sys.path.insert(0, {self.entry.render()})"


Step = Call | LoadFound | NullImporterFind | World | PrependToSysPath


def render(tree: Tree, steps: list[Step]) -> str:
    """The tree (paths, labels, leading bytes) and the numbered calls, one per line."""
    lines = ["# tree (every file's mtime is trees.MTIME):"]
    lines += [f"#   {entry}/  (on sys.path, in this order)" for entry in tree.entries]
    for node in tree.nodes:
        if node.link_to:
            lines.append(f"#   {node.rel} -> {node.link_to}  [{node.label}]")
        elif node.copy_of:
            lines.append(f"#   {node.rel}  <- copy of {node.copy_of}  [{node.label}]")
        elif node.data is None:
            lines.append(f"#   {node.rel}/  [{node.label}]")
        else:
            lines.append(f"#   {node.rel}  [{node.label}] = {node.data[:300]!r}")
    lines.append("# calls:")
    lines += [f"{index}: {step.render()}" for index, step in enumerate(steps)]
    return "\n".join(lines)


# --- strategies ----------------------------------------------------------------------------

BUILTIN_NAMES = ("sys", "_imp", "marshal", "builtins", "_thread", "posix", "_warnings")
FROZEN_NAMES = (
    "_frozen_importlib", "_frozen_importlib_external", "zipimport", "__hello__",
    "__hello_alias__", "__phello__", "__phello__.spam", "__phello__.ham", "__hello_only__",
    "os.path", "os",
)
# Safe to initialise again (and put back afterwards): no interpreter state is replaced.
INITIALISABLE_NAMES = (
    "marshal", "_imp", "_thread", "_warnings", "zipimport", "__hello__", "__hello_alias__",
    "__phello__", "__phello__.spam", "__phello__.ham", "__hello_only__",
)
# An int that is no open file descriptor: both implementations open() an int filename as a
# descriptor (and close it), and 1 would close this process's stdout.
NOT_A_FD = 987_654
ODD_NAMES = (Lit(""), Lit("dt_a."), Lit(".dt_a"), Lit("dt a"), Lit(None), Lit(NOT_A_FD),
             Lit(b"dt_a"),
             Lit(["dt_a"]))
ODD_VALUES = (Lit(None), Lit(NOT_A_FD), Lit(""), Lit(b"x"), Lit(("x",)), Lit(3.5))


def module_name_args(tree: Tree, *, interpreter: bool = False) -> st.SearchStrategy[Any]:
    """Mostly names the tree provides; also nearby names it does not, names that are not
    names and, if ``interpreter``, built-in and frozen modules' names."""
    provided = tree.module_names() or list(MODULE_NAMES)
    plausible = sorted({*provided, *MODULE_NAMES, "dt_missing",
                        *(f"dt_p.{sub}" for sub in SUBMODULE_NAMES), REAL_EXTENSION})
    return st.one_of(
        *[st.sampled_from(provided).map(Lit)] * 3,
        st.sampled_from(plausible).map(Lit),
        st.sampled_from(ODD_NAMES),
        *([st.sampled_from(INITIALISABLE_NAMES).map(Lit)] if interpreter else []),
    )


def path_args(tree: Tree, preferred: tuple[str, ...] = ()) -> st.SearchStrategy[Any]:
    """Files and directories of the tree (mostly those ending with one of ``preferred``),
    missing ones, and values that are not paths."""
    paths = [*tree.paths(), "", "e0/dt_missing.py", "no_such_dir/x.py", "e0/dt_missing"]
    likely = [path for path in tree.paths() if preferred and path.endswith(preferred)] or paths
    return st.one_of(
        st.sampled_from(likely).map(Path),
        st.sampled_from(likely).map(Path),
        st.sampled_from(likely).map(Path),
        st.sampled_from(paths).map(Path),
        st.builds(Path, st.sampled_from(paths), st.sampled_from(("bytes", "pathlib"))),
        st.sampled_from(ODD_VALUES),
    )


def file_args(tree: Tree) -> st.SearchStrategy[Any]:
    """``None``, or a file of the tree opened in text or binary mode, maybe already closed."""
    files = tree.files()
    if not files:
        return st.just(Lit(None))
    return st.one_of(
        st.just(Lit(None)),
        st.builds(Open, st.sampled_from(files), st.sampled_from(("r", "rb")),
                  st.sampled_from((False, False, True))),
        st.builds(Open, st.sampled_from(files), st.sampled_from(("StringIO", "BytesIO"))),
    )


def search_path_args(tree: Tree) -> st.SearchStrategy[Any]:
    """``find_module``'s ``path``: mostly lists of entries (also package directories, missing
    directories and non-str items); tuples, a bare str, and other wrong types."""
    folders = [*tree.entries, *tree.folders(), "no_such_dir", ""]
    item = st.one_of(*[st.sampled_from(folders).map(Path)] * 6,
                     st.builds(Path, st.sampled_from(folders), st.just("pathlib")),
                     st.sampled_from((Lit(None), Lit(NOT_A_FD), Lit(b"e0"))))
    items = st.lists(item, max_size=3).map(tuple)
    return st.one_of(
        st.just(Lit(None)),
        st.just(Lit(None)),
        *[st.builds(Seq, st.just("list"), items)] * 4,
        st.builds(Seq, st.just("tuple"), items),
        st.sampled_from(folders).map(Path),
        st.sampled_from((Lit(NOT_A_FD), Lit(b"e0"))),
    )


# Parameter names of the 3.11 functions that accept keywords (the rest are positional-only
# builtins; passing them keywords is a TypeError that must match too).
PARAMETERS = {
    "find_module": ("name", "path"),
    "load_module": ("name", "file", "filename", "details"),
    "load_source": ("name", "pathname", "file"),
    "load_compiled": ("name", "pathname", "file"),
    "load_package": ("name", "path"),
    "load_dynamic": ("name", "path", "file"),
    "new_module": ("name",),
    "reload": ("module",),
    "cache_from_source": ("path", "debug_override"),
    "source_from_cache": ("path",),
    "NullImporter": ("path",),
    "init_builtin": ("name",),
    "is_builtin": ("name",),
    "is_frozen": ("name",),
    "is_frozen_package": ("name",),
    "init_frozen": ("name",),
    "get_frozen_object": ("name", "data"),
    "create_dynamic": ("spec", "file"),
}


@st.composite
def calls(draw: st.DrawFn, func: str, args: list[Any]) -> Call:
    """``func(*args)``, sometimes with trailing arguments passed by keyword, sometimes with
    one argument too few or too many."""
    mangle = draw(st.sampled_from(("none",) * 14 + ("keywords", "keywords", "fewer", "more")))
    if mangle == "fewer" and args:
        return Call(func, tuple(args[:-1]))
    if mangle == "more":
        return Call(func, (*args, Lit(None)))
    names = PARAMETERS.get(func, ())
    if mangle == "keywords" and names and args:
        count = draw(st.integers(1, min(len(args), len(names))))
        start = len(args) - count
        return Call(func, tuple(args), tuple(names[start: len(args)]))
    return Call(func, tuple(args))


_LOAD_FOUND_CHANGES = (
    None, None, None, ("file", None), ("mode", "w"), ("mode", "r+"), ("mode", "U"),
    ("mode", ""), ("type", 0), ("type", 3), ("type", 5), ("type", 6), ("type", 7), ("type", 42),
)


@st.composite
def file_steps(draw: st.DrawFn, tree: Tree, finds_so_far: int) -> list[Step]:
    """One step of a scenario on a tree of files, or a few that belong together (find then
    load; load, change the file, reload)."""
    name, file = module_name_args(tree), file_args(tree)
    path = path_args(tree)
    kind = draw(st.sampled_from((
        "find_module", "find_module", "find_module", "find_then_load", "find_then_load",
        "find_then_load", "find_then_load", "load_found", "load_module", "load_source",
        "load_source", "load_source", "load_compiled", "load_compiled", "load_package",
        "load_package", "load_dynamic", "create_dynamic", "load_then_reload",
        "load_then_reload", "reload", "new_module", "NullImporter", "world", "world",
    )))
    if kind in ("find_module", "find_then_load"):
        args = [draw(module_name_args(tree, interpreter=True))]
        if draw(st.integers(0, 2)):
            args.append(draw(search_path_args(tree)))
        find = draw(calls("find_module", args))
        if kind == "find_module":
            return [find]
        load_name = args[0] if draw(st.integers(0, 3)) else draw(name)
        return [find, LoadFound(load_name, finds_so_far, draw(st.sampled_from(
            _LOAD_FOUND_CHANGES)))]
    if kind == "load_found" and finds_so_far:
        replace = draw(st.sampled_from(_LOAD_FOUND_CHANGES))
        return [LoadFound(draw(name), draw(st.integers(0, finds_so_far - 1)), replace)]
    if kind in ("load_found", "load_module"):
        details = draw(st.sampled_from((
            (".py", "r", 1), (".pyc", "rb", 2), (EXT_SUFFIX, "rb", 3), ("", "", 5),
            ("", "", 6), ("", "", 7), ("", "", 9), (".py", "w", 1), ("", "", 1),
        )))
        details_arg = draw(st.one_of(st.just(Lit(details)), st.sampled_from((
            Lit((".py", "r")), Lit(None), Lit(("", "", 5, 0)), Lit([".py", "r", 1])))))
        return [draw(calls("load_module", [draw(name), draw(file), draw(path), details_arg]))]
    if kind in ("load_source", "load_compiled", "load_dynamic"):
        preferred = {"load_source": (".py",), "load_compiled": (PYC_SUFFIX,),
                     "load_dynamic": (".so",)}[kind]
        args = [draw(name), draw(path_args(tree, preferred))]
        if draw(st.booleans()):
            args.append(draw(file))
        return [draw(calls(kind, args))]
    if kind == "load_package":
        folders = tuple(tree.folders())
        return [draw(calls(kind, [draw(name), draw(path_args(tree, folders or ("__init__.py",)))]))]
    if kind == "create_dynamic":
        rels = tree.files()
        rel = draw(st.sampled_from([*rels, "e0/dt_missing.so"]))
        spec_name = draw(st.sampled_from(sorted({*MODULE_NAMES, REAL_EXTENSION})))
        spec = draw(st.one_of(st.just(Spec(spec_name, rel)), st.sampled_from((Lit(None),
                                                                              Lit("spec")))))
        return [draw(calls(kind, [spec]))]
    if kind == "load_then_reload":
        sources_ = [node.rel for node in tree.nodes if node.rel.endswith(".py") and node.data]
        if not sources_:
            return [Call("reload", (ModuleRef(-1),))]
        rel = draw(st.sampled_from(sources_))
        load_name = Lit(draw(st.sampled_from(tree.module_names() or list(MODULE_NAMES))))
        steps: list[Step] = [Call("load_source", (load_name, Path(rel)))]
        if draw(st.booleans()):
            steps.append(World("rewrite", rel, draw(sources())[1]))
        return [*steps, Call("reload", (ModuleRef(-1),))]
    if kind == "reload":
        target = draw(st.one_of(st.builds(ModuleRef, st.integers(-1, 5)),
                                st.sampled_from((Lit("dt_a"), Lit(None)))))
        return [draw(calls(kind, [target]))]
    if kind == "new_module":
        return [draw(calls(kind, [draw(name)]))]
    if kind == "NullImporter":
        return [NullImporterFind(draw(path), draw(name))]
    files = tree.files()
    action = draw(st.sampled_from(("rewrite", "remove", "forget", "forget", "sys.path",
                                   "poison")))
    if action == "sys.path":
        entry = draw(st.one_of(
            st.builds(Path, st.sampled_from(tree.entries), st.sampled_from(("pathlib", "bytes"))),
            st.sampled_from((Path("no_such_dir"), Lit(""), Lit(".")))))
        return [PrependToSysPath(entry)]
    if action in ("forget", "poison") or not files:
        names = sorted({*tree.module_names(), *MODULE_NAMES})
        return [World("poison" if action == "poison" else "forget",
                      draw(st.sampled_from(names)))]
    target = draw(st.sampled_from(files))
    if action == "remove":
        return [World("remove", target)]
    return [World("rewrite", target, draw(sources())[1])]


@st.composite
def file_scenarios(draw: st.DrawFn, tree_strategy: st.SearchStrategy[Tree]
                   ) -> tuple[Tree, list[Step]]:
    """A tree and one to eight steps (or groups of steps) on it."""
    tree = draw(tree_strategy)
    steps: list[Step] = []
    finds = 0
    for _ in range(draw(st.integers(1, 8))):
        for step in draw(file_steps(tree, finds)):
            finds += isinstance(step, Call) and step.func == "find_module"
            steps.append(step)
    return tree, steps


def _cache_path_text() -> st.SearchStrategy[str]:
    """Path strings around the PEP 3147 layout: directories, dots, tags, opt- levels."""
    folder = st.sampled_from(("", "a/", "/abs/dir/", "__pycache__/", "x/__pycache__/",
                              "a.b/", "./", "../", "x//", "__pycache__/__pycache__/"))
    word = st.sampled_from(("mod", "", "__init__", "a.b", "cpython-311", "cpython-310",
                            "opt-1", "opt-2", "opt-", "opt-a_b", "opt-x", "pyc", "py", "é"))
    suffix = st.sampled_from((".py", ".pyc", ".pyw", ".PY", "", ".", ".py.py", "/"))
    return st.builds(lambda f, ws, s: f + ".".join(ws) + s, folder,
                     st.lists(word, min_size=1, max_size=4), suffix)


@st.composite
def cache_path_steps(draw: st.DrawFn) -> Call:
    """``cache_from_source``/``source_from_cache`` on odd paths, and the argument-less
    getters."""
    func = draw(st.sampled_from(("cache_from_source", "cache_from_source",
                                 "source_from_cache", "source_from_cache",
                                 "get_magic", "get_tag", "get_suffixes")))
    if func in ("get_magic", "get_tag", "get_suffixes"):
        return draw(calls(func, []))
    text = draw(_cache_path_text())
    path = draw(st.one_of(st.just(Lit(text)), st.just(Lit(text)), st.just(Lit(text.encode())),
                          st.just(Path(text, "pathlib")) if text and not text.startswith("/")
                          else st.just(Lit(text)), st.sampled_from(ODD_VALUES)))
    args = [path]
    if func == "cache_from_source" and draw(st.booleans()):
        args.append(draw(st.sampled_from((Lit(None), Lit(True), Lit(False), Lit(0), Lit(1),
                                          Lit("yes"), Lit([])))))
    return draw(calls(func, args))


@st.composite
def interpreter_steps(draw: st.DrawFn) -> Call:
    """Built-in and frozen module queries, initialisation, and the import lock."""
    func = draw(st.sampled_from((
        "is_builtin", "is_frozen", "is_frozen_package", "init_builtin", "init_frozen",
        "get_frozen_object", "acquire_lock", "release_lock", "lock_held", "lock_held",
    )))
    if func in ("acquire_lock", "release_lock", "lock_held"):
        return draw(calls(func, []))
    pool = INITIALISABLE_NAMES if func.startswith("init_") else BUILTIN_NAMES + FROZEN_NAMES
    name = draw(st.one_of(st.sampled_from(pool).map(Lit), st.sampled_from(pool).map(Lit),
                          st.sampled_from((Lit("dt_missing"), Lit("sys.x"), Lit("")),),
                          st.sampled_from(ODD_NAMES)))
    args = [name]
    if func == "get_frozen_object" and draw(st.integers(0, 3)) == 0:
        args.append(draw(st.sampled_from((Lit(None), Lit(b""), Lit(b"\xe3garbage"), Lit(1)))))
    return draw(calls(func, args))


@st.composite
def call_scenarios(draw: st.DrawFn, step_strategy: st.SearchStrategy[Call]
                   ) -> tuple[Tree, list[Step]]:
    """One to eight calls that need no files (an empty tree)."""
    return Tree(("e0",), ()), draw(st.lists(step_strategy, min_size=1, max_size=8))


@st.composite
def odd_argument_steps(draw: st.DrawFn, tree: Tree) -> Call:
    """Any API function with one argument fewer, as many, or one more than it takes, each
    argument drawn from everything the other strategies use: names, paths, files, search
    paths and values of the wrong type."""
    func = draw(st.sampled_from(sorted(PARAMETERS)))
    argument = st.one_of(module_name_args(tree), path_args(tree), file_args(tree),
                         search_path_args(tree), st.sampled_from(ODD_VALUES))
    count = len(PARAMETERS[func])
    args = draw(st.lists(argument, min_size=max(0, count - 1), max_size=count + 1))
    return Call(func, tuple(args))


@st.composite
def odd_argument_scenarios(draw: st.DrawFn, tree_strategy: st.SearchStrategy[Tree]
                           ) -> tuple[Tree, list[Step]]:
    """A tree and one to six calls with arbitrary arguments."""
    tree = draw(tree_strategy)
    return tree, draw(st.lists(odd_argument_steps(tree), min_size=1, max_size=6))
