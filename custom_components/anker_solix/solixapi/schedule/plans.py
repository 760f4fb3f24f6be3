"""Typed SB2+ schedule model (param type 6, §6.3): weekday plans, AC charge window, use time.

Part of the schedule model (``schedule_model.py`` holds names, limits, validation and SB1).
Unknown keys are kept in ``extra`` and written back by ``to_json``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from typing import Self

from ..common.jsonutil import JsonDict, as_list, parse_number
from .model import (
    PLAN_BACKUP,
    PLAN_BLEND,
    PLAN_CUSTOM,
    PLAN_USE_TIME,
    as_int,
    format_hhmm,
    parse_hhmm,
    unreadable,
)


def _extra(data: JsonDict, known: tuple[str, ...]) -> JsonDict:
    return {k: copy.deepcopy(v) for k, v in data.items() if k not in known}


@dataclass
class PlanSlot:
    """One interval of a weekday plan with the system output preset in W."""

    start: int
    end: int
    power: int
    extra: JsonDict = field(default_factory=dict)

    def moved(self, start: int, end: int) -> Self:
        """A copy with other times."""
        return replace(copy.deepcopy(self), start=start, end=end)

    @classmethod
    def from_json(cls, data: object) -> PlanSlot:
        """Parse a ``ranges[]`` element."""
        if not isinstance(data, dict):
            raise unreadable("ranges")
        return cls(
            parse_hhmm(data.get("start_time"), "start_time"),
            parse_hhmm(data.get("end_time"), "end_time"),
            as_int(data.get("power")) or 0,
            _extra(data, ("start_time", "end_time", "power")),
        )

    def to_json(self) -> JsonDict:
        """Cloud shape."""
        times = {"start_time": format_hhmm(self.start), "end_time": format_hhmm(self.end)}
        return {**times, "power": self.power, **self.extra}


@dataclass
class WeekPlan:
    """A plan element: the weekdays (0 = Sunday) it applies to and their intervals."""

    week: list[int]
    ranges: list[PlanSlot]
    index: int = 0
    extra: JsonDict = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: object) -> WeekPlan:
        """Parse a plan element."""
        if not isinstance(data, dict):
            raise unreadable("plan")
        week = data.get("week")
        ranges = data.get("ranges")
        days = sorted({d for d in week if as_int(d) is not None}) if isinstance(week, list) else []
        slots = [PlanSlot.from_json(item) for item in ranges] if isinstance(ranges, list) else []
        return cls(
            days,
            sorted(slots, key=lambda slot: slot.start),
            as_int(data.get("index")) or 0,
            _extra(data, ("index", "week", "ranges")),
        )

    def to_json(self) -> JsonDict:
        """Cloud shape."""
        ranges = [slot.to_json() for slot in self.ranges]
        return {"index": self.index, "week": list(self.week), "ranges": ranges, **self.extra}


@dataclass
class ManualBackup:
    """AC charge window in Unix seconds (§6.3.6)."""

    start: int | None = None
    end: int | None = None
    switch: bool = False
    extra: JsonDict = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: object) -> ManualBackup | None:
        """Parse ``manual_backup`` (None for null)."""
        if not isinstance(data, dict):
            return None
        ranges = data.get("ranges")
        first = ranges[0] if isinstance(ranges, list) and ranges else None
        window = first if isinstance(first, dict) else {}
        return cls(
            as_int(window.get("start_time")),
            as_int(window.get("end_time")),
            data.get("switch") is True,
            _extra(data, ("ranges", "switch")),
        )

    def to_json(self) -> JsonDict:
        """Cloud shape (one range, or none without times)."""
        ranges = []
        if self.start is not None and self.end is not None:
            ranges = [{"start_time": self.start, "end_time": self.end}]
        return {"ranges": ranges, "switch": self.switch, **self.extra}


@dataclass
class HourSlot:
    """A use-time interval in whole hours (end 24 = midnight) with a tariff type 1–4."""

    start: int
    end: int
    tariff: int
    extra: JsonDict = field(default_factory=dict)

    def moved(self, start: int, end: int) -> Self:
        """A copy with other hours."""
        return replace(copy.deepcopy(self), start=start, end=end)

    @classmethod
    def from_json(cls, data: object) -> HourSlot:
        """Parse a use-time interval."""
        if not isinstance(data, dict):
            raise unreadable(PLAN_USE_TIME)
        start, end = as_int(data.get("start_time")), as_int(data.get("end_time"))
        if start is None or end is None:
            raise unreadable(PLAN_USE_TIME)
        known = ("start_time", "end_time", "type")
        return cls(start, end, as_int(data.get("type")) or 0, _extra(data, known))

    def to_json(self) -> JsonDict:
        """Cloud shape."""
        return {"start_time": self.start, "end_time": self.end, "type": self.tariff, **self.extra}


def _prices(data: object) -> dict[int, str]:
    result: dict[int, str] = {}
    for item in data if isinstance(data, list) else []:
        tariff = as_int(item.get("type")) if isinstance(item, dict) else None
        if tariff is not None and isinstance(item, dict):
            price = item.get("price")
            number = parse_number(price) or 0.0  # NaN, lists … read as no price
            result[tariff] = price if isinstance(price, str) else f"{number:.2f}"
    return result


@dataclass
class Season:
    """A use-time season: inclusive month range, weekday/weekend slots and tariff prices."""

    start_month: int
    end_month: int
    weekday: list[HourSlot] = field(default_factory=list)
    weekend: list[HourSlot] = field(default_factory=list)
    weekday_price: dict[int, str] = field(default_factory=dict)
    weekend_price: dict[int, str] = field(default_factory=dict)
    unit: str = "€"
    is_same: bool = False
    extra: JsonDict = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: object) -> Season:
        """Parse a season."""
        if not isinstance(data, dict) or not isinstance(data.get("sea"), dict):
            raise unreadable(PLAN_USE_TIME)
        sea = data["sea"]
        start, end = as_int(sea.get("start_month")), as_int(sea.get("end_month"))
        if start is None or end is None:
            raise unreadable(PLAN_USE_TIME)
        known = ("sea", "weekday", "weekend", "weekday_price", "weekend_price", "unit", "is_same")
        return cls(
            start,
            end,
            [HourSlot.from_json(item) for item in as_list(data.get("weekday"))],
            [HourSlot.from_json(item) for item in as_list(data.get("weekend"))],
            _prices(data.get("weekday_price")),
            _prices(data.get("weekend_price")),
            str(data.get("unit") or "€"),
            data.get("is_same") is True,
            _extra(data, known),
        )

    def to_json(self) -> JsonDict:
        """Cloud shape."""
        return {
            "sea": {"start_month": self.start_month, "end_month": self.end_month},
            "weekday": [slot.to_json() for slot in self.weekday],
            "weekend": [slot.to_json() for slot in self.weekend],
            "weekday_price": [{"price": p, "type": t} for t, p in self.weekday_price.items()],
            "weekend_price": [{"price": p, "type": t} for t, p in self.weekend_price.items()],
            "unit": self.unit,
            "is_same": self.is_same,
            **self.extra,
        }


_MODELED = ("mode_type", PLAN_CUSTOM, PLAN_BLEND, PLAN_USE_TIME, PLAN_BACKUP)


@dataclass
class Sb2Schedule:
    """SB2+ schedule (param type 6); a plan is None when the cloud sent null or nothing."""

    mode_type: int | None = None
    custom_rate_plan: list[WeekPlan] | None = None
    blend_plan: list[WeekPlan] | None = None
    use_time: list[Season] | None = None
    manual_backup: ManualBackup | None = None
    extra: JsonDict = field(default_factory=dict)
    absent: frozenset[str] = frozenset()

    @classmethod
    def from_json(cls, data: object) -> Sb2Schedule:
        """Parse a type-6 object."""
        if not isinstance(data, dict):
            return cls(absent=frozenset(_MODELED))
        return cls(
            as_int(data.get("mode_type")),
            _week_plans(data.get(PLAN_CUSTOM)),
            _week_plans(data.get(PLAN_BLEND)),
            None
            if not isinstance(data.get(PLAN_USE_TIME), list)
            else [Season.from_json(item) for item in data[PLAN_USE_TIME]],
            ManualBackup.from_json(data.get(PLAN_BACKUP)),
            _extra(data, _MODELED),
            frozenset(key for key in _MODELED if key not in data),
        )

    def plan(self, name: str) -> list[WeekPlan] | None:
        """``custom_rate_plan`` or ``blend_plan``."""
        return self.custom_rate_plan if name == PLAN_CUSTOM else self.blend_plan

    def with_plan(self, name: str, plan: list[WeekPlan]) -> Sb2Schedule:
        """A copy with one weekday plan replaced."""
        if name == PLAN_CUSTOM:
            return replace(self, custom_rate_plan=plan)
        return replace(self, blend_plan=plan)

    def part(self, key: str) -> object:
        """The JSON of one modeled key (plans as lists, ``[]``/``{}`` when missing)."""
        if key == "mode_type":
            return self.mode_type
        if key in (PLAN_CUSTOM, PLAN_BLEND):
            return [element.to_json() for element in self.plan(key) or []]
        if key == PLAN_USE_TIME:
            return [season.to_json() for season in self.use_time or []]
        return self.manual_backup.to_json() if self.manual_backup else {}

    def to_json(self) -> JsonDict:
        """The full object; keys the cloud did not send stay out while still unset."""
        data = copy.deepcopy(self.extra)
        values = {
            "mode_type": self.mode_type,
            PLAN_CUSTOM: self.custom_rate_plan,
            PLAN_BLEND: self.blend_plan,
            PLAN_USE_TIME: self.use_time,
            PLAN_BACKUP: self.manual_backup,
        }
        for key, value in values.items():
            if value is None and key in self.absent:
                continue
            data[key] = None if value is None else self.part(key)
        return data


def _week_plans(data: object) -> list[WeekPlan] | None:
    if not isinstance(data, list):
        return None
    return [WeekPlan.from_json(item) for item in data]
