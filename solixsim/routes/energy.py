"""Energy statistics (§7): balcony energy analysis, HES and Power Panel statistics."""

from __future__ import annotations

from typing import Any

from solixsim.hooks import shift_energy_response
from solixsim.reply import SimReply
from solixsim.routes.base import RequestContext, Route, envelope_reply, ok

ENERGY_ANALYSIS = "power_service/v1/site/energy_analysis"
DAY = "day"


def shifted(ctx: RequestContext, name: str, site_id: str | None, missing: SimReply) -> SimReply:
    """A stored energy response re-dated so its exported "today" is the clock's today."""
    envelope = ctx.store.get(name)
    if envelope is None:
        return missing
    data = envelope.get("data")
    if envelope.get("code", 0) != 0 or not isinstance(data, dict):
        return envelope_reply(envelope)
    return ok(shift_energy_response(data, ctx.times.file_today(site_id), ctx.times.today()))


def energy_analysis(ctx: RequestContext) -> SimReply:
    """``energy_<device_type>[_today]_<site>`` (``_today`` for ``type`` day)."""
    site_id = ctx.text("site_id")
    day = ctx.text("type") == DAY
    today = "_today" if day else ""
    empty: dict[str, Any] = {
        "power": [],
        "charge_trend": None,
        "charge_level": [],
        "power_unit": "wh",
        "trend_unit": "w" if day else "kwh",
    }
    name = f"energy_{ctx.text('device_type')}{today}_{site_id}"
    return shifted(ctx, name, site_id, ok(empty))


def statistics_name(prefix: str, ctx: RequestContext) -> str:
    """``<prefix>_<sourceType>[_today]_<siteId>`` of HES / Power Panel statistics."""
    today = "_today" if ctx.text("dateType") == DAY else ""
    return f"{prefix}_{ctx.text('sourceType')}{today}_{ctx.text('siteId')}"


def energy_statistics(prefix: str, ctx: RequestContext) -> SimReply:
    """HES (``hes_energy``) or Power Panel (``charging_energy``) statistics, re-dated."""
    empty: dict[str, Any] = {"power": [], "energy": [], "aggregates": [], "chargeLevel": []}
    return shifted(ctx, statistics_name(prefix, ctx), ctx.text("siteId"), ok(empty))


ROUTES: dict[str, Route] = {
    ENERGY_ANALYSIS: Route(
        energy_analysis,
        required=("site_id", "device_sn", "type", "start_time", "end_time", "device_type"),
    ),
}
