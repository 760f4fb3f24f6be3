"""Presets the client derives from Solarbank schedules at a given local time (§6.7)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..common.jsonutil import JsonDict, as_list, format_number, parse_number

SB1_DEFAULT_PRESET = 200
SB1_DEFAULT_CHARGE_PRIORITY = 80
SB2_DEFAULT_PRESET = 200
DEFAULT_CURRENCY = "€"
MODE_SMARTPLUGS = 2
MODE_MANUAL = 3
MODE_BACKUP = 4
# Usage modes in which the SB2+ sets its output itself (smart meter, smart plugs, time of use,
# smart, time slots; §6.3.2); manual (3) follows a plan, 0/4/6 are no selectable automatic mode.
AUTOMATIC_MODES = frozenset({1, 2, 5, 7, 8})
# Models with AC charging: backup window and time of use (§6.3.1), the AC input limit (§4.4.5)
# and the AC-coupled micro-inverter input (§7.2).
AC_MODELS = frozenset({"A17C2", "A17C5"})


def _minutes(text: object) -> int | None:
    """Minutes since midnight of ``"HH:MM"`` (``"24:00"`` = 1440); None if malformed."""
    if not isinstance(text, str) or ":" not in text:
        return None
    hours, _, minutes = text.partition(":")
    try:
        value = int(hours) * 60 + int(minutes)
    except ValueError:
        return None
    return value if 0 <= value <= 1440 else None


def _slot_minute(local_now: datetime) -> int:
    """Minute of day used for slot selection (≥ 23:59:58 counts as 00:00)."""
    if local_now.hour == 23 and local_now.minute == 59 and local_now.second >= 58:
        return 0
    return local_now.hour * 60 + local_now.minute


def active_slot(ranges: object, local_now: datetime) -> JsonDict | None:
    """The slot with ``start ≤ now < end`` of a list of ``{start_time, end_time}`` slots."""
    if not isinstance(ranges, list):
        return None
    minute = _slot_minute(local_now)
    for slot in ranges:
        if not isinstance(slot, dict):
            continue
        start, end = _minutes(slot.get("start_time")), _minutes(slot.get("end_time"))
        if start is not None and end is not None and start <= minute < end:
            return slot
    return None


def _int(value: Any) -> int | None:
    """An int of a JSON number (not bool; floats truncate), or None (also for NaN / ±inf)."""
    if not isinstance(value, int | float) or parse_number(value) is None:
        return None
    return int(value)


@dataclass(frozen=True)
class Sb1Context:
    """What the SB1 preset rules need besides the schedule."""

    device_sn: str
    device_count: int
    soc: int | None = None
    solar_model: str | None = None


def sb1_presets(schedule: JsonDict, context: Sb1Context, local_now: datetime) -> JsonDict:
    """SB1 presets of the active slot plus two transient values (string W or None).

    ``effective_output_power``: the system output the slot yields (§6.7 "Effective output").
    ``effective_device_output_power``: dual SB1 only, the device's own ``device_power_loads``
    entry of the slot ("0" while the system output is 0); None without an own entry.
    """
    slot = active_slot(schedule.get("ranges"), local_now)
    dual = context.device_count > 1
    presets: JsonDict = {}
    if slot is not None and "turn_on" in slot and slot["turn_on"] is None:
        presets = {
            "preset_system_output_power": None,
            "preset_allow_export": None,
            "preset_charge_priority": None,
            "preset_discharge_priority": None,
        }
        if dual:
            presets |= {"preset_power_mode": None, "preset_device_output_power": None}
        return presets | {"effective_output_power": None, "effective_device_output_power": None}
    slot = slot or {}
    loads = slot.get("appliance_loads")
    first_load = loads[0] if isinstance(loads, list) and loads else None
    system = _int(first_load.get("power")) if isinstance(first_load, dict) else None
    system = SB1_DEFAULT_PRESET if system is None else system
    allow_export = slot.get("turn_on")
    allow_export = True if not isinstance(allow_export, bool) else allow_export
    charge_priority = _int(slot.get("charge_priority"))
    charge_priority = SB1_DEFAULT_CHARGE_PRIORITY if charge_priority is None else charge_priority
    discharge: int | None = None
    if schedule.get("is_show_priority_discharge"):
        discharge = _int(slot.get("priority_discharge_switch")) or 0
    presets = {
        "preset_system_output_power": system,
        "preset_allow_export": allow_export,
        "preset_charge_priority": charge_priority,
        "preset_discharge_priority": discharge,
    }
    own: int | None = None
    if dual:
        mode = _int(slot.get("power_setting_mode"))
        for entry in as_list(slot.get("device_power_loads")):
            if isinstance(entry, dict) and entry.get("device_sn") == context.device_sn:
                own = _int(entry.get("power"))
        presets["preset_power_mode"] = 1 if mode is None else mode
        presets["preset_device_output_power"] = (
            own if own is not None else SB1_DEFAULT_PRESET // context.device_count
        )
    priority_ok = context.solar_model != "A5143" or (
        context.soc is not None and charge_priority <= context.soc
    )
    effective = str(system) if allow_export and priority_ok else "0"
    device_effective = None if own is None else (str(own) if effective != "0" else "0")
    return presets | {
        "effective_output_power": effective,
        "effective_device_output_power": device_effective,
    }


def _weekday_sunday_first(local_now: datetime) -> int:
    """Weekday with 0 = Sunday … 6 = Saturday (the schedule convention)."""
    return (local_now.weekday() + 1) % 7


def _plan_power(plan: object, local_now: datetime) -> int | None:
    if not isinstance(plan, list):
        return None
    weekday = _weekday_sunday_first(local_now)
    for element in plan:
        if not isinstance(element, dict):
            continue
        week = element.get("week")
        if isinstance(week, list) and weekday in week:
            slot = active_slot(element.get("ranges"), local_now)
            return _int(slot.get("power")) if slot else None
    return None


@dataclass(frozen=True)
class Tariff:
    """Tariff of the current hour from a ``use_time`` plan."""

    type: int = 0
    price: str = "0.00"
    currency: str | None = None


def current_tariff(use_time: object, local_now: datetime) -> Tariff:
    """Tariff type, price and currency of the current hour (type 0 when unknown)."""
    if not isinstance(use_time, list):
        return Tariff()
    month, hour = local_now.month, local_now.hour
    weekend = local_now.weekday() >= 5
    for season in use_time:
        if not isinstance(season, dict) or not isinstance(season.get("sea"), dict):
            continue
        start, end = _int(season["sea"].get("start_month")), _int(season["sea"].get("end_month"))
        if start is None or end is None or not start <= month <= end:
            continue
        unit = season.get("unit") if isinstance(season.get("unit"), str) else None
        day = "weekend" if weekend and not season.get("is_same") else "weekday"
        for slot in as_list(season.get(day)):
            if not isinstance(slot, dict):
                continue
            slot_start, slot_end = _int(slot.get("start_time")), _int(slot.get("end_time"))
            tariff = _int(slot.get("type"))
            if slot_start is None or slot_end is None or tariff is None:
                continue
            if slot_start <= hour < slot_end:
                price = "0.00"
                for entry in as_list(season.get(f"{day}_price")):
                    if isinstance(entry, dict) and _int(entry.get("type")) == tariff:
                        value = entry.get("price")
                        price = value if isinstance(value, str) else price
                return Tariff(tariff, price, unit)
        return Tariff(0, "0.00", unit)
    return Tariff()


def sb2_presets(
    schedule: JsonDict,
    local_now: datetime,
    now_ts: float,
    site_currency: str | None = None,
    *,
    ac_model: bool = False,
) -> JsonDict:
    """SB2+ presets: usage mode, output preset, backup window, tariff of the current hour.

    An AC model (``ac_model``) always has a backup option: without a ``manual_backup`` plan it
    is off and the window unknown.
    """
    mode = _int(schedule.get("mode_type"))
    backup = schedule.get("manual_backup")
    backup = backup if isinstance(backup, dict) else None
    presets: JsonDict = {}
    backup_active = False
    if backup is None and ac_model:
        presets |= {
            "preset_manual_backup_start": None,
            "preset_manual_backup_end": None,
            "preset_backup_option": False,
        }
    if backup is not None:
        ranges = backup.get("ranges")
        first = ranges[0] if isinstance(ranges, list) and ranges else None
        start = _int(first.get("start_time")) if isinstance(first, dict) else None
        end = _int(first.get("end_time")) if isinstance(first, dict) else None
        switch = backup.get("switch") is True
        backup_active = switch and start is not None and end is not None and start <= now_ts < end
        presets |= {
            "preset_manual_backup_start": start,
            "preset_manual_backup_end": end,
            "preset_backup_option": switch,
        }
    presets["preset_usage_mode"] = MODE_BACKUP if backup_active else mode
    if mode == MODE_MANUAL:
        power = _plan_power(schedule.get("custom_rate_plan"), local_now)
        default = _int(schedule.get("default_home_load")) or SB2_DEFAULT_PRESET
        presets["preset_system_output_power"] = default if power is None else power
    elif mode == MODE_SMARTPLUGS:
        power = _plan_power(schedule.get("blend_plan"), local_now)
        presets["preset_system_output_power"] = 0 if power is None else power
    else:
        presets["preset_system_output_power"] = None
    tariff = current_tariff(schedule.get("use_time"), local_now)
    presets |= {
        "preset_tariff": tariff.type,
        "preset_tariff_price": tariff.price,
        "preset_tariff_currency": tariff.currency or site_currency or DEFAULT_CURRENCY,
    }
    return presets


def cascaded_sb1_output(
    retain_load: float | None, sb1_count: int, sb2_mode: int | None
) -> tuple[str, str] | None:
    """Output of cascaded SB1 units while their SB2 runs an automatic mode (§6.2, §8.3).

    The SB2 then sets the system output (``retain_load``) and the SB1 units share it equally;
    their own stored schedule is not applied. Returns (system, per device) as strings W, None
    outside an automatic mode or without a system value.
    """
    if sb2_mode not in AUTOMATIC_MODES or retain_load is None or sb1_count < 1:
        return None
    return (format_number(retain_load), format_number(retain_load / sb1_count))
