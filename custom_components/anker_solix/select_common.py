"""The select description shared by the select tables."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.select import SelectEntityDescription

from .context import SolixContext
from .entity_control import SolixControlDescription
from .solixapi import SolixPoller


@dataclass(frozen=True, kw_only=True)
class SolixSelectDescription(SelectEntityDescription, SolixControlDescription):
    """A select of one context; its options may depend on the data."""

    options_fn: Callable[[SolixContext], list[str]]
    restore: bool = False
    """Members' local choice: restored at start and applied as a cache customization."""
    load_fn: Callable[[SolixPoller, str], Awaitable[Any]] | None = None
    """Reads option lists once after the entity was added (catalogues the cache lacks)."""
