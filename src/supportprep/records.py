"""``@record``: a dataclass that is cheap to define.

Every command imports some eighty dataclasses (the pack models, attempts, plans, checklists), and
on Python 3.11 ``@dataclass(frozen=True)`` compiles six methods per class with ``exec``: about
1.4 ms a class, 0.12 s of every run, a third of what a bare Typer app takes to start. ``record``
asks the standard ``dataclass`` for the ``__init__`` alone (the only method whose code depends on
the fields' defaults) and gives every record the same few shared methods for the rest, so a class
costs about a fifth as much to define. What a caller sees is a real dataclass:
``dataclasses.fields``, ``replace``, ``asdict`` and pydantic's validation work unchanged, and mypy
checks a frozen record as it checks a frozen dataclass (``dataclass_transform``).

The differences are narrow and deliberate:
- equality, hashing and ``repr`` run shared code over the fields instead of code generated per
  class: slower per call, which no command notices;
- a frozen record's fields are written once: ``__init__`` sets each field, and any later
  assignment or deletion raises ``FrozenInstanceError``, as on a frozen dataclass. Attributes that
  are not fields cannot be set either.

Slotted classes (``slots=True``) keep the standard decorator: they are rebuilt as new classes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")


@overload
def record(cls: type[T], /) -> type[T]: ...


@overload
def record(*, frozen: bool = False, kw_only: bool = False) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(field_specifiers=(dataclasses.field,))
def record(
    cls: type[T] | None = None, /, *, frozen: bool = False, kw_only: bool = False
) -> type[T] | Callable[[type[T]], type[T]]:
    """Make ``cls`` a dataclass, frozen or not, with ``kw_only`` as ``dataclass`` has it."""

    def wrap(cls: type[T]) -> type[T]:
        return _record(cls, frozen=frozen, kw_only=kw_only)

    return wrap if cls is None else wrap(cls)


def _record(cls: type[T], *, frozen: bool, kw_only: bool) -> type[T]:
    made = dataclasses.dataclass(cls, eq=False, repr=False, kw_only=kw_only)
    fields = dataclasses.fields(made)  # type: ignore[arg-type]
    compared = _getter(tuple(f.name for f in fields if f.compare))
    shown = tuple(f.name for f in fields if f.repr)
    names = frozenset(f.name for f in fields)

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(compared(self) == compared(other))

    def __repr__(self: Any) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({values})"

    made.__eq__ = __eq__  # type: ignore[method-assign]
    made.__repr__ = __repr__  # type: ignore[method-assign]
    if not frozen:
        made.__hash__ = None  # type: ignore[assignment]  # as a mutable dataclass with eq
        return made

    def __setattr__(self: Any, name: str, value: object) -> None:
        if name in self.__dict__ or name not in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self: Any, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def __hash__(self: Any) -> int:
        return hash(compared(self))

    made.__setattr__ = __setattr__  # type: ignore[method-assign]
    made.__delattr__ = __delattr__  # type: ignore[method-assign]
    made.__hash__ = __hash__  # type: ignore[method-assign]
    return made


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The compared fields of an instance, as a tuple (``attrgetter`` runs in C)."""
    if not names:
        return lambda _obj: ()
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return attrgetter(*names)
