"""imp: a helper for WSL2 distributions that run systemd natively.

The package is laid out one module per concern: ``cli`` (arguments), ``config`` (/etc/imp.ini),
``system`` (the only place that touches the machine), ``checks`` (platform), ``waits``,
``commands``, ``holder``, ``doctor``, ``generator``, ``mounts`` and ``install``.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
