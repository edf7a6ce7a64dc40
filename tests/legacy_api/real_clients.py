"""Real old packages that use the import API Python 3.12 removed, run the way their users do.

``python real_clients.py FLOW FOLDER [PATH...]`` runs one flow (``pkg_resources``,
``venusian``, ``gorilla``) with FOLDER for its scratch files (and the PATH folders first on
``sys.path``), and prints one JSON line: what the flow saw
(``result``) or the exception that ended it (``raised``), and the warnings about the legacy
API on the way. Run by tests/test_legacy_api_real_clients.py on a real 3.11 (the reference)
and on 3.12+ with and without imp-compat's legacy API; imports nothing of this project.
"""

from __future__ import annotations

import json
import os
import sys
import textwrap
import warnings
from pathlib import Path
from typing import Any

# Warnings about the removed API (the ones 3.11 gave), not about whatever else is old in them.
LEGACY_WORDS = ("find_module", "find_loader", "ImpImporter", "ImpLoader", "load_module",
                "module_repr", "get_loader", "the imp module")


def write_package(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def flow_pkg_resources(folder: Path) -> Any:
    """setuptools 65.5.0's pkg_resources: import it, look at the working set, entry points."""
    import pkg_resources

    working_set = {dist.project_name: dist.version for dist in pkg_resources.working_set}
    commands = sorted(ep.name for ep in pkg_resources.iter_entry_points("distutils.commands"))
    return {
        "setuptools": working_set.get("setuptools"),
        "imp-compat listed": "imp-compat" in working_set,
        "require": [str(d.as_requirement()) for d in pkg_resources.require("setuptools")],
        "distutils.commands": commands,
        "resource_exists": pkg_resources.resource_exists("pkg_resources", "__init__.py"),
    }


def flow_venusian(folder: Path) -> Any:
    """venusian 3.0's Scanner.scan(): walks a package's modules through find_module()."""
    write_package(folder, {
        "vapp/__init__.py": """
            import venusian

            def register(wrapped):
                def callback(scanner, name, ob):
                    scanner.found.append([ob.__module__, name])
                venusian.attach(wrapped, callback, category="vapp")
                return wrapped

            @register
            def root_view():
                return "root"
        """,
        "vapp/views.py": """
            from vapp import register

            @register
            def home():
                return "home"
        """,
        "vapp/sub/__init__.py": "",
        "vapp/sub/more.py": """
            from vapp import register

            @register
            def more():
                return "more"
        """,
    })
    sys.path.insert(0, str(folder))
    import vapp
    import venusian

    scanner = venusian.Scanner(found=[])
    scanner.scan(vapp, categories=("vapp",))
    return {"found": sorted(scanner.found)}


def flow_gorilla(folder: Path) -> Any:
    """gorilla 0.4's find_patches(): loads a package's submodules through find_loader()."""
    write_package(folder, {
        "gtarget.py": """
            def greet():
                return "hello"
        """,
        "gapp/__init__.py": "",
        "gapp/patches.py": """
            import gorilla
            import gtarget

            @gorilla.patch(gtarget, settings=gorilla.Settings(allow_hit=True))
            def greet():
                return "patched hello"
        """,
        "gapp/sub/__init__.py": "",
        "gapp/sub/deeper.py": """
            import gorilla
            import gtarget

            @gorilla.patch(gtarget, name="farewell")
            def bye():
                return "bye"
        """,
    })
    sys.path.insert(0, str(folder))
    import gapp
    import gorilla
    import gtarget

    patches = gorilla.find_patches([gapp])
    for patch in patches:
        gorilla.apply(patch)
    return {
        "patches": sorted([p.name, p.destination.__name__] for p in patches),
        "greet": gtarget.greet(),
        "farewell": gtarget.farewell(),
        "loaded": sorted(name for name in sys.modules if name.startswith("gapp")),
    }


FLOWS = {"pkg_resources": flow_pkg_resources, "venusian": flow_venusian,
         "gorilla": flow_gorilla}


def main(flow: str, folder: str, *path: str) -> int:
    """Run ``flow``; ``path``: folders to put first on sys.path (where the clients are)."""
    sys.path[:0] = path
    observed: dict[str, Any] = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            observed["result"] = FLOWS[flow](Path(folder))
        except Exception as error:
            observed["raised"] = {"type": type(error).__name__, "message": str(error)}
    observed["warnings"] = sorted({
        (w.category.__name__, str(w.message)) for w in caught
        if any(word in str(w.message) for word in LEGACY_WORDS)
    })
    observed["legacy_api_variable"] = os.environ.get("IMP_COMPAT_LEGACY_API")
    print(json.dumps(observed, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
