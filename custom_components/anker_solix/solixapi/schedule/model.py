"""Typed schedule model (§6): names, limits, validation, ``SlotChange`` and the SB1 schedule.

SB2+ plans live in ``schedule_plans.py``. Every ``from_json`` keeps keys it does not model so
``to_json`` writes them back unchanged.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import time
from itertools import pairwise
from typing import Any, Self

from ..common.errors import SolixNotAllowedError, SolixValidationError
from ..common.jsonutil import JsonDict, parse_number
from ..common.products import USAGE_MODES

MINUTES_PER_DAY = 1440

# usage mode name → code (the cloud's mode_type), from the product table without "unknown"
MODE_CODES: dict[str, int] = {name: code for code, name in USAGE_MODES.items() if code}
MODE_NAMES: dict[int, str] = {value: key for key, value in MODE_CODES.items()}
TARIFFS: dict[str, int] = {"peak": 1, "mid_peak": 2, "off_peak": 3, "valley": 4}
TARIFF_NAMES: dict[int, str] = {value: key for key, value in TARIFFS.items()}
DAY_TYPES = ("weekday", "weekend", "all")

PLAN_CUSTOM = "custom_rate_plan"
PLAN_BLEND = "blend_plan"
PLAN_BACKUP = "manual_backup"
PLAN_USE_TIME = "use_time"
WEEK_PLANS = (PLAN_CUSTOM, PLAN_BLEND)
CLEARABLE_PLANS = (PLAN_CUSTOM, PLAN_BLEND, PLAN_BACKUP, PLAN_USE_TIME)
MODE_PLANS: dict[int, str] = {
    MODE_CODES["manual"]: PLAN_CUSTOM,
    MODE_CODES["smartplugs"]: PLAN_BLEND,
}

# Limits (§6.5)
SB1_MIN_PRESET = 100
SB1_MAX_DEVICE_PRESET = 800
SB1_DEVICE_MIN_ADVANCED = 50
NEW_SLOT_PRESET = 100
NO_SLOT_PRESET = 200
DEFAULT_CHARGE_PRIORITY = 80
CHARGE_PRIORITY_RANGE = (0, 100)
SB2_DEFAULT_MAX_LOAD = 800
SB1_POWER_MODES = (1, 2)


def usage_mode_options(device: Mapping[str, Any]) -> list[str]:
    """Usage modes offered for an SB2+ Solarbank (computed by the poller, §8.11)."""
    options = device.get("usage_mode_options")
    if (device.get("generation") or 0) < 2 or not isinstance(options, list):
        return []
    return [str(option) for option in options if option in MODE_CODES]


def tariff_options() -> list[str]:
    """Tariff names of a use-time plan."""
    return list(TARIFFS)


# Validation helpers -----------------------------------------------------------------------


def out_of_range(name: str, low: float, high: float, value: float) -> SolixValidationError:
    """The error of a value outside ``[low, high]``."""
    placeholders = {"field": name, "value": _text(value), "min": _text(low), "max": _text(high)}
    return SolixValidationError("value_out_of_range", field=name, placeholders=placeholders)


def _text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def check_range(value: float, low: float, high: float, name: str) -> None:
    """Raise ``value_out_of_range`` unless ``low <= value <= high``."""
    if isinstance(value, bool) or not low <= value <= high:
        raise out_of_range(name, low, high, value)


def parse_hhmm(text: object, name: str) -> int:
    """Minutes of ``"HH:MM"`` (``"24:00"`` = end of day); ``slot_time_invalid`` otherwise."""
    if isinstance(text, str) and len(text) == 5 and text[2] == ":":
        hours, minutes = text[:2], text[3:]
        if hours.isdigit() and minutes.isdigit() and int(minutes) < 60:
            value = int(hours) * 60 + int(minutes)
            if value <= MINUTES_PER_DAY:
                return value
    raise SolixValidationError("slot_time_invalid", field=name, placeholders={"field": name})


def format_hhmm(minutes: int) -> str:
    """``"HH:MM"`` of minutes since midnight (1440 → ``"24:00"``)."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def check_span(start: int, end: int, name: str = "end_time") -> None:
    """Raise ``slot_end_before_start`` unless ``start < end``."""
    if end <= start:
        raise SolixValidationError("slot_end_before_start", field=name)


def check_no_overlap(spans: Iterable[tuple[int, int]], name: str = "ranges") -> None:
    """Raise ``slot_overlap`` when two spans overlap."""
    ordered = sorted(spans)
    for (_, first_end), (second_start, _) in pairwise(ordered):
        if second_start < first_end:
            raise SolixValidationError("slot_overlap", field=name)


def check_weekdays(days: Iterable[object], name: str = "weekdays") -> frozenset[int]:
    """Weekdays 0 (Sunday) … 6; ``weekday_invalid`` otherwise (also for an empty set)."""
    result: set[int] = set()
    for day in days:
        if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
            raise SolixValidationError("weekday_invalid", field=name)
        result.add(day)
    if not result:
        raise SolixValidationError("weekday_invalid", field=name)
    return frozenset(result)


def time_minutes(value: time, *, is_end: bool) -> int:
    """Minutes of a ``time``; an end of 00:00 or 23:59 means the end of the day."""
    minutes = value.hour * 60 + value.minute
    if is_end and (minutes == 0 or minutes == MINUTES_PER_DAY - 1):
        return MINUTES_PER_DAY
    return minutes


def unreadable(what: str) -> SolixNotAllowedError:
    """The stored schedule cannot be understood, so it is not changed."""
    return SolixNotAllowedError("schedule_unreadable", placeholders={"plan": what})


def as_int(value: object) -> int | None:
    """An int of a JSON number (not bool; floats truncate), or None (also for NaN / ±inf)."""
    if not isinstance(value, int | float) or parse_number(value) is None:
        return None
    return int(value)


@dataclass(frozen=True)
class SlotChange:
    """One interval of a set/update action; every value is optional except the times."""

    start_time: time
    end_time: time
    appliance_load: int | None = None
    device_load: int | None = None
    allow_export: bool | None = None
    discharge_priority: bool | None = None
    charge_priority: int | None = None
    plan: str | None = None
    weekdays: frozenset[int] | None = None

    def span(self) -> tuple[int, int]:
        """Validated ``(start, end)`` minutes (end of day = 1440)."""
        start = time_minutes(self.start_time, is_end=False)
        end = time_minutes(self.end_time, is_end=True)
        check_span(start, end)
        return start, end


# SB1 schedule (§6.1) ---------------------------------------------------------------------

_SB1_SLOT_KEYS = (
    "start_time",
    "end_time",
    "turn_on",
    "appliance_loads",
    "charge_priority",
    "power_setting_mode",
    "device_power_loads",
    "priority_discharge_switch",
)


@dataclass
class DevicePowerLoad:
    """Output share of one SB1 in a dual system."""

    device_sn: str
    power: int
    extra: JsonDict = field(default_factory=dict)

    def to_json(self) -> JsonDict:
        """Cloud shape."""
        return {"device_sn": self.device_sn, "power": self.power, **self.extra}


@dataclass
class Sb1Slot:
    """One SB1 slot; ``turn_on`` None only in schedules an SB2 enforces (§6.2)."""

    start: int
    end: int
    power: int | None = None
    appliance_name: str = "Custom"
    turn_on: bool | None = True
    charge_priority: int | None = None
    power_setting_mode: int | None = None
    device_power_loads: list[DevicePowerLoad] | None = None
    priority_discharge_switch: int | None = None
    load_extra: JsonDict = field(default_factory=lambda: {"id": 0, "number": 1})
    extra: JsonDict = field(default_factory=lambda: {"id": 0})

    def moved(self, start: int, end: int) -> Self:
        """A copy with other times."""
        return replace(copy.deepcopy(self), start=start, end=end)

    @classmethod
    def from_json(cls, data: object) -> Sb1Slot:
        """Parse a ``ranges[]`` element."""
        if not isinstance(data, dict):
            raise unreadable("ranges")
        loads = data.get("appliance_loads")
        first = loads[0] if isinstance(loads, list) and loads and isinstance(loads[0], dict) else {}
        devices = data.get("device_power_loads")
        return cls(
            start=parse_hhmm(data.get("start_time"), "start_time"),
            end=parse_hhmm(data.get("end_time"), "end_time"),
            power=as_int(first.get("power")),
            appliance_name=str(first.get("name") or "Custom"),
            turn_on=data.get("turn_on", True),
            charge_priority=as_int(data.get("charge_priority")),
            power_setting_mode=as_int(data.get("power_setting_mode")),
            device_power_loads=None
            if not isinstance(devices, list)
            else [
                DevicePowerLoad(
                    str(item.get("device_sn")),
                    as_int(item.get("power")) or 0,
                    {k: v for k, v in item.items() if k not in ("device_sn", "power")},
                )
                for item in devices
                if isinstance(item, dict)
            ],
            priority_discharge_switch=as_int(data.get("priority_discharge_switch")),
            load_extra={k: v for k, v in first.items() if k not in ("name", "power")},
            extra={k: v for k, v in data.items() if k not in _SB1_SLOT_KEYS},
        )

    def to_json(self) -> JsonDict:
        """Cloud shape (``id`` first, as the app writes it)."""
        loads = [] if self.power is None else [self._load()]
        data: JsonDict = {
            "id": self.extra.get("id", 0),
            "start_time": format_hhmm(self.start),
            "end_time": format_hhmm(self.end),
            "turn_on": self.turn_on,
            "appliance_loads": loads,
            "charge_priority": self.charge_priority,
            "power_setting_mode": self.power_setting_mode,
            "device_power_loads": None
            if self.device_power_loads is None
            else [load.to_json() for load in self.device_power_loads],
        }
        if self.priority_discharge_switch is not None:
            data["priority_discharge_switch"] = self.priority_discharge_switch
        return {**data, **{k: v for k, v in self.extra.items() if k != "id"}}

    def _load(self) -> JsonDict:
        extra = dict(self.load_extra)
        load_id, number = extra.pop("id", 0), extra.pop("number", 1)
        return {"id": load_id, "name": self.appliance_name, "power": self.power, "number": number}


@dataclass
class Sb1Schedule:
    """SB1 schedule (param type 4): slots plus the top-level keys kept as they are."""

    slots: list[Sb1Slot] = field(default_factory=list)
    top: JsonDict = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: object) -> Sb1Schedule:
        """Parse a schedule object (``ranges`` may be null)."""
        if not isinstance(data, dict):
            return cls()
        ranges = data.get("ranges")
        slots = [Sb1Slot.from_json(item) for item in ranges] if isinstance(ranges, list) else []
        top = {k: copy.deepcopy(v) for k, v in data.items() if k != "ranges"}
        return cls(sorted(slots, key=lambda slot: slot.start), top)

    def to_json(self) -> JsonDict:
        """The full object with ``ranges`` replaced."""
        return {"ranges": [slot.to_json() for slot in self.slots], **copy.deepcopy(self.top)}

    def top_int(self, key: str) -> int | None:
        """An integer top-level value."""
        return as_int(self.top.get(key))

    @property
    def enforced(self) -> bool:
        """A schedule an SB2 pushes (a slot with ``turn_on`` null, §6.2)."""
        return any(slot.turn_on is None for slot in self.slots)

    @property
    def discharge_supported(self) -> bool:
        """Slots may carry ``priority_discharge_switch``."""
        return bool(self.top.get("is_show_priority_discharge"))


@dataclass(frozen=True)
class Sb1Limits:
    """Allowed SB1 presets of a site with ``count`` SB1 units (§6.5)."""

    system_min: int
    system_max: int
    device_min: int
    device_max: int
    count: int


def sb1_limits(schedule: Sb1Schedule, count: int) -> Sb1Limits:
    """Limits from the schedule's ``min_load``/``max_load``/``advanced_mode_min_load``."""
    count = max(count, 1)
    min_load = schedule.top_int("min_load") or SB1_MIN_PRESET
    max_load = schedule.top_int("max_load") or SB1_MAX_DEVICE_PRESET
    device_max = min(SB1_MAX_DEVICE_PRESET, max_load)
    device_min = schedule.top_int("advanced_mode_min_load") or min_load // 2
    if count == 1:
        device_min = min_load
    return Sb1Limits(min_load, device_max * count, device_min, device_max, count)
