"""Solarbank 2/3 schedules (param type 6): validation, partial merge, scene and cascaded SB1."""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise
from typing import Any

from solixsim.scenario import ScenarioStore
from solixsim.writes.common import (
    SB1_MODEL,
    is_int,
    read_param,
    reject,
    scene_devices,
    site_local_time,
    slot_span,
    update_data,
)
from solixsim.writes.schedule_sb1 import (
    MANUAL_MODE,
    NO_SLOT_PRESET,
    apply_sb1_schedule,
    enforced_schedule,
)

SETTABLE_MODES = frozenset({1, 2, 3, 5, 7, 8})
BACKUP_MODE = 4
PLAN_KEYS = ("custom_rate_plan", "blend_plan")
DEFAULT_MAX_LOAD = 800
# Largest output limit option per model (§5.2); stored max_load can lag behind it (§6.3.4).
MODEL_MAX_OUTPUT = {"A17C1": 1000, "A17C2": 1000, "A17C3": 1000, "A17C5": 1200}


def _load_limits(stored: dict[str, Any], models: set[str]) -> tuple[int, int]:
    """Allowed preset range: stored ``min_load`` and the relaxed ``max_load``."""
    low = stored.get("min_load")
    high = stored.get("max_load")
    model_max = max((MODEL_MAX_OUTPUT.get(model, 0) for model in models), default=0)
    return (
        low if is_int(low) else 0,
        max(high if is_int(high) else DEFAULT_MAX_LOAD, model_max),
    )


def _validate_plan(plan: Any, low: int, high: int) -> None:
    """Reject a malformed weekday plan (``custom_rate_plan`` / ``blend_plan``)."""
    if plan is None:
        return
    if not isinstance(plan, list):
        raise reject()
    for element in plan:
        if not isinstance(element, dict):
            raise reject()
        week = element.get("week")
        if not isinstance(week, list) or not all(is_int(d) and 0 <= d <= 6 for d in week):
            raise reject()
        ranges = element.get("ranges")
        if not isinstance(ranges, list):
            raise reject()
        spans = []
        for slot in ranges:
            span = slot_span(slot)
            if span is None:
                raise reject()
            power = slot.get("power")
            if not is_int(power) or not low <= power <= high:
                raise reject()
            spans.append(span)
        spans.sort()
        if any(later[0] < earlier[1] for earlier, later in pairwise(spans)):
            raise reject()


def _validate_backup(backup: Any) -> None:
    """Reject a malformed ``manual_backup`` object (Unix-second windows, boolean switch)."""
    if backup is None:
        return
    if not isinstance(backup, dict):
        raise reject()
    if "switch" in backup and not isinstance(backup["switch"], bool):
        raise reject()
    ranges = backup.get("ranges")
    if ranges is None:
        return
    if not isinstance(ranges, list):
        raise reject()
    for window in ranges:
        if not isinstance(window, dict):
            raise reject()
        start, end = window.get("start_time"), window.get("end_time")
        if not (is_int(start) and is_int(end) and start < end):
            raise reject()


def merge_sb2_schedule(stored: dict[str, Any], payload: Any, models: set[str]) -> dict[str, Any]:
    """The stored schedule with the sent keys replaced, if the cloud would accept them."""
    if not isinstance(payload, dict):
        raise reject()
    if "mode_type" in payload:
        mode = payload["mode_type"]
        if not is_int(mode) or mode not in SETTABLE_MODES:
            raise reject()
    merged = {**stored, **payload}
    low, high = _load_limits(merged, models)
    for key in PLAN_KEYS:
        if key in payload:
            _validate_plan(payload[key], low, high)
    if "manual_backup" in payload:
        _validate_backup(payload["manual_backup"])
    if "use_time" in payload and not (
        payload["use_time"] is None
        or (
            isinstance(payload["use_time"], list)
            and all(isinstance(season, dict) for season in payload["use_time"])
        )
    ):
        raise reject()
    return merged


def backup_window(schedule: dict[str, Any]) -> tuple[int, int] | None:
    """The switched-on AC charge window (Unix seconds), if any."""
    backup = schedule.get("manual_backup")
    if not isinstance(backup, dict) or backup.get("switch") is not True:
        return None
    for window in backup.get("ranges") or []:
        if not isinstance(window, dict):
            continue
        start, end = window.get("start_time"), window.get("end_time")
        if is_int(start) and is_int(end):
            return start, end
    return None


def effective_mode(schedule: dict[str, Any], now: float) -> int | None:
    """``scene_mode``: 4 while the backup window is on and running, else ``mode_type``."""
    window = backup_window(schedule)
    if window is not None and window[0] <= now < window[1]:
        return BACKUP_MODE
    mode = schedule.get("mode_type")
    return int(mode) if is_int(mode) else None


def show_backup_state(scene: dict[str, Any], schedule: dict[str, Any], now: float) -> None:
    """Set ``scene_mode`` and ``solarbank_info.backup_info`` of a scene ``data`` for ``now``.

    ``scene_mode`` is 4 while the switched-on backup window runs, else the schedule's mode;
    ``backup_info`` carries the running window's start and end, zeros otherwise (§4.1.2).
    """
    mode = effective_mode(schedule, now)
    if mode is not None:
        scene["scene_mode"] = mode
    info = scene.get("solarbank_info")
    if isinstance(info, dict) and isinstance(info.get("backup_info"), dict):
        start, end = (0, 0) if mode != BACKUP_MODE else backup_window(schedule) or (0, 0)
        info["backup_info"] = {**info["backup_info"], "start_time": start, "end_time": end}


def follow_backup_window(
    store: ScenarioStore, site_id: str, scene: dict[str, Any], now: float
) -> None:
    """Show the site's stored type-6 schedule's backup state at ``now`` in a scene ``data``.

    Scenes of sites without a (non-empty) type-6 schedule file stay unchanged.
    """
    schedule = read_param(store, "6", site_id)
    if schedule:
        show_backup_state(scene, schedule, now)


def manual_preset(schedule: dict[str, Any], local: datetime) -> int:
    """Output preset of the manual plan for the site-local weekday and time."""
    weekday = (local.weekday() + 1) % 7  # the cloud counts 0 = Sunday
    minute = local.hour * 60 + local.minute
    for element in schedule.get("custom_rate_plan") or []:
        if not isinstance(element, dict) or weekday not in (element.get("week") or []):
            continue
        for slot in element.get("ranges") or []:
            span = slot_span(slot)
            if span is not None and span[0] <= minute < span[1]:
                return int(slot["power"]) if is_int(slot.get("power")) else NO_SLOT_PRESET
    default = schedule.get("default_home_load")
    return default if is_int(default) else NO_SLOT_PRESET


def apply_sb2_schedule(
    store: ScenarioStore, site_id: str, schedule: dict[str, Any], now: float
) -> None:
    """Show a stored SB2+ schedule in scene info and in the device loads of cascaded SB1s."""
    mode = schedule.get("mode_type")
    preset = manual_preset(schedule, site_local_time(store, now))

    def change(scene: dict[str, Any]) -> None:
        if is_int(mode):
            scene["user_scene_mode"] = mode
        show_backup_state(scene, schedule, now)
        if mode == MANUAL_MODE:
            scene["retain_load"] = f"{preset}W"

    update_data(store, f"scene_{site_id}", change)
    models = {str(device.get("device_pn")) for device in scene_devices(store, site_id)}
    if SB1_MODEL in models and len(models) > 1:
        if mode == MANUAL_MODE:
            apply_sb1_schedule(store, site_id, enforced_schedule(preset), now, just_written=False)
        else:
            own = read_param(store, "4", site_id)
            if own is not None:
                apply_sb1_schedule(store, site_id, own, now, just_written=False)


def cascaded_manual(store: ScenarioStore, site_id: str) -> bool:
    """True when a cascaded SB2 runs in manual mode (SB1 units follow its enforced schedule)."""
    models = {str(device.get("device_pn")) for device in scene_devices(store, site_id)}
    if SB1_MODEL not in models or len(models) < 2:
        return False
    stored = read_param(store, "6", site_id)
    return stored is not None and stored.get("mode_type") == MANUAL_MODE
