"""Building blocks of the export (protocol §9.1): one query per file, the account's scope."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ..cloud.const import GET_ENDPOINTS
from ..common.jsonutil import JsonDict
from ..common.products import HES_SITE_TYPES, device_type_for

POWER_PANEL_SITE_TYPE = 4
_PN_KEYS = ("device_pn", "product_code", "devicePn", "pn")
ENERGY_DAYS = 7
"""Days of the week-range energy files (the simulator re-dates them, so replays can run on)."""


@dataclass(frozen=True)
class ExportQuery:
    """One read request and the export file (without ``.json``) its envelope goes to."""

    name: str
    endpoint: str
    payload: JsonDict = field(default_factory=dict)
    owner_only: bool = False

    @property
    def method(self) -> str:
        """HTTP method of the endpoint (§3.1)."""
        return "GET" if self.endpoint in GET_ENDPOINTS else "POST"


@dataclass(frozen=True)
class ExportDevice:
    """A device found in the bind list, a scene or a HES structure."""

    sn: str
    pn: str
    site_id: str

    @property
    def type(self) -> str:
        """Device type of the product code (`solarbank`, `inverter`, …)."""
        return device_type_for(self.pn)


@dataclass
class ExportScope:
    """What the account may read: its sites (owner or member) and devices, and the dates."""

    today: date
    now_ts: float = 0.0
    sites: list[JsonDict] = field(default_factory=list)
    devices: dict[str, ExportDevice] = field(default_factory=dict)
    bound: set[str] = field(default_factory=set)
    """Serials of the bind list (main devices)."""

    def site_ids(self) -> list[str]:
        """Ids of the listed sites."""
        return [str(site["site_id"]) for site in self.sites if site.get("site_id")]

    def site_type(self, site_id: str) -> object:
        """``power_site_type`` of a site."""
        site = next((s for s in self.sites if s.get("site_id") == site_id), {})
        return site.get("power_site_type")

    def is_owner(self, site_id: str | None = None) -> bool:
        """Owner of the site (``ms_type`` 0/1); without a site: of any site, or no sites."""
        owned = [s for s in self.sites if s.get("ms_type") in (0, 1, None)]
        if site_id is None:
            return not self.sites or bool(owned)
        return any(s.get("site_id") == site_id for s in owned)

    def hes_sites(self) -> list[str]:
        """Sites of Home Energy Systems."""
        return [sid for sid in self.site_ids() if self.site_type(sid) in HES_SITE_TYPES]

    def panel_sites(self) -> list[str]:
        """Sites of Power Panels."""
        return [sid for sid in self.site_ids() if self.site_type(sid) == POWER_PANEL_SITE_TYPE]

    def balcony_sites(self) -> list[str]:
        """Sites served by ``power_service`` scene info (not HES)."""
        return [sid for sid in self.site_ids() if self.site_type(sid) not in HES_SITE_TYPES]

    def devices_of(self, *types: str) -> list[ExportDevice]:
        """Devices of the given types, sorted by serial."""
        return sorted((d for d in self.devices.values() if d.type in types), key=lambda d: d.sn)

    def add_devices(self, data: Any, site_id: str = "") -> None:
        """Collect every object with a ``device_sn`` (or ``sn``) and product code in `data`."""
        for item in _objects(data):
            serial = item.get("device_sn") or item.get("sn")
            pn = next((item[k] for k in _PN_KEYS if isinstance(item.get(k), str)), None)
            if not isinstance(serial, str) or not serial or not isinstance(pn, str):
                continue
            known = self.devices.get(serial)
            site = str(item.get("site_id") or site_id or (known.site_id if known else ""))
            self.devices[serial] = ExportDevice(serial, pn or (known.pn if known else ""), site)

    def week(self) -> tuple[str, str]:
        """Start and end date of the week-range energy queries."""
        return f"{self.today - timedelta(days=ENERGY_DAYS - 1)}", f"{self.today}"


def _objects(data: Any) -> Iterator[JsonDict]:
    """Every dict nested in `data`."""
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from _objects(value)
    elif isinstance(data, list):
        for item in data:
            yield from _objects(item)


Fetch = Callable[[ExportQuery], Awaitable[Any]]
"""Sends one export query; returns the envelope's ``data`` or None when it failed or was skipped."""
