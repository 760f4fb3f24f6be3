"""``statisticsPv`` (§4.7): week answers carry the standalone inverter's history.

The replay answers (exported days, today, errors and owner checks); the other past days come
from :mod:`solixsim.energy.inverter`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from custom_components.anker_solix.solixapi import Handler as ReplayHandler
from custom_components.anker_solix.solixapi import number_of
from solixsim.energy.inverter import inverter_day
from solixsim.energy.model import EnergyModel
from solixsim.reply import SimReply
from solixsim.routes.base import Handler, RequestContext, envelope_reply

PV_STATISTICS = "charging_pv_svc/statisticsPv"
WEEK = "week"


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _answer(model: EnergyModel, ctx: RequestContext, data: dict[str, Any]) -> dict[str, Any]:
    """The replay's week answer with the synthesized days filled in."""
    start = _date(ctx.text("start"))
    entries = data.get("energy")
    if start is None or not isinstance(entries, list):
        return data
    serial = ctx.text("sn")
    filled = []
    for index, entry in enumerate(entries):
        value = inverter_day(model, serial, start + timedelta(days=index))
        if isinstance(entry, dict) and value is not None:
            entry = {**entry, "energy": round(value, 2), "money": 0}
        filled.append(entry)
    total = sum(number_of(e.get("energy")) or 0.0 for e in filled if isinstance(e, dict))
    return {**data, "energy": filled, "solarGeneraion": round(total, 2)}


def pv_statistics(replay: ReplayHandler) -> Handler:
    """``statisticsPv``: week answers carry the inverter's history."""

    def handler(ctx: RequestContext) -> SimReply:
        envelope = replay(ctx)
        data = envelope.get("data")
        model = ctx.energy
        if (
            model is None
            or envelope.get("code", 0) != 0
            or not isinstance(data, dict)
            or ctx.text("type") != WEEK
        ):
            return envelope_reply(envelope)
        return envelope_reply({**envelope, "data": _answer(model, ctx, data)})

    return handler
