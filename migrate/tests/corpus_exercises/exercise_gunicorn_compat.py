"""gunicorn 19.9.0 ``gunicorn/_compat.py``: ``_get_codeobj`` and ``execfile_``.

gunicorn runs its config file with ``execfile_(path, cfg, cfg)``; for a ``.pyc`` it asks
``imp.find_module`` whether the file is source or bytecode (PY_SOURCE/PY_COMPILED) and reads
it from the file imp opened. The ``.pyc`` is written in the layout gunicorn expects (an
8-byte header, then the marshalled code of the running Python), alone in its directory.
"""

# The corpus modules exist only in the tree given at run time.
# mypy: disable-error-code="import-not-found, import-untyped"

from __future__ import annotations

import marshal

import _harness as h

h.use_release("gunicorn-19.9.0")
from gunicorn import _compat, six  # noqa: E402

CONFIG = "bind = '127.0.0.1:8000'\nworkers = 2 * 3\nwhere = __file__\n"
source = h.write("conf/gunicorn_conf.py", CONFIG)
latin = h.write(
    "conf/latin_conf.py", "# -*- coding: latin-1 -*-\nproc_name = 'caf\xe9'\n", "latin-1"
)
h.write("compiled/compiled_conf.txt", "")  # for imp a module compiled_conf, found as .pyc
h.write("both/settings.py", CONFIG.replace("2 * 3", "'from the .py'"))
compiled = h.WORK + "/compiled/compiled_conf.pyc"
shadowed = h.WORK + "/both/settings.pyc"  # imp finds settings.py first
for path in (compiled, shadowed):
    with open(path, "wb") as file:
        code = compile(CONFIG.replace("2 * 3", "7"), "compiled_conf.py", "exec")
        file.write(b"\x00" * 8 + marshal.dumps(code))


def run_config(path: str) -> dict[str, object]:
    cfg: dict[str, object] = {"__file__": path, "__name__": "__config__"}
    outcome = h.call(_compat.execfile_, path, cfg, cfg)
    return {"outcome": outcome, **{k: cfg.get(k) for k in ("bind", "workers", "where")}}


def code_of(path: str) -> object:
    code = _compat._get_codeobj(path)
    namespace: dict[str, object] = {"__file__": path}
    exec(code, namespace)
    names = ("bind", "workers", "where", "proc_name")
    return {"co_filename": code.co_filename, **{k: namespace.get(k) for k in names}}


result = {
    "six": six.__version__,
    "execfile_ .py": run_config(source),
    "execfile_ .pyc": run_config(compiled),
    "_get_codeobj .py": h.call(code_of, source),
    "_get_codeobj .py with a coding declaration": h.call(code_of, latin),
    "_get_codeobj .pyc": h.call(code_of, compiled),
    "_get_codeobj .pyc beside its .py": h.call(code_of, shadowed),
    "execfile_ .pyc beside its .py": run_config(shadowed),
    "_get_codeobj missing": h.call(code_of, h.WORK + "/conf/missing.py"),
    "_get_codeobj not python": h.call(code_of, h.WORK + "/compiled/compiled_conf.txt"),
}
h.report(result)
