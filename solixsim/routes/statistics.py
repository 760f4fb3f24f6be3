"""Power Panel / X1 ``energy_statistics`` (§7.5): today's 5-minute points advance with the clock.

A ``day`` query for the site's current local day is answered from
:class:`solixsim.energy.statistics_day.StatisticsDay` (published slots only, synthesized past
the export moment), one for an earlier day likewise with all its slots published (§7.6 reads
the day before too); ``week`` queries get the synthesized past days of
:mod:`solixsim.energy.statistics_history`; every other query, and sites without an exported
``hes`` day, keep the replay's answer (errors and member checks included).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from custom_components.anker_solix.solixapi import Handler as ReplayHandler
from solixsim.energy.statistics_day import SLOTS, SOURCES, StatisticsDay, published_slots
from solixsim.energy.statistics_history import fill_week
from solixsim.reply import SimReply
from solixsim.routes.base import Handler, RequestContext, envelope_reply
from solixsim.routes.powerpanel import eu_gated

POWER_PANEL = "charging_energy_service/energy_statistics"
HES = "charging_hes_svc/get_energy_statistics"
PREFIXES = {POWER_PANEL: "charging_energy", HES: "hes_energy"}
DAY = "day"
WEEK = "week"


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _files(ctx: RequestContext, prefix: str, site_id: str) -> dict[str, Any] | None:
    """Today's exported answers of a site by source; None without the ``hes`` one."""
    files: dict[str, Any] = {}
    for source in SOURCES:
        data = ctx.store.data(f"{prefix}_{source}_today_{site_id}")
        if isinstance(data, dict):
            files[source] = data
    return files if "hes" in files else None


def _advanced(ctx: RequestContext, prefix: str, data: dict[str, Any]) -> dict[str, Any] | None:
    """Today's answer with the slots published by now, a past day's with all of them (as it was
    served at that day's end); None for later days or other sources."""
    site_id, source = ctx.text("siteId"), ctx.text("sourceType")
    local = datetime.fromtimestamp(ctx.now, tz=ctx.times.zone)
    start = _date(ctx.text("start"))
    if ctx.text("dateType") != DAY or start is None or start > local.date():
        return None
    files = _files(ctx, prefix, site_id)
    if files is None or source not in files:
        return None
    seconds = local.hour * 3600 + local.minute * 60 + local.second
    served = published_slots(seconds) if start == local.date() else SLOTS
    day = StatisticsDay(prefix, {**files, source: data})
    return day.answer(source, start, served)


def advancing_statistics(path: str, replay: ReplayHandler) -> Handler:
    """The statistics endpoint ``path`` whose day answers move with the clock."""
    prefix = PREFIXES[path]

    def handler(ctx: RequestContext) -> SimReply:
        envelope = replay(ctx)
        data = envelope.get("data")
        if envelope.get("code", 0) == 0 and isinstance(data, dict):
            advanced = _advanced(ctx, prefix, data)
            if advanced is not None:
                return envelope_reply({**envelope, "data": advanced})
            start = _date(ctx.text("start"))
            if ctx.energy is not None and ctx.text("dateType") == WEEK and start is not None:
                site_id, source = ctx.text("siteId"), ctx.text("sourceType")
                filled = fill_week(ctx.energy, prefix, site_id, source, start, data)
                return envelope_reply({**envelope, "data": filled})
        return envelope_reply(envelope)

    return eu_gated(handler) if path == POWER_PANEL else handler


def answer_of(path: str) -> Callable[[ReplayHandler], Handler]:
    """The route builder of ``path`` for the route table (given the replay's handler)."""
    return lambda replay: advancing_statistics(path, replay)
