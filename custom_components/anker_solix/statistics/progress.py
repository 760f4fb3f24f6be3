"""The history import's state in Home Assistant's storage: resumable after a restart.

``days``: per system, the days imported so far with a fingerprint of their values (a day whose
fingerprint is unchanged is not imported again). ``backfill``: the range being imported, its
state (``running``, ``paused`` after a cloud failure, ``done``) and the counts shown to the user.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store

from custom_components.anker_solix.const import DOMAIN

STORE_VERSION = 1
RUNNING = "running"
PAUSED = "paused"
DONE = "done"


@dataclass
class Backfill:
    """One requested import of a date range."""

    start: str
    end: str
    state: str = RUNNING
    days_total: int = 0
    days_done: int = 0
    requests: int = 0

    @property
    def first(self) -> date:
        """The range's first day."""
        return date.fromisoformat(self.start)

    @property
    def last(self) -> date:
        """The range's last day."""
        return date.fromisoformat(self.end)


@dataclass
class Progress:
    """The stored state of one config entry's history import."""

    days: dict[str, dict[str, str]] = field(default_factory=dict)
    backfill: Backfill | None = None
    started: bool = False
    """Whether the first-setup backfill was planned already (never planned twice)."""

    def imported(self, site_id: str) -> dict[str, str]:
        """Fingerprints of the days imported for one system."""
        return self.days.setdefault(site_id, {})

    def as_dict(self) -> dict[str, Any]:
        """The JSON form written to storage."""
        return {
            "days": self.days,
            "backfill": asdict(self.backfill) if self.backfill else None,
            "started": self.started,
        }


class ProgressStore:
    """Loads and saves one entry's :class:`Progress`."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """A store named after the entry."""
        self._store: Store[dict[str, Any]] = Store(
            hass, STORE_VERSION, f"{DOMAIN}.history_{entry_id}"
        )

    async def async_load(self) -> Progress:
        """The stored progress (empty for a new entry or unreadable data)."""
        data = await self._store.async_load() or {}
        days = data.get("days")
        backfill = data.get("backfill")
        try:
            loaded = Backfill(**backfill) if isinstance(backfill, dict) else None
        except TypeError:
            loaded = None
        return Progress(
            days={
                str(site): {str(day): str(print_) for day, print_ in values.items()}
                for site, values in (days.items() if isinstance(days, dict) else ())
                if isinstance(values, dict)
            },
            backfill=loaded,
            started=bool(data.get("started")),
        )

    async def async_save(self, progress: Progress) -> None:
        """Write the progress now (after every imported range)."""
        await self._store.async_save(progress.as_dict())

    async def async_remove(self) -> None:
        """Forget the progress of a removed entry."""
        await self._store.async_remove()
