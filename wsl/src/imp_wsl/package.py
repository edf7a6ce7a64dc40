"""Whether a distribution package installed the generator (then ``imp --install`` is not needed).

The Debian package ``imp-wsl`` ships the generator in ``/usr/lib/systemd/system-generators``;
``imp --install`` writes its own copy in ``/etc/systemd/system-generators``. The package's
files belong to the package manager: imp reports them and never removes them.
"""

from __future__ import annotations

from dataclasses import dataclass

from imp_wsl.system import System

PACKAGE = "imp-wsl"
PACKAGED_GENERATOR_PATH = "/usr/lib/systemd/system-generators/imp-wsl-generator"
DPKG_LIST = f"/var/lib/dpkg/info/{PACKAGE}.list"


@dataclass(frozen=True)
class PackagedGenerator:
    """The generator in /usr/lib: who installed it, and how to remove it."""

    owner: str
    remove_hint: str


def packaged_generator(system: System) -> PackagedGenerator | None:
    """The generator a package put in /usr/lib, with its owner from dpkg's records, or None."""
    if not system.path(PACKAGED_GENERATOR_PATH).exists():
        return None
    if PACKAGED_GENERATOR_PATH in (system.read_text(DPKG_LIST) or "").splitlines():
        return PackagedGenerator(f"package {PACKAGE}", f"sudo apt-get remove {PACKAGE}")
    return PackagedGenerator(
        "a distribution package", "remove the package with your package manager"
    )
