"""Settings from ``/etc/imp.ini``: how long imp waits for D-Bus and for systemd.

The file is optional. When present it must parse: a malformed file or a bad value is an
:class:`ImpError` naming the file, the key and what is allowed, never a traceback.
:func:`parse_ini` is imp's one INI reader, also for ``/etc/wsl.conf`` in ``imp --status``.
"""

from __future__ import annotations

import configparser
import math
from dataclasses import dataclass

from imp_wsl.errors import ImpError
from imp_wsl.system import System

CONFIG_PATH = "/etc/imp.ini"
SECTION = "imp"
DEFAULT_TIMEOUT = 240.0
_KEYS = {"dbus-timeout", "systemd-timeout"}


@dataclass(frozen=True)
class Config:
    """Wait limits in seconds."""

    dbus_timeout: float = DEFAULT_TIMEOUT
    systemd_timeout: float = DEFAULT_TIMEOUT


def _seconds(path: str, key: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise ImpError(
            f"{path}: [{SECTION}] {key} = {raw!r} is not a number of seconds (e.g. {key} = 240)",
            2,
        )
    return value


def parse_ini(text: str, source: str, *, strict: bool = True) -> configparser.ConfigParser:
    """Parse INI text as imp reads every such file: ``#`` and ``;`` comments, also after a
    value (``key = 240   ; seconds``), no interpolation, no special [DEFAULT] section.

    ``strict=False`` allows a key twice (the last wins), as WSL does for wsl.conf. Raises
    :class:`configparser.Error`.
    """
    parser = configparser.ConfigParser(
        interpolation=None,
        default_section="\0none",
        strict=strict,
        inline_comment_prefixes=("#", ";"),
    )
    parser.read_string(text, source=source)
    return parser


def load(system: System) -> Config:
    """Read the config file, or return the defaults when it does not exist."""
    file = system.path(CONFIG_PATH)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as exc:
        raise ImpError(f"{CONFIG_PATH}: cannot read it ({exc})", 2) from None
    try:
        parser = parse_ini(text, CONFIG_PATH)
    except configparser.Error as exc:
        first_line = str(exc).splitlines()[0]
        raise ImpError(
            f"{CONFIG_PATH} is not a valid INI file: {first_line}; "
            f"expected a [{SECTION}] section with dbus-timeout/systemd-timeout",
            2,
        ) from None
    if not parser.has_section(SECTION):
        return Config()
    unknown = sorted(set(parser[SECTION]) - _KEYS)
    if unknown:
        raise ImpError(
            f"{CONFIG_PATH}: unknown key(s) {', '.join(unknown)} in [{SECTION}]; "
            f"allowed: {', '.join(sorted(_KEYS))}",
            2,
        )
    section = parser[SECTION]
    defaults = Config()
    return Config(
        dbus_timeout=_seconds(CONFIG_PATH, "dbus-timeout", section["dbus-timeout"])
        if "dbus-timeout" in section
        else defaults.dbus_timeout,
        systemd_timeout=_seconds(CONFIG_PATH, "systemd-timeout", section["systemd-timeout"])
        if "systemd-timeout" in section
        else defaults.systemd_timeout,
    )
