"""Building blocks of replay reads: envelopes, the request, file lookups, ownership.

A missing file answers what the cloud serves such a system: a default derived from the rest of the
folder (``defaults.py``), an empty list, ``param_data ""``, or code 10000 / 10004 / -1 where the
cloud has no answer; owner-only endpoints answer 160003 to member accounts. With defaults switched
off (``ReplayStore.serve_defaults``) every derived default falls back to its error code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from .store import ReplayStore

Envelope = dict[str, Any]
CODE_FAILED = 10000
CODE_NOT_FOUND = 10004
CODE_NO_PERMISSION = 160003
FAILED = "Failed to request."
NO_PERMISSION = "The device has no access permission."
HES_SITE_TYPES = frozenset({3, 6, 7, 8, 9})
SB1_MODEL = "A17C0"


def ok(data: Any) -> Envelope:
    """A success envelope."""
    return {"code": 0, "msg": "success!", "data": data, "trace_id": ""}


def failed(code: int = CODE_FAILED, msg: str = FAILED) -> Envelope:
    """An error envelope (``-1``, ``10000``, ``10004`` …)."""
    return {"code": code, "msg": msg, "data": None, "trace_id": ""}


def no_permission() -> Envelope:
    """The answer of owner-only endpoints to member accounts."""
    return failed(CODE_NO_PERMISSION, NO_PERMISSION)


@dataclass(frozen=True)
class ReplayRequest:
    """One read: the store, the request body, the replay clock and the export's UTC offset."""

    store: ReplayStore
    body: dict[str, Any]
    now: float
    offset_minutes: int

    @property
    def defaults(self) -> bool:
        """Answer missing files with derived defaults (False: the error code of a missing file)."""
        return self.store.serve_defaults

    def text(self, key: str) -> str:
        """A body field as text (``""`` when missing)."""
        value = self.body.get(key)
        return "" if value is None else str(value)

    def local_date(self, ts: float) -> date:
        """The export-local calendar date of a Unix time."""
        return datetime.fromtimestamp(ts, timezone(timedelta(minutes=self.offset_minutes))).date()

    def today(self) -> date:
        """The export-local date of the replay clock."""
        return self.local_date(self.now)

    def file_today(self, site_id: str | None) -> date:
        """The local date of the export moment of a site (the exported "today")."""
        base = self.store.site_base_time(site_id, self.offset_minutes)
        return self.today() if base is None else self.local_date(base)


Handler = Callable[[ReplayRequest], Envelope]
NameOf = Callable[[ReplayRequest], str]


def from_file(req: ReplayRequest, name: str, default: Envelope) -> Envelope:
    """The stored envelope ``name``, or ``default`` when the export has no such file."""
    envelope = req.store.get(name)
    return default if envelope is None else envelope


def from_file_or_default(
    req: ReplayRequest, name: str, missing: Envelope, build: Callable[[ReplayRequest], Any]
) -> Envelope:
    """The stored envelope ``name``; when missing, ``ok(build(req))`` (defaults on and the
    builder has an answer), else ``missing``."""
    envelope = req.store.get(name)
    if envelope is not None:
        return envelope
    data = build(req) if req.defaults else None
    return missing if data is None else ok(data)


def default_route(
    name: NameOf, missing: Envelope, build: Callable[[ReplayRequest], Any], *, owner: bool = False
) -> Handler:
    """Answer one stored file, else its derived default (owner-only: members get 160003)."""

    def handler(req: ReplayRequest) -> Envelope:
        if owner and not is_owner_of_request(req):
            return no_permission()
        return from_file_or_default(req, name(req), missing, build)

    return handler


def fixed(name: str) -> NameOf:
    """A file name that does not depend on the request."""
    return lambda _req: name


def named(prefix: str, key: str) -> NameOf:
    """File name ``<prefix>_<body[key]>`` (spaces replaced by ``_``)."""
    return lambda req: f"{prefix}_{req.text(key).replace(' ', '_')}"


def file_route(name: NameOf, default: Envelope) -> Handler:
    """Answer one stored file whose name depends on the request."""
    return lambda req: from_file(req, name(req), default)


def owner_route(name: NameOf, default: Envelope, member: Envelope | None = None) -> Handler:
    """Like :func:`file_route` for an owner-only endpoint (members get ``member``/160003)."""

    def handler(req: ReplayRequest) -> Envelope:
        if not is_owner_of_request(req):
            return member or no_permission()
        return from_file(req, name(req), default)

    return handler


def scene_devices(scene: Any) -> list[dict[str, Any]]:
    """All device entries listed in a scene ``data``."""
    if not isinstance(scene, dict):
        return []
    lists: list[Any] = [scene.get("solar_list"), scene.get("powerpanel_list")]
    for section, key in (
        ("solarbank_info", "solarbank_list"),
        ("grid_info", "grid_list"),
        ("smart_plug_info", "smartplug_list"),
        ("pps_info", "pps_list"),
    ):
        part = scene.get(section)
        if isinstance(part, dict):
            lists.append(part.get(key))
    return [item for items in lists for item in items or [] if isinstance(item, dict)]


def site_of_device(store: ReplayStore, device_sn: str) -> str | None:
    """The id of the site a device belongs to (site list, then scene device lists)."""
    if not device_sn:
        return None
    for site in store.sites():
        for device in site.get("site_device_list") or []:
            if isinstance(device, dict) and device.get("device_sn") == device_sn:
                return str(site.get("site_id"))
    for site_id in store.site_ids():
        devices = scene_devices(store.data(f"scene_{site_id}"))
        if any(device.get("device_sn") == device_sn for device in devices):
            return site_id
    return None


def request_device_sn(req: ReplayRequest) -> str:
    """The device serial a request refers to, if any."""
    for key in ("device_sn", "solarbank_sn", "sn", "evChargerSn", "main_sn"):
        if req.text(key):
            return req.text(key)
    return ""


def is_owner_of_request(req: ReplayRequest) -> bool:
    """Whether the account owns the site (or the device's site) the request refers to."""
    site_id = req.text("site_id") or req.text("siteId")
    if not site_id:
        site_id = site_of_device(req.store, request_device_sn(req)) or ""
    if site_id in req.store.site_ids():
        return req.store.is_owner(site_id)
    return req.store.is_owner(None)


def site_models(store: ReplayStore, site_id: str) -> set[str]:
    """Product codes present in a site (site list entry and scene devices)."""
    models: set[str] = set()
    for site in store.sites():
        if site.get("site_id") == site_id:
            models.update(str(model) for model in site.get("current_site_device_models") or [])
            for device in site.get("site_device_list") or []:
                if isinstance(device, dict):
                    models.add(str(device.get("device_model", "")))
    for device in scene_devices(store.data(f"scene_{site_id}")):
        models.add(str(device.get("device_pn", "")))
    return models


def site_type(store: ReplayStore, site_id: str) -> int | None:
    """The ``power_site_type`` of a site, if known."""
    for site in store.sites():
        if site.get("site_id") == site_id and isinstance(site.get("power_site_type"), int):
            return int(site["power_site_type"])
    return None
