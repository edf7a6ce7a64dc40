"""Names Python 3.15 removed (``load_module()`` on importlib's loaders), with 3.14's
behaviour and warnings. Filled in separately; see ``__init__``'s docstring for ``TARGETS``."""

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

TARGETS: "dict[str, Callable[[ModuleType], list[tuple[object, str, object]]]]" = {}
