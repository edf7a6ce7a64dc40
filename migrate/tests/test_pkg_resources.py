"""A real client: setuptools 65.5.0's pkg_resources, fixed by imp-migrate, imports on 3.12+.

Before setuptools 66, ``import pkg_resources`` died on Python 3.12 with ``AttributeError:
module 'pkgutil' has no attribute 'ImpImporter'`` (it registered handlers for the class at
import time). The wheel is downloaded from the package index at test time (nothing of
setuptools is kept here); ``imp-migrate fix`` rewrites a copy; the fixed copy must then give
on 3.12 and 3.13, without imp-compat, what the original gives on 3.11: the working set, entry
points, distributions of a small installed project.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from behaviour import references_required
from legacy_behaviour import python

WHEEL = "setuptools==65.5.0"

USE = """\
import pkg_resources

print(sorted((d.project_name, d.version) for d in pkg_resources.working_set))
print([(ep.name, ep.module_name) for ep in pkg_resources.iter_entry_points("demo.plugins")])
print([ep.load()() for ep in pkg_resources.iter_entry_points("demo.plugins")])
print(pkg_resources.get_distribution("demo").version, pkg_resources.require("demo")[0])
print(pkg_resources.resource_string("demo_plugin", "data.txt"))
"""


def _pkg_resources(tmp_path: Path) -> Path:
    """pkg_resources of setuptools 65.5.0, unpacked under ``tmp_path/original``."""
    download = tmp_path / "download"
    command = [sys.executable, "-m", "pip", "download", WHEEL, "--no-deps", "-q", "-d"]
    done = subprocess.run([*command, str(download)], capture_output=True, text=True)
    if done.returncode != 0:
        message = f"cannot download {WHEEL}: {done.stderr.strip()[-300:]}"
        if references_required():
            pytest.fail(message)
        pytest.skip(message)
    [wheel] = download.glob("*.whl")
    original = tmp_path / "original"
    with zipfile.ZipFile(wheel) as archive:
        members = [name for name in archive.namelist() if name.startswith("pkg_resources/")]
        archive.extractall(original, members)
    return original


def _run(executable: str, *path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "IMP_COMPAT"))}
    env["PYTHONPATH"] = os.pathsep.join(map(str, path))
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run(  # -S: no site-packages (no other setuptools, no imp-compat)
        [executable, "-S", "-c", USE], env=env, capture_output=True, text=True, check=False
    )


def test_fixed_pkg_resources_works_on_3_12_where_the_original_fails(tmp_path: Path) -> None:
    original = _pkg_resources(tmp_path)
    site = tmp_path / "site"
    info = site / "demo-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[demo.plugins]\nalpha = demo_plugin:alpha\n")
    (site / "demo_plugin").mkdir()
    (site / "demo_plugin" / "__init__.py").write_text("def alpha():\n    return 'alpha'\n")
    (site / "demo_plugin" / "data.txt").write_text("some data\n")

    reference = _run(python("3.11"), original, site)
    assert reference.returncode == 0, reference.stderr
    assert "('demo', '1.0')" in reference.stdout and "['alpha']" in reference.stdout
    broken = _run(python("3.12"), original, site)
    assert "AttributeError: module 'pkgutil' has no attribute 'ImpImporter'" in broken.stderr

    fixed = tmp_path / "fixed"
    shutil.copytree(original, fixed)
    done = subprocess.run(
        [sys.executable, "-m", "imp_migrate", "fix", str(fixed)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "4 uses rewritten, 0 left with a TODO(imp) comment" in done.stderr, done.stderr
    source = (fixed / "pkg_resources" / "__init__.py").read_text()
    assert 'if hasattr(pkgutil, "ImpImporter"):\n    register_finder(pkgutil.ImpImporter' in source
    for version in ("3.11", "3.12", "3.13"):
        run = _run(python(version), fixed, site)
        assert run.returncode == 0, f"{version}:\n{run.stderr}"
        assert run.stdout == reference.stdout, version
