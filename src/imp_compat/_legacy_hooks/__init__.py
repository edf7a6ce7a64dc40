"""PEP 302 import hooks (``find_module``/``find_loader`` finders, ``load_module`` loaders)
working on Python 3.12+ as they did on Python 3.11.

``import imp`` switches this on (legacy code that installs such hooks imports ``imp``);
``install()`` switches it on explicitly, ``uninstall()`` off, and the environment variable
``IMP_COMPAT_LEGACY_HOOKS=0`` keeps it off. See ``docs/legacy-hooks.md``.
"""

import os
import sys

from ._watcher import LegacyHookWatcher, restore_originals

__all__ = ["ENVIRONMENT_VARIABLE", "enabled_by_environment", "install", "is_installed", "uninstall"]

#: Set to ``0`` (or ``false``, ``no``, ``off``) to keep the legacy hooks switched off.
ENVIRONMENT_VARIABLE = "IMP_COMPAT_LEGACY_HOOKS"
_OFF_VALUES = frozenset({"0", "false", "no", "off"})

# Python 3.11's importlib still honours legacy finders and loaders by itself.
_NEEDED = sys.version_info >= (3, 12)

_active_watcher: "LegacyHookWatcher | None" = None


def enabled_by_environment() -> bool:
    """False when ``IMP_COMPAT_LEGACY_HOOKS`` is set to 0, false, no or off."""
    value = os.environ.get(ENVIRONMENT_VARIABLE, "")
    return value.strip().lower() not in _OFF_VALUES


def is_installed() -> bool:
    """Whether legacy hooks are being adapted in this interpreter right now."""
    return _active_watcher is not None and any(f is _active_watcher for f in sys.meta_path)


def install() -> None:
    """Make legacy finders and loaders work as on Python 3.11 (idempotent).

    Does nothing on Python 3.11 and older, whose importlib does this itself, and nothing when
    ``IMP_COMPAT_LEGACY_HOOKS=0`` is set. Called again, it adapts at once any hook installed
    since (otherwise that happens at the next import).
    """
    global _active_watcher
    if not _NEEDED or not enabled_by_environment():
        return
    if _active_watcher is None or not is_installed():
        _active_watcher = LegacyHookWatcher()
        sys.meta_path.insert(0, _active_watcher)
    _active_watcher.refresh()


def uninstall() -> None:
    """Put every hook back as the user installed it and stop adapting (idempotent)."""
    global _active_watcher
    watcher, _active_watcher = _active_watcher, None
    if watcher is not None:
        restore_originals(watcher)
