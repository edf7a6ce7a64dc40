"""Random trees of modules, packages, ``.pyc`` files and extension modules.

A tree is plain data (relative paths and bytes), so that hypothesis can shrink it and both
implementations can be run on byte-identical copies of it. Every file gets the same fixed
modification time, so that the timestamps written into ``.pyc`` headers can match the source
exactly, or deliberately not.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.machinery
import importlib.util
import marshal
import os
import shutil

from hypothesis import strategies as st

MTIME = 1_700_000_000
BOM = b"\xef\xbb\xbf"
EXT_SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]
PYC_SUFFIX = importlib.machinery.BYTECODE_SUFFIXES[0]
CACHE_TAG = "cpython-311"
MAGIC = importlib.util.MAGIC_NUMBER
FOREIGN_MAGIC = (3439).to_bytes(2, "little") + b"\r\n"  # Python 3.10's magic number

# Module names: a small pool, so that the same name often appears at several path entries.
MODULE_NAMES = ("dt_a", "dt_b", "dt_p")
SUBMODULE_NAMES = ("dt_sub", "dt_sub2")
# A real multi-phase extension module of this interpreter, copied into trees.
REAL_EXTENSION = "xxlimited"


@dataclasses.dataclass(frozen=True)
class Node:
    """One file (``data`` is its bytes) or directory (``data`` is None) of a tree."""

    rel: str  # '/'-separated, relative to the tree's root
    label: str  # what kind of file this is, for readable reproducers
    data: bytes | None
    copy_of: str | None = None  # an existing file to copy instead of ``data``
    link_to: str | None = None  # make a symbolic link to this (relative) target instead


@dataclasses.dataclass(frozen=True)
class Tree:
    """Path entries (directories, in ``sys.path`` order) and everything below them."""

    entries: tuple[str, ...]
    nodes: tuple[Node, ...]

    def module_names(self) -> list[str]:
        """Every dotted module name the tree might provide, for choosing call arguments."""
        names: set[str] = set()
        for node in self.nodes:
            parts = node.rel.split("/")[1:]
            if not parts or "__pycache__" in parts:
                continue
            stem = parts[-1].split(".")[0]
            parts = parts[:-1] if stem == "__init__" else [*parts[:-1], stem]
            if parts:
                names.add(".".join(parts))
        return sorted(names)

    def files(self) -> list[str]:
        """The tree's files (symbolic links included), relative to its root."""
        return [node.rel for node in self.nodes
                if node.data is not None or node.copy_of or node.link_to]

    def folders(self) -> list[str]:
        """The tree's directories below the path entries, relative to its root."""
        return [node.rel for node in self.nodes
                if node.data is None and not node.copy_of and not node.link_to]

    def paths(self) -> list[str]:
        """Every file and directory of the tree, relative to its root."""
        return sorted({*self.entries, *(node.rel for node in self.nodes)})


def write_tree(tree: Tree, root: str) -> None:
    """Create ``tree`` under ``root`` (which must not exist yet) with fixed timestamps."""
    os.makedirs(root)  # its parent may be created here too
    for entry in tree.entries:
        os.makedirs(os.path.join(root, entry), exist_ok=True)
    for node in tree.nodes:
        path = os.path.join(root, *node.rel.split("/"))
        if node.link_to is not None:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            os.symlink(node.link_to, path)
            continue
        if node.data is None and node.copy_of is None:
            os.makedirs(path, exist_ok=True)
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if node.copy_of is not None:
            shutil.copyfile(node.copy_of, path)
        else:
            with open(path, "wb") as file:
                file.write(node.data or b"")
        os.utime(path, (MTIME, MTIME))


# --- Python source -------------------------------------------------------------------------

# Appended to valid sources: records how the module was set up while it was executing.
CONTEXT = (
    "import sys as _dt_sys\n"
    "_dt_spec = globals().get('__spec__')\n"
    "_ctx = {\n"
    "    'name': __name__,\n"
    "    'file': globals().get('__file__', '<absent>'),\n"
    "    'cached': globals().get('__cached__', '<absent>'),\n"
    "    'package': globals().get('__package__', '<absent>'),\n"
    "    'path': list(__path__) if '__path__' in globals() else '<absent>',\n"
    "    'loader': globals().get('__loader__', '<absent>'),\n"
    "    'spec': None if _dt_spec is None else (_dt_spec.name, _dt_spec.origin,"
    " _dt_spec.parent, _dt_spec.cached, _dt_spec.has_location,"
    " _dt_spec.submodule_search_locations and list(_dt_spec.submodule_search_locations)),\n"
    "    'spec_loader_is_loader': getattr(globals().get('__spec__'), 'loader', 1)"
    " is globals().get('__loader__', 2),\n"
    "    'in_sys_modules': getattr(_dt_sys.modules.get(__name__), '__dict__', None)"
    " is globals(),\n"
    "    'has_builtins': '__builtins__' in globals(),\n"
    "    'initializing': getattr(_dt_spec, '_initializing', '<absent>'),\n"
    "}\n"
    "del _dt_sys, _dt_spec\n"
)

# label -> source bytes (before CONTEXT is appended to those that compile).
FIXED_SOURCES: dict[str, bytes] = {
    "latin-1 cookie": b"# -*- coding: latin-1 -*-\ntext = '\xe9t\xe9'\n",
    "cp1252 cookie": b"# coding: cp1252\ntext = '\x80 \x93'\n",
    "utf-8 cookie": "# coding: utf-8\ntext = 'été €'\n".encode(),
    "cookie on line 2": (
        b"#!/usr/bin/env python\n# vim: set fileencoding=latin-1 :\ntext = '\xe9'\n"
    ),
    "BOM": BOM + "text = 'été'\n".encode(),
    "BOM and utf-8 cookie": BOM + "# coding: utf-8\ntext = 'été'\n".encode(),
    "CRLF": b"first = 1\r\nsecond = 'two'\r\n",
    "CR only": b"first = 1\rsecond = 'two'\r",
    "absolute import": b"import dt_b\nvia = dt_b.__name__\n",
    "relative import": b"from . import dt_sub\nvia = dt_sub.__name__\n",
    "replaces itself in sys.modules": (
        b"import sys, types\n_r = types.ModuleType(__name__)\n_r.replacement = True\n"
        b"sys.modules[__name__] = _r\n"
    ),
    "deletes itself from sys.modules": b"import sys\ndel sys.modules[__name__]\n",
    "imports itself (circular)": b"first = 1\nexec(f'from {__name__} import later')\nlater = 2\n",
    # Sources that do not compile or fail while executing: no CONTEXT appended.
    "empty": b"",
    "syntax error": b"def broken(:\n    pass\n",
    "bogus cookie": b"# coding: dt-no-such-codec\nx = 1\n",
    "BOM and latin-1 cookie": BOM + b"# coding: latin-1\ntext = '\xc3\xa9'\n",
    "cookie on line 3 (ignored)": b"\n\n# coding: latin-1\ntext = '\xe9'\n",
    "undecodable bytes": b"text = '\xff\xfe\x80'\n",
    "null byte": b"x = 1\x00\n",
    "inconsistent tabs": b"if True:\n        x = 1\n\ty = 2\n",
    "raises": b"raise RuntimeError('dt: raised while executing')\n",
    "fails halfway": b"done = 1\nundefined_name_dt\n",
}
_NO_CONTEXT = {
    "empty", "syntax error", "bogus cookie", "BOM and latin-1 cookie",
    "cookie on line 3 (ignored)", "undecodable bytes", "null byte", "inconsistent tabs",
    "raises", "fails halfway", "CR only",
}


def _with_context(label: str, body: bytes) -> bytes:
    if label in _NO_CONTEXT:
        return body
    newline = b"\r\n" if b"\r\n" in body else b"\n"
    return body + CONTEXT.encode().replace(b"\n", newline)


@st.composite
def sources(draw: st.DrawFn) -> tuple[str, bytes]:
    """A ``(label, bytes)`` Python source file: valid with random values, or one of the odd
    encodings, line endings and broken sources in :data:`FIXED_SOURCES`."""
    if draw(st.booleans()):
        number = draw(st.integers(-(2**70), 2**70))
        text = draw(st.text(alphabet="az é€\u2603\\'\"\n", max_size=6))
        body = f"number = {number}\ntext = {text!r}\norigin = 'source'\n".encode()
        return "attributes", _with_context("attributes", body)
    label = draw(st.sampled_from(sorted(FIXED_SOURCES)))
    return label, _with_context(label, FIXED_SOURCES[label])


# --- Compiled (.pyc) -----------------------------------------------------------------------

PYC_KINDS = (
    "valid", "stale mtime", "wrong size", "foreign magic", "truncated header", "empty",
    "corrupt marshal data", "not a code object", "invalid flags", "hash checked",
    "hash unchecked", "hash checked, wrong hash",
)


def pyc_bytes(kind: str, rel: str, value: int, source: bytes) -> bytes:
    """A ``.pyc`` of the given ``kind`` whose code sets ``value`` and ``origin = 'pyc'``;
    ``source`` is what the header's size or hash describes."""
    code = compile(
        f"value = {value}\norigin = 'pyc'\n{CONTEXT}", f"<dt>/{rel}", "exec", dont_inherit=True
    )
    body = marshal.dumps(code)
    mtime, size, flags = MTIME, len(source), 0
    if kind == "stale mtime":
        mtime -= 1000
    elif kind == "wrong size":
        size += 1
    elif kind == "foreign magic":
        return FOREIGN_MAGIC + b"\0" * 12 + body
    elif kind == "truncated header":
        return MAGIC + b"\0\0"
    elif kind == "empty":
        return b""
    elif kind == "corrupt marshal data":
        body = b"\xff\x00garbage"
    elif kind == "not a code object":
        body = marshal.dumps(value)
    elif kind == "invalid flags":
        flags = 0b100
    if kind.startswith("hash"):
        flags = 0b11 if "checked" in kind and "unchecked" not in kind else 0b01
        digest = importlib.util.source_hash(source + (b"#" if "wrong" in kind else b""))
        return MAGIC + flags.to_bytes(4, "little") + digest + body
    header = flags.to_bytes(4, "little") + mtime.to_bytes(4, "little")
    return MAGIC + header + (size & 0xFFFFFFFF).to_bytes(4, "little") + body


@st.composite
def pycs(draw: st.DrawFn, rel: str, source: bytes = b"") -> tuple[str, bytes]:
    kind = draw(st.sampled_from(PYC_KINDS))
    return f"pyc: {kind}", pyc_bytes(kind, rel, draw(st.integers(0, 99)), source)


# --- Modules, packages, extension modules --------------------------------------------------

@functools.cache
def _real_extension_path() -> str:
    spec = importlib.util.find_spec(REAL_EXTENSION)  # not sysconfig: wrong inside a venv
    assert spec is not None and spec.origin, f"{REAL_EXTENSION} is missing"
    return spec.origin


@st.composite
def module_nodes(draw: st.DrawFn, folder: str, name: str) -> list[Node]:
    """The files that make ``name`` importable (or nearly) from ``folder``."""
    kind = draw(st.sampled_from((
        "source", "source", "source", "source and cached pyc", "pyc only", "extension",
        "directory named like a source file", "symbolic link",
    )))
    base = f"{folder}/{name}"
    if kind == "directory named like a source file":
        return [Node(base + ".py", kind, None)]
    if kind == "symbolic link":
        label, source = draw(sources())
        target = draw(st.sampled_from((f"{name}_target.py", "dangling.py")))
        nodes = [Node(base + ".py", f"symbolic link to {target}", None, link_to=target)]
        if target != "dangling.py":
            nodes.append(Node(f"{folder}/{target}", f"source: {label}", source))
        return nodes
    if kind == "extension":
        suffix = draw(st.sampled_from((EXT_SUFFIX, ".so")))
        if draw(st.booleans()):
            return [Node(base + suffix, "extension: not an ELF file", b"\x7fNOT ELF")]
        return [Node(base + suffix, f"extension: copy of {REAL_EXTENSION}", None,
                     copy_of=_real_extension_path())]
    if kind == "pyc only":
        label, data = draw(pycs(base + PYC_SUFFIX))
        return [Node(base + PYC_SUFFIX, label, data)]
    label, source = draw(sources())
    nodes = [Node(base + ".py", f"source: {label}", source)]
    if kind == "source and cached pyc":
        rel = f"{folder}/__pycache__/{name}.{CACHE_TAG}{PYC_SUFFIX}"
        pyc_label, data = draw(pycs(rel, source))
        nodes.append(Node(rel, pyc_label, data))
    return nodes


@st.composite
def package_nodes(draw: st.DrawFn, folder: str, name: str) -> list[Node]:
    """A package directory: ``__init__`` as source, as .pyc only, missing, or odd."""
    base = f"{folder}/{name}"
    nodes = [Node(base, "package directory", None)]
    init = draw(st.sampled_from(("source", "source", "pyc only", "none", "directory")))
    if init == "directory":
        nodes.append(Node(base + "/__init__.py", "directory named __init__.py", None))
    elif init == "pyc only":
        rel = base + "/__init__" + PYC_SUFFIX
        nodes.append(Node(rel, *draw(pycs(rel))))
    elif init == "source":
        label, source = draw(sources())
        nodes.append(Node(base + "/__init__.py", f"source: {label}", source))
        if draw(st.booleans()):
            rel = f"{base}/__pycache__/__init__.{CACHE_TAG}{PYC_SUFFIX}"
            nodes.append(Node(rel, *draw(pycs(rel, source))))
    for sub in draw(st.lists(st.sampled_from(SUBMODULE_NAMES), unique=True, max_size=2)):
        nodes.extend(draw(module_nodes(base, sub)))
    return nodes


@st.composite
def trees(draw: st.DrawFn) -> Tree:
    """One to three path entries, each with some of the pooled names as modules or packages,
    so that names are often shadowed by an earlier entry."""
    entries = tuple(f"e{index}" for index in range(draw(st.integers(1, 3))))
    nodes: list[Node] = []
    for entry in entries:
        for name in draw(st.lists(st.sampled_from(MODULE_NAMES), unique=True, max_size=3)):
            if draw(st.integers(0, 2)) == 0:
                nodes.extend(draw(package_nodes(entry, name)))
            else:
                nodes.extend(draw(module_nodes(entry, name)))
    if draw(st.integers(0, 5)) == 0:
        rel = f"{draw(st.sampled_from(entries))}/{REAL_EXTENSION}{EXT_SUFFIX}"
        nodes.append(Node(rel, "extension: the real one", None, copy_of=_real_extension_path()))
    return Tree(entries, tuple(nodes))
