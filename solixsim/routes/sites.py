"""The scene of a site as it moves with the simulator clock (§4.1); the simulator's own answer."""

from __future__ import annotations

from custom_components.anker_solix.solixapi import scene_updated_time
from solixsim.hooks import (
    follow_backup_window,
    preset_context,
    scene_at_tick,
    site_cadence_seconds,
)
from solixsim.reply import SimReply
from solixsim.routes.base import RequestContext, envelope_reply, failed, ok

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
    cadence = site_cadence_seconds(data)
    tick = ctx.times.tick(site_id, cadence)
    exported = scene_updated_time(data)
    updated_time = exported
    if ctx.times.parse_local(exported) is not None:
        updated_time = ctx.times.format_local(ctx.times.base(site_id) + tick * cadence)
    presets = preset_context(ctx.store, site_id, ctx.times.base(site_id))
    scene = scene_at_tick(data, tick, site_id, updated_time, presets)
    follow_backup_window(ctx.store, site_id, scene, ctx.now)
    return ok(scene)
