"""Energy statistics (§7): balcony energy analysis, HES and Power Panel statistics.

Answers are built from the exported week (``…_<site>``) and today (``…_today_<site>``) files,
re-dated to the clock's today, for the requested days only (see ``solixsim.energy_answers``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from solixsim.energy_answers import (
    ANALYSIS,
    STATISTICS,
    EnergyShape,
    day_answer,
    interval_answer,
    requested_days,
)
from solixsim.hooks import shift_energy_response
from solixsim.reply import SimReply
from solixsim.routes.base import RequestContext, Route, envelope_reply, ok

ENERGY_ANALYSIS = "power_service/v1/site/energy_analysis"
DAY = "day"


@dataclass(frozen=True)
class EnergyQuery:
    """One energy request: its response family, stored files and requested dates."""

    shape: EnergyShape
    week_name: str
    today_name: str
    site_id: str | None
    day: bool
    start: str
    end: str


def _date(text: str) -> date | None:
    """A ``YYYY-MM-DD`` text as a date (None when it is not one)."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _stored(ctx: RequestContext, name: str, site_id: str | None) -> dict[str, Any] | None:
    """The re-dated ``data`` of a stored successful response, None otherwise."""
    envelope = ctx.store.get(name)
    data = envelope.get("data") if envelope is not None else None
    if envelope is None or envelope.get("code", 0) != 0 or not isinstance(data, dict):
        return None
    return shift_energy_response(data, ctx.times.file_today(site_id), ctx.times.today())


def energy_answer(ctx: RequestContext, query: EnergyQuery, missing: SimReply) -> SimReply:
    """The stored answer of a query, narrowed to the requested days (``missing`` without file).

    Requests without a readable start date get the whole stored file, re-dated.
    """
    name = query.today_name if query.day else query.week_name
    envelope = ctx.store.get(name)
    if envelope is None:
        return missing
    data = _stored(ctx, name, query.site_id)
    if data is None:
        return envelope_reply(envelope)
    start = _date(query.start)
    if start is None:
        return ok(data)
    today = ctx.times.today()
    if query.day:
        week = _stored(ctx, query.week_name, query.site_id)
        return ok(day_answer(query.shape, week, data, start, today))
    end = _date(query.end) or start
    today_data = _stored(ctx, query.today_name, query.site_id)
    return ok(interval_answer(query.shape, data, today_data, requested_days(start, end), today))


def energy_analysis(ctx: RequestContext) -> SimReply:
    """``energy_<device_type>[_today]_<site>`` (``_today`` for ``type`` day)."""
    site_id = ctx.text("site_id")
    day = ctx.text("type") == DAY
    empty: dict[str, Any] = {
        "power": [],
        "charge_trend": None,
        "charge_level": [],
        "power_unit": "wh",
        "trend_unit": "w" if day else "kwh",
    }
    prefix = f"energy_{ctx.text('device_type')}"
    query = EnergyQuery(
        shape=ANALYSIS,
        week_name=f"{prefix}_{site_id}",
        today_name=f"{prefix}_today_{site_id}",
        site_id=site_id,
        day=day,
        start=ctx.text("start_time"),
        end=ctx.text("end_time"),
    )
    return energy_answer(ctx, query, ok(empty))


def statistics_name(prefix: str, ctx: RequestContext) -> str:
    """``<prefix>_<sourceType>[_today]_<siteId>`` of HES / Power Panel statistics."""
    today = "_today" if ctx.text("dateType") == DAY else ""
    return f"{prefix}_{ctx.text('sourceType')}{today}_{ctx.text('siteId')}"


def energy_statistics(prefix: str, ctx: RequestContext) -> SimReply:
    """HES (``hes_energy``) or Power Panel (``charging_energy``) statistics, re-dated."""
    empty: dict[str, Any] = {"power": [], "energy": [], "aggregates": [], "chargeLevel": []}
    base = f"{prefix}_{ctx.text('sourceType')}"
    site_id = ctx.text("siteId")
    query = EnergyQuery(
        shape=STATISTICS,
        week_name=f"{base}_{site_id}",
        today_name=f"{base}_today_{site_id}",
        site_id=site_id,
        day=ctx.text("dateType") == DAY,
        start=ctx.text("start"),
        end=ctx.text("end"),
    )
    return energy_answer(ctx, query, ok(empty))


ROUTES: dict[str, Route] = {
    ENERGY_ANALYSIS: Route(
        energy_analysis,
        required=("site_id", "device_sn", "type", "start_time", "end_time", "device_type"),
    ),
}
