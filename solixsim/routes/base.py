"""Building blocks of the read endpoints: route table entries, request context, answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from solixsim.reply import SimReply
from solixsim.scenario import ScenarioStore
from solixsim.sitetime import SiteTimes

FAILED = "Failed to request."
NO_PERMISSION = "The device has no access permission."
CODE_FAILED = 10000
CODE_NOT_FOUND = 10004
CODE_NO_PERMISSION = 160003
# Sites of these power_site_type values are Home Energy Systems (protocol §4.12).
HES_SITE_TYPES = frozenset({3, 6, 7, 8, 9})
SB1_MODEL = "A17C0"


@dataclass(frozen=True)
class RequestContext:
    """What a read endpoint handler gets: the scenario, the request body and the site clocks."""

    store: ScenarioStore
    body: dict[str, Any]
    now: float
    times: SiteTimes
    eu_server: bool

    def text(self, key: str) -> str:
        """A body field as text (``""`` when missing)."""
        value = self.body.get(key)
        return "" if value is None else str(value)


Handler = Callable[[RequestContext], SimReply]


@dataclass(frozen=True)
class Route:
    """A read endpoint: its handler, HTTP method and mandatory body fields."""

    handler: Handler
    method: str = "POST"
    required: tuple[str, ...] = ()


def ok(data: Any) -> SimReply:
    """A success envelope."""
    return SimReply(data=data)


def failed(code: int = CODE_FAILED, msg: str = FAILED) -> SimReply:
    """An error envelope in HTTP 200 (``-1``, ``10000``, ``10004`` …)."""
    return SimReply(code=code, msg=msg)


def no_permission() -> SimReply:
    """The answer of owner-only endpoints to member accounts."""
    return SimReply(code=CODE_NO_PERMISSION, msg=NO_PERMISSION)


def envelope_reply(envelope: dict[str, Any]) -> SimReply:
    """A stored envelope as a reply (a fresh trace id is added when it is sent)."""
    code = envelope.get("code", 0)
    return SimReply(
        code=code if isinstance(code, int) else CODE_FAILED,
        msg=str(envelope.get("msg", "success!")),
        data=envelope.get("data"),
    )


def from_file(ctx: RequestContext, name: str, default: SimReply) -> SimReply:
    """The stored response ``name``, or ``default`` when the scenario has no such file."""
    envelope = ctx.store.get(name)
    return default if envelope is None else envelope_reply(envelope)


def file_route(
    name: Callable[[RequestContext], str],
    default: SimReply,
    *,
    required: tuple[str, ...] = (),
    method: str = "POST",
) -> Route:
    """A route answering one stored file whose name depends on the request."""
    return Route(lambda ctx: from_file(ctx, name(ctx), default), method, required)


def owner_route(
    name: Callable[[RequestContext], str],
    default: SimReply,
    *,
    required: tuple[str, ...] = (),
    member: SimReply | None = None,
) -> Route:
    """Like :func:`file_route` for an owner-only endpoint (members get ``member``/160003)."""

    def handler(ctx: RequestContext) -> SimReply:
        if not is_owner_of_request(ctx):
            return member or no_permission()
        return from_file(ctx, name(ctx), default)

    return Route(handler, "POST", required)


def fixed_name(name: str) -> Callable[[RequestContext], str]:
    """A file name that does not depend on the request."""
    return lambda _ctx: name


def named(prefix: str, key: str) -> Callable[[RequestContext], str]:
    """File name ``<prefix>_<body[key]>`` (spaces replaced by ``_``)."""
    return lambda ctx: f"{prefix}_{file_part(ctx.text(key))}"


def file_part(value: str) -> str:
    """A request value as it appears in export file names."""
    return value.replace(" ", "_")


def site_of(ctx: RequestContext) -> dict[str, Any] | None:
    """The site_list entry of the request's site (``site_id``/``siteId``, else the device's)."""
    site_id = ctx.text("site_id") or ctx.text("siteId")
    if not site_id:
        site_id = site_of_device(ctx.store, request_device_sn(ctx)) or ""
    return next((site for site in ctx.store.sites() if site.get("site_id") == site_id), None)


def request_device_sn(ctx: RequestContext) -> str:
    """The device serial a request refers to, if any."""
    for key in ("device_sn", "solarbank_sn", "sn", "evChargerSn", "main_sn"):
        if ctx.text(key):
            return ctx.text(key)
    return ""


def is_owner_of_request(ctx: RequestContext) -> bool:
    """Whether the account owns the site (or device) the request refers to."""
    site = site_of(ctx)
    if site is not None:
        return ctx.store.is_owner(str(site.get("site_id")))
    return ctx.store.is_owner(None)


def site_device_models(store: ScenarioStore, site_id: str) -> set[str]:
    """Product codes present in a site (site list entry and scene solarbanks)."""
    models: set[str] = set()
    for site in store.sites():
        if site.get("site_id") != site_id:
            continue
        models.update(str(model) for model in site.get("current_site_device_models") or [])
        for device in site.get("site_device_list") or []:
            if isinstance(device, dict):
                models.add(str(device.get("device_model", "")))
    for device in _scene_devices(store.data(f"scene_{site_id}")):
        models.add(str(device.get("device_pn", "")))
    return models


def site_has_sb1(store: ScenarioStore, site_id: str) -> bool:
    """True when a Solarbank 1 is part of the site."""
    return SB1_MODEL in site_device_models(store, site_id)


def site_type(store: ScenarioStore, site_id: str) -> int | None:
    """The ``power_site_type`` of a site, if known."""
    for site in store.sites():
        if site.get("site_id") == site_id and isinstance(site.get("power_site_type"), int):
            return int(site["power_site_type"])
    return None


def site_of_device(store: ScenarioStore, device_sn: str) -> str | None:
    """The id of the site a device belongs to (site list, then scene device lists)."""
    if not device_sn:
        return None
    for site in store.sites():
        for device in site.get("site_device_list") or []:
            if isinstance(device, dict) and device.get("device_sn") == device_sn:
                return str(site.get("site_id"))
    for site_id in store.site_ids():
        scene = store.data(f"scene_{site_id}")
        if any(device.get("device_sn") == device_sn for device in _scene_devices(scene)):
            return site_id
    return None


def _scene_devices(scene: Any) -> list[dict[str, Any]]:
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
