"""``@record``: a dataclass that is cheap to define.

Every command imports some eighty dataclasses (the pack models, attempts, plans, checklists), and
on Python 3.11 ``@dataclass(frozen=True)`` compiles six methods per class with ``exec``: about
1.4 ms a class, 0.12 s of every run, a third of what a bare Typer app takes to start. ``record``
lets the standard ``dataclass`` collect the fields (no method compiled) and gives every record
the same few methods, made from the fields when the class is defined: nothing is compiled, so a
class costs about a tenth as much to define. What a caller sees is a real dataclass:
``dataclasses.fields``, ``replace``, ``asdict`` and pydantic's validation work unchanged, and mypy
checks a record as it checks a dataclass (``dataclass_transform``: the ``__init__`` signature,
``frozen``, ``kw_only``).

The differences are narrow and deliberate:
- ``__init__``, equality, hashing and ``repr`` run shared code over the fields instead of code
  compiled per class: slower per call (a microsecond or two more to make a record), which no
  command notices (pydantic and the content cache fill records without calling ``__init__``).
  ``__init__`` takes the same arguments and raises ``TypeError`` for the same mistakes; the
  messages are worded a little differently;
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
    if not cls.__dict__.get("__doc__"):
        cls.__doc__ = f"{cls.__name__}(...)"  # as dataclass would, without inspect.signature
    made = dataclasses.dataclass(cls, init=False, eq=False, repr=False, kw_only=kw_only)
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

    made.__init__ = _init(made, fields)  # type: ignore[method-assign]
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


def _init(cls: type[Any], fields: tuple[dataclasses.Field[Any], ...]) -> Callable[..., None]:
    """The ``__init__`` the standard ``dataclass`` would compile for ``fields``, as one shared
    function: positional parameters in field order (those not keyword-only), defaults, default
    factories (called for each instance, for fields left out of ``__init__`` too), then
    ``__post_init__``. Values go straight into the instance's ``__dict__``, as a
    frozen dataclass's ``__init__`` sets them past its ``__setattr__``."""
    missing = dataclasses.MISSING
    taken = [f for f in fields if f.init]
    positional = tuple(f.name for f in taken if not f.kw_only)
    accepted = frozenset(f.name for f in taken)
    required = tuple(f.name for f in taken if f.default is missing and f.default_factory is missing)
    # (name, takes an argument, default, factory) in field order, the order __dict__ keeps.
    plan = tuple((f.name, f.init, f.default, f.default_factory) for f in fields)
    post_init = getattr(cls, "__post_init__", None)
    title = f"{cls.__qualname__}.__init__()"

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if len(args) > len(positional):
            raise TypeError(
                f"{title} takes {len(positional) + 1} positional arguments but "
                f"{len(args) + 1} were given"
            )
        given = dict(zip(positional, args, strict=False))
        for name in kwargs:
            if name in given:
                raise TypeError(f"{title} got multiple values for argument '{name}'")
            if name not in accepted:
                raise TypeError(f"{title} got an unexpected keyword argument '{name}'")
        given.update(kwargs)
        absent = [name for name in required if name not in given]
        if absent:
            raise TypeError(f"{title} missing required arguments: {', '.join(absent)}")
        values = self.__dict__
        for name, init, default, factory in plan:
            if init and name in given:
                values[name] = given[name]
            elif factory is not missing:
                values[name] = factory()
            elif init and default is not missing:
                values[name] = default  # (a field left out of __init__ keeps its class default)
        if post_init is not None:
            post_init(self)

    return __init__


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The compared fields of an instance, as a tuple (``attrgetter`` runs in C)."""
    if not names:
        return lambda _obj: ()
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return attrgetter(*names)
