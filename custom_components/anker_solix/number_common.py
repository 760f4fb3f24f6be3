"""The number description shared by the number tables."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.number import NumberEntityDescription

from .context import SolixContext
from .entity_control import SolixControlDescription

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
