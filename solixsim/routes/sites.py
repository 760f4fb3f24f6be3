"""The scene of a site as it moves with the simulator clock (§4.1); the simulator's own answer."""

from __future__ import annotations

from typing import Any

from custom_components.anker_solix.solixapi import scene_updated_time
from solixsim.daylight import Daylight
from solixsim.energy.lifetime import move_statistics
from solixsim.hooks import (
    follow_backup_window,
    preset_context,
    scene_at_tick,
    site_cadence_seconds,
)
from solixsim.reply import SimReply
from solixsim.routes.base import RequestContext, envelope_reply, failed, ok
from solixsim.scenario import ScenarioStore
from solixsim.sitetime import SiteTimes

SCENE_INFO = "power_service/v1/site/get_scen_info"


def scene_info(ctx: RequestContext) -> SimReply:
    """The scene of a site as it looks at the current clock tick.

    ``scene_mode`` and ``backup_info`` follow the clock through the stored backup window; the
    Solarbank output follows preset writes from the data tick after them.
    """
    site_id = ctx.text("site_id")
    envelope = ctx.store.get(f"scene_{site_id}")
    if envelope is None:
        return failed()
    data = envelope.get("data")
    if envelope.get("code", 0) != 0 or not isinstance(data, dict):
        return envelope_reply(envelope)
    scene = moved_scene(ctx.store, ctx.times, site_id, data, ctx.now)
    if ctx.energy is not None:
        move_statistics(scene, ctx.energy, site_id)  # lifetime energy, CO2 and savings
    return ok(scene)


def scene_now(store: ScenarioStore, times: SiteTimes, site_id: str, now: float) -> dict[str, Any]:
    """The scene ``data`` of a site at clock time ``now`` as the API serves it (``{}`` if none).

    The one source of the moving values: the MQTT device publishers read it too.
    """
    envelope = store.get(f"scene_{site_id}")
    data = envelope.get("data") if envelope is not None else None
    if envelope is None or envelope.get("code", 0) != 0 or not isinstance(data, dict):
        return {}
    return moved_scene(store, times, site_id, data, now)


def moved_scene(
    store: ScenarioStore, times: SiteTimes, site_id: str, data: dict[str, Any], now: float
) -> dict[str, Any]:
    """A stored scene moved to the clock tick of ``now``."""
    cadence = site_cadence_seconds(data)
    tick = times.tick(site_id, cadence)
    exported = scene_updated_time(data)
    updated_time = exported
    if times.parse_local(exported) is not None:
        updated_time = times.format_local(times.base(site_id) + tick * cadence)
    presets = preset_context(store, site_id, times.base(site_id))
    daylight = Daylight(times.base(site_id), times.zone)
    scene = scene_at_tick(data, tick, site_id, updated_time, presets, daylight)
    follow_backup_window(store, site_id, scene, now)
    return scene
