"""Solarbank 1 schedules (param type 4): validation, active slot, device load and scene presets."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import solixsim.writes as writes_package
from custom_components.anker_solix.solixapi import compact_json
from solixsim.scenario import ScenarioStore
from solixsim.writes.common import (
    SB1_MODEL,
    is_int,
    reject,
    scene_devices,
    site_local_time,
    slot_span,
    update_data,
)

NO_SLOT_PRESET = 200
MANUAL_MODE = 3

# The schedule an SB2 in manual mode pushes to cascaded SB1 units (protocol §6.2).
_ENFORCED_TOP = {
    "min_load": 0,
    "max_load": 800,
    "step": 0,
    "is_charge_priority": 0,
    "default_charge_priority": 0,
    "is_zero_output_tips": 0,
    "display_advanced_mode": 0,
    "advanced_mode_min_load": 0,
    "is_show_install_mode": 1,
    "display_priority_discharge_tips": 0,
    "priority_discharge_upgrade_devices": "",
    "default_home_load": 200,
    "is_show_priority_discharge": 0,
}


def enforced_schedule(power: int) -> dict[str, Any]:
    """The minimal SB1 schedule enforced by a cascaded SB2 in manual mode."""
    slot = {
        "id": 0,
        "start_time": "00:00",
        "end_time": "24:00",
        "turn_on": None,
        "appliance_loads": [{"id": 0, "name": "Custom", "power": power, "number": 1}],
        "charge_priority": 0,
        "power_setting_mode": None,
        "device_power_loads": None,
        "priority_discharge_switch": 0,
    }
    return {"ranges": [slot], **_ENFORCED_TOP}


def validate_sb1_schedule(schedule: Any) -> dict[str, Any]:
    """The schedule if the cloud would accept it; rejects with code 10000 otherwise."""
    if not isinstance(schedule, dict):
        raise reject()
    ranges = schedule.get("ranges")
    if ranges is None:
        return schedule
    if not isinstance(ranges, list):
        raise reject()
    spans = []
    for slot in ranges:
        span = slot_span(slot)
        if span is None:
            raise reject()
        loads = slot.get("appliance_loads")
        if loads is not None and not isinstance(loads, list):
            raise reject()
        power = _slot_power(slot)
        if power is not None and power < 0:
            raise reject()
        spans.append(span)
    spans.sort()
    if any(later[0] < earlier[1] for earlier, later in pairwise(spans)):
        raise reject()
    return schedule


def _slot_power(slot: dict[str, Any]) -> int | None:
    """System preset of a slot (``appliance_loads[0].power``)."""
    loads = slot.get("appliance_loads")
    first = loads[0] if isinstance(loads, list) and loads else None
    power = first.get("power") if isinstance(first, dict) else None
    return power if is_int(power) else None


def active_slot(schedule: dict[str, Any], minute: int) -> dict[str, Any] | None:
    """The slot with ``start <= minute < end``."""
    for slot in schedule.get("ranges") or []:
        span = slot_span(slot)
        if isinstance(slot, dict) and span is not None and span[0] <= minute < span[1]:
            return slot
    return None


def effective_output(schedule: dict[str, Any], minute: int, just_written: bool) -> int:
    """System output the SB1 applies now; a 1-slot write gives 0 W with the §6.8 bug switch."""
    ranges = schedule.get("ranges") or []
    if just_written and writes_package.SINGLE_SLOT_ZERO_OUTPUT and len(ranges) == 1:
        return 0
    slot = active_slot(schedule, minute)
    if slot is None:
        default = schedule.get("default_home_load")
        return default if is_int(default) else NO_SLOT_PRESET
    if slot.get("turn_on") is False:
        return 0
    power = _slot_power(slot)
    return NO_SLOT_PRESET if power is None else power


def _device_share(slot: dict[str, Any] | None, device_sn: str, count: int, system: int) -> int:
    """Output share of one SB1: its advanced-mode value, else an equal split."""
    if system == 0:
        return 0
    if slot is not None and slot.get("power_setting_mode") == 2:
        for load in slot.get("device_power_loads") or []:
            if isinstance(load, dict) and load.get("device_sn") == device_sn:
                power = load.get("power")
                if is_int(power):
                    return int(power)
    return round(system / max(count, 1))


def apply_sb1_schedule(
    store: ScenarioStore, site_id: str, schedule: dict[str, Any], now: float, just_written: bool
) -> None:
    """Show ``schedule`` as the active SB1 schedule: device loads and (SB1-only sites) scene."""
    local = site_local_time(store, now)
    minute = local.hour * 60 + local.minute
    devices = scene_devices(store, site_id)
    sb1_serials = [str(d.get("device_sn")) for d in devices if d.get("device_pn") == SB1_MODEL]
    system = effective_output(schedule, minute, just_written)
    slot = active_slot(schedule, minute)
    shares = {sn: _device_share(slot, sn, len(sb1_serials), system) for sn in sb1_serials}
    for device_sn in sb1_serials:

        def change(data: dict[str, Any], device_sn: str = device_sn) -> None:
            data["home_load_data"] = compact_json(schedule)
            data["current_home_load"] = f"{system}W"
            data["parallel_home_load"] = f"{shares[device_sn]}W" if len(sb1_serials) > 1 else ""
            if slot is not None and is_int(slot.get("priority_discharge_switch")):
                data["priority_discharge_switch"] = slot["priority_discharge_switch"]

        update_data(store, f"device_load_{device_sn}", change)
    if sb1_serials and all(device.get("device_pn") == SB1_MODEL for device in devices):
        _update_scene_presets(store, site_id, system, shares)


def _update_scene_presets(
    store: ScenarioStore, site_id: str, system: int, shares: dict[str, int]
) -> None:
    """``retain_load`` and the SB1 ``set_load_power`` values of an SB1-only site."""

    def change(scene: dict[str, Any]) -> None:
        scene["retain_load"] = f"{system}W"
        info = scene.get("solarbank_info")
        for device in (info.get("solarbank_list") if isinstance(info, dict) else None) or []:
            if isinstance(device, dict) and device.get("device_sn") in shares:
                device["set_load_power"] = str(shares[str(device["device_sn"])])

    update_data(store, f"scene_{site_id}", change)
