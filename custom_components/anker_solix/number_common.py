"""The number description shared by the number tables, and number readers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.number import NumberEntityDescription

from .entity import SolixContext
from .entity_control import SolixControlDescription, field

type Limit = Callable[[SolixContext], float | None]


@dataclass(frozen=True, kw_only=True)
class SolixNumberDescription(NumberEntityDescription, SolixControlDescription):
    """A number of one context; limits and unit may depend on the data."""

    min_fn: Limit | None = None
    """The smallest value the data allows (None: ``native_min_value``)."""
    max_fn: Limit | None = None
    """The largest value the data allows (None: ``native_max_value``)."""
    unit_fn: Callable[[SolixContext], str | None] | None = None
    """The unit when the data names it (currencies)."""
    restore: bool = False
    """A local customization: restored at start (`RestoreNumber`), never sent to the cloud."""
    calculated_fn: Callable[[SolixContext], float | int | None] | None = None
    """The value the client calculates (attribute ``calculated``); a restore is skipped when
    it changed since (the installation changed, so the old customization no longer fits)."""


def number_value(value: object) -> float | int | None:
    """A cloud number (often a string, sometimes with a ``W`` suffix)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return value
    text = str(value).strip().removesuffix("W").strip()
    try:
        parsed = float(text)
    except ValueError:
        return None
    return int(parsed) if parsed.is_integer() and "." not in text else parsed


def number_at(path: str) -> Callable[[SolixContext], float | int | None]:
    """A reader of the number at a dotted path of the context's entry."""

    def read(ctx: SolixContext) -> float | int | None:
        return number_value(field(ctx.entry, path))

    return read
