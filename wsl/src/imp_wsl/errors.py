"""The one exception type the command line turns into ``imp: <message>`` and an exit status."""

from __future__ import annotations


class ImpError(Exception):
    """A one-line, actionable failure: the message says what is wrong and what to do."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
