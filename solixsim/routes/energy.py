"""``energy_analysis`` (§7.1) from the simulator's energy model; the replay answer otherwise.

Device types with exported days are answered by :class:`solixsim.energy.EnergyModel`: a
``week`` query has one entry per requested day and the totals of the interval, a ``day`` query
the 20-minute curves and totals of its day. Requests the model cannot answer (unknown device
type, no exported file, unreadable dates, more than 366 days) and the exported days while
nothing moved yet (:meth:`EnergyModel.as_exported`) keep the replay's answer.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from custom_components.anker_solix.solixapi import Handler as ReplayHandler
from solixsim.energy import EnergyModel, fields
from solixsim.reply import SimReply
from solixsim.routes.base import Handler, RequestContext, ok, replayed

ENERGY_ANALYSIS = "power_service/v1/site/energy_analysis"
MAX_DAYS = 366
DAY = "day"


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _week(model: EnergyModel, ctx: RequestContext, start: date, end: date) -> SimReply | None:
    site_id, device_type = ctx.text("site_id"), ctx.text("device_type")
    count = (end - start).days + 1
    template = model.week_template(device_type, site_id)
    if count < 1 or count > MAX_DAYS or template is None:
        return None
    days = [start + timedelta(days=offset) for offset in range(count)]
    if model.as_exported(site_id, days):
        return None
    values = [(day, model.values(device_type, site_id, day)) for day in days]
    return ok(fields.week_answer(template, values))


def _day(model: EnergyModel, ctx: RequestContext, day: date) -> SimReply | None:
    site_id, device_type = ctx.text("site_id"), ctx.text("device_type")
    template = model.day_template(device_type, site_id)
    if template is None or not model.has_data(site_id, day) or model.as_exported(site_id, [day]):
        return None
    local = datetime.fromtimestamp(ctx.now, tz=model.times.zone).strftime("%Y-%m-%d %H:%M")
    values = model.values(device_type, site_id, day)
    curves = model.curves(device_type, site_id, day)
    return ok(fields.day_answer(template, values, curves, local))


def energy_analysis(replay: ReplayHandler) -> Handler:
    """The simulator's ``energy_analysis``: the energy model where it applies."""
    fallback = replayed(replay)

    def handler(ctx: RequestContext) -> SimReply:
        model = ctx.energy
        start = _date(ctx.text("start_time"))
        if model is None or start is None:
            return fallback(ctx)
        if not model.has_model(ctx.text("device_type"), ctx.text("site_id")):
            return fallback(ctx)
        if ctx.text("type") == DAY:
            answer = _day(model, ctx, start)
        else:
            answer = _week(model, ctx, start, _date(ctx.text("end_time")) or start)
        return fallback(ctx) if answer is None else answer

    return handler
