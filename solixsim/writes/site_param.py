"""``set_site_device_param``: request validation and dispatch by parameter type."""

from __future__ import annotations

import json
from typing import Any

import solixsim.writes as writes_package
from solixsim.reply import SimReply
from solixsim.scenario import ScenarioStore
from solixsim.writes.common import (
    WriteRejectedError,
    bad_request,
    read_param,
    reject,
    require,
    scene_devices,
    success,
    write_param,
)
from solixsim.writes.preset_log import log_preset_write
from solixsim.writes.schedule_sb1 import apply_sb1_schedule, validate_sb1_schedule
from solixsim.writes.schedule_sb2 import apply_sb2_schedule, cascaded_manual, merge_sb2_schedule
from solixsim.writes.station import apply_station_settings, merge_station_settings

ENDPOINT = "power_service/v1/site/set_site_device_param"
PARAM_OPTIONS = ("1", "2", "3", "4", "5", "6", "7", "12", "13", "16", "18", "20")
SCHEDULE_CMD = 17


def _decode(body: dict[str, Any]) -> tuple[str, str, Any]:
    """Site id, param type and decoded ``param_data``; HTTP 400 / code 10000 on bad requests."""
    require(body, "site_id", "param_type", "cmd", "param_data")
    param_type = str(body["param_type"])
    if param_type not in PARAM_OPTIONS:
        options = " ".join(PARAM_OPTIONS)
        raise WriteRejectedError(
            bad_request(f'error: value "{param_type}" is not defined in options "[{options}]"')
        )
    raw = body["param_data"]
    if not isinstance(raw, str):
        raise WriteRejectedError(bad_request('error: field "param_data" must be a JSON string'))
    try:
        payload = json.loads(raw)
    except ValueError:
        raise WriteRejectedError(
            bad_request('error: field "param_data" is not valid JSON')
        ) from None
    if body["cmd"] != SCHEDULE_CMD or isinstance(body["cmd"], bool):
        raise reject()
    return str(body["site_id"]), param_type, payload


def _stored(store: ScenarioStore, param_type: str, site_id: str) -> dict[str, Any]:
    """The stored parameter object; a missing file rejects the write."""
    stored = read_param(store, param_type, site_id)
    if stored is None:
        raise reject()
    return stored


def _write(store: ScenarioStore, site_id: str, param_type: str, payload: Any, now: float) -> None:
    """Validate, store and show one parameter write."""
    if site_id not in store.site_ids():
        raise reject()
    if param_type == "4":
        _stored(store, "4", site_id)
        schedule = validate_sb1_schedule(payload)
        write_param(store, "4", site_id, schedule)
        if not cascaded_manual(store, site_id):
            apply_sb1_schedule(store, site_id, schedule, now, just_written=True)
        single_slot = len(schedule.get("ranges") or []) == 1
        zero = writes_package.SINGLE_SLOT_ZERO_OUTPUT and single_slot
        log_preset_write(store, site_id, "4", now, sb1_zero_output=zero)
    elif param_type == "6":
        models = {str(device.get("device_pn")) for device in scene_devices(store, site_id)}
        schedule = merge_sb2_schedule(_stored(store, "6", site_id), payload, models)
        write_param(store, "6", site_id, schedule)
        apply_sb2_schedule(store, site_id, schedule, now)
        log_preset_write(store, site_id, "6", now, sb1_zero_output=False)
    elif param_type == "18":
        settings = merge_station_settings(_stored(store, "18", site_id), payload)
        write_param(store, "18", site_id, settings)
        apply_station_settings(store, site_id, settings)
    else:
        write_param(store, param_type, site_id, payload)


def set_site_device_param(store: ScenarioStore, body: dict[str, Any], now: float) -> SimReply:
    """Write a site parameter (schedules, station settings, others stored as given)."""
    try:
        site_id, param_type, payload = _decode(body)
        _write(store, site_id, param_type, payload, now)
    except WriteRejectedError as err:
        return err.reply
    return success()
