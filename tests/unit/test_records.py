"""``@record`` behaves as the frozen dataclass it stands in for."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import FrozenInstanceError, field
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supportprep.records import record


@record(frozen=True, kw_only=True)
class Item:
    id: str
    tags: tuple[str, ...] = ()
    weight: float = 1.0
    note: str | None = field(default=None, compare=False, repr=False)


@dataclasses.dataclass(frozen=True, kw_only=True)
class StdItem:
    id: str
    tags: tuple[str, ...] = ()
    weight: float = 1.0
    note: str | None = field(default=None, compare=False, repr=False)


@record
class Tally:
    count: int
    names: list[str] = field(default_factory=list)


values: st.SearchStrategy[dict[str, object]] = st.builds(
    dict,
    id=st.text(max_size=5),
    tags=st.tuples(st.text(max_size=3)),
    weight=st.floats(allow_nan=False),
    note=st.none() | st.text(max_size=3),
)


@given(values, values)
def test_equality_hash_and_repr_match_the_standard_dataclass(
    a: dict[str, object], b: dict[str, object]
) -> None:
    ours_a, ours_b = Item(**a), Item(**b)  # type: ignore[arg-type]
    std_a, std_b = StdItem(**a), StdItem(**b)  # type: ignore[arg-type]
    assert (ours_a == ours_b) == (std_a == std_b)
    if ours_a == ours_b:
        assert hash(ours_a) == hash(ours_b)
    assert repr(ours_a) == repr(std_a).replace("StdItem", "Item")
    assert ours_a != std_a  # type: ignore[comparison-overlap]  # another class is never equal


def test_a_frozen_record_refuses_every_change() -> None:
    item = Item(id="a")
    with pytest.raises(FrozenInstanceError):
        item.id = "b"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del item.weight
    with pytest.raises(FrozenInstanceError):
        item.extra = 1  # type: ignore[attr-defined]
    assert item == Item(id="a")


def test_the_dataclass_tools_work_on_records() -> None:
    item = Item(id="a", tags=("x",))
    assert [f.name for f in dataclasses.fields(item)] == ["id", "tags", "weight", "note"]
    changed = dataclasses.replace(item, weight=2.0)
    assert changed == Item(id="a", tags=("x",), weight=2.0) and item.weight == 1.0
    assert dataclasses.asdict(item) == {"id": "a", "tags": ("x",), "weight": 1.0, "note": None}
    assert copy.deepcopy(item) == item
    assert pickle.loads(pickle.dumps(item)) == item
    assert {item, Item(id="a", tags=("x",), note="ignored")} == {item}  # note is not compared
    with pytest.raises(TypeError):
        Item("a")  # type: ignore[call-arg]  # keyword only
    assert dataclasses.is_dataclass(Item)


def test_a_mutable_record_is_mutable_and_unhashable() -> None:
    tally = Tally(1)
    tally.count += 1
    tally.names.append("x")
    assert tally == Tally(2, ["x"]) and repr(tally) == "Tally(count=2, names=['x'])"
    assert Tally(0).names is not Tally(0).names
    with pytest.raises(TypeError):
        hash(tally)


def test_pydantic_validates_a_record_model() -> None:
    """The pack models are records that pydantic validates (``packs/models.py``)."""
    from supportprep.packs.models import Role, validator

    role = validator(Role).validate_python({"id": "csm", "name": " Support ", "description": "d"})
    assert role == Role(id="csm", name="Support", description="d")
    with pytest.raises(FrozenInstanceError):
        role.name = "x"  # type: ignore[misc]


@dataclasses.dataclass(kw_only=False)
class StdMixed:
    a: int
    b: list[int] = field(default_factory=list)
    c: str = "c"
    d: int = field(default=0, kw_only=True)
    e: float = field(default=0.5, init=False)

    def __post_init__(self) -> None:
        self.b.append(self.a)


@record
class Mixed:
    a: int
    b: list[int] = field(default_factory=list)
    c: str = "c"
    d: int = field(default=0, kw_only=True)
    e: float = field(default=0.5, init=False)

    def __post_init__(self) -> None:
        self.b.append(self.a)


call_args = st.lists(st.integers(0, 3), max_size=4)
call_kwargs = st.dictionaries(
    st.sampled_from(["a", "b", "c", "d", "e", "x"]), st.integers(), max_size=4
)


@given(call_args, call_kwargs)
def test_init_accepts_and_refuses_what_the_standard_init_does(
    args: list[int], kwargs: dict[str, int]
) -> None:
    """The same calls succeed (with the same fields) or raise TypeError as the compiled
    ``__init__`` of the standard dataclass, defaults, factories and ``__post_init__`` included."""
    made: dict[str, object] = {}
    classes: tuple[Any, ...] = (StdMixed, Mixed)
    for cls in classes:
        try:
            made[cls.__name__] = vars(cls(*args, **kwargs))
        except (TypeError, AttributeError) as exc:  # AttributeError: __post_init__ on a bad b
            made[cls.__name__] = type(exc)
    assert made["Mixed"] == made["StdMixed"]
    if isinstance(made["Mixed"], dict):
        assert Mixed(1).b is not Mixed(1).b  # a fresh factory value each time
