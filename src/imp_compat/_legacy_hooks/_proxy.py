"""A see-through stand-in for a user's finder, loader or path hook.

Adapters replace the user's object in ``sys.meta_path``, ``sys.path_hooks`` or
``sys.path_importer_cache``. Legacy code still looks its own object up there
(``sys.meta_path.remove(finder)``, ``isinstance(entry, MyImporter)``,
``finder in sys.meta_path``), so an adapter compares equal to, hashes like, reports the class
of, and forwards attribute access to the object it wraps. Only ``is`` tells them apart.
"""

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing takes ~10 ms to import: kept out of ``import imp``
    from typing import Any


class Proxy:
    """Forwards everything it does not define itself to the wrapped object."""

    __slots__ = ("__weakref__", "_wrapped")

    _wrapped: "Any"

    def __init__(self, wrapped: object) -> None:
        object.__setattr__(self, "_wrapped", wrapped)

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        return self._wrapped.__class__  # type: ignore[no-any-return]

    def __getattr__(self, name: str) -> "Any":
        if name == "_wrapped":  # Not set yet (an instance made without __init__): no recursion.
            raise AttributeError(name)
        return getattr(self._wrapped, name)

    def __setattr__(self, name: str, value: object) -> None:
        setattr(self._wrapped, name, value)

    def __delattr__(self, name: str) -> None:
        delattr(self._wrapped, name)

    def __eq__(self, other: object) -> bool:
        return bool(self._wrapped == unwrap(other))

    def __hash__(self) -> int:
        return hash(self._wrapped)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} for {self._wrapped!r}>"


def unwrap(obj: object) -> "Any":
    """The user's own object behind ``obj`` (``obj`` itself when it is no adapter)."""
    while isinstance(obj, Proxy):
        obj = object.__getattribute__(obj, "_wrapped")
    return obj


def is_proxy(obj: object) -> bool:
    """True for our adapters only: ``type()`` is not fooled by the ``__class__`` property."""
    return issubclass(type(obj), Proxy)


def object_name(obj: object) -> str:
    """The name importlib 3.11 put in its ImportWarnings: a class's qualname, else its type's."""
    obj = unwrap(obj)
    try:
        return str(obj.__qualname__)  # type: ignore[attr-defined]
    except AttributeError:
        return type(obj).__qualname__
