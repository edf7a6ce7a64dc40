"""Names Python 3.12 removed, with 3.11's behaviour and warnings. See ``__init__``'s
docstring for ``TARGETS``."""

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

TARGETS: "dict[str, Callable[[ModuleType], list[tuple[object, str, object]]]]" = {}
