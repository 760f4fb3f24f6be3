"""SB2+ weekday plan edits (§6.6 A–C, E) and the write subsets (§6.3.3) as pure functions."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from ..common.errors import SolixNotAllowedError, SolixValidationError
from ..common.jsonutil import JsonDict
from ..common.products import OUTPUT_LIMIT_OPTIONS
from .model import (
    MINUTES_PER_DAY,
    MODE_NAMES,
    MODE_PLANS,
    NEW_SLOT_PRESET,
    PLAN_BACKUP,
    PLAN_BLEND,
    PLAN_CUSTOM,
    PLAN_USE_TIME,
    SB2_DEFAULT_MAX_LOAD,
    WEEK_PLANS,
    SlotChange,
    as_int,
    check_range,
    check_weekdays,
)
from .plans import ManualBackup, PlanSlot, Sb2Schedule, WeekPlan
from .spans import cut_out, find_at, gap_around, insert_span, sharing_edge

ALL_DAYS = frozenset(range(7))
RangesEdit = Callable[[list[PlanSlot]], list[PlanSlot]]


@dataclass(frozen=True)
class Sb2Limits:
    """Allowed output presets (§6.3.4)."""

    low: int
    high: int


def sb2_limits(schedule: Sb2Schedule, models: Iterable[str]) -> Sb2Limits:
    """``min_load`` (else 0) and ``max_load`` (else 800) relaxed to the models' largest limit."""
    low = as_int(schedule.extra.get("min_load")) or 0
    high = as_int(schedule.extra.get("max_load")) or SB2_DEFAULT_MAX_LOAD
    model_max = max((max(OUTPUT_LIMIT_OPTIONS.get(model, (0,))) for model in models), default=0)
    return Sb2Limits(low, max(high, model_max))


def weekday_of(day: int) -> int:
    """Python weekday (Monday 0) → schedule weekday (Sunday 0)."""
    return (day + 1) % 7


def plan_for_mode(schedule: Sb2Schedule) -> str:
    """The weekday plan of the active mode; ``no_usable_plan`` for modes without one."""
    mode = schedule.mode_type
    name = MODE_PLANS.get(mode) if mode is not None else None
    if name is None:
        mode_name = MODE_NAMES.get(mode, str(mode)) if mode is not None else "unknown"
        raise SolixNotAllowedError("no_usable_plan", placeholders={"mode": mode_name})
    return name


def target_plan(schedule: Sb2Schedule, plan: str | None) -> str:
    """Explicit plan, else the plan of the active mode, else ``custom_rate_plan`` (§6.6 E)."""
    if plan is not None:
        if plan not in WEEK_PLANS:
            raise SolixValidationError("plan_invalid", field="plan", placeholders={"plan": plan})
        return plan
    mode = schedule.mode_type
    return MODE_PLANS.get(mode, PLAN_CUSTOM) if mode is not None else PLAN_CUSTOM


def target_days(
    plan: list[WeekPlan] | None, weekdays: frozenset[int] | None, today: int
) -> frozenset[int]:
    """Given days; else all days of the element containing today; else today (plan exists)
    or every day (no plan) (§6.6 E)."""
    if weekdays is not None:
        return check_weekdays(weekdays)
    for element in plan or []:
        if today in element.week:
            return frozenset(element.week)
    return frozenset({today}) if plan else ALL_DAYS


def edit_days(
    plan: list[WeekPlan] | None, days: frozenset[int], edit: RangesEdit
) -> list[WeekPlan]:
    """Apply ``edit`` to the ranges of exactly ``days`` (§6.6 E clone / merge rules).

    The element sharing most days with ``days`` gives the starting ranges. ``days`` are taken out
    of every element (elements left without days go), and one element for exactly ``days`` with
    the edited ranges takes the place of the base element (right after it if the base keeps days).
    Edited ranges that are empty remove the days from the plan. Indices are renumbered 0..n−1.
    """
    elements = copy.deepcopy(plan or [])
    base_at = max(
        range(len(elements)),
        key=lambda i: (len(days & set(elements[i].week)), -i),
        default=None,
    )
    base = elements[base_at] if base_at is not None and days & set(elements[base_at].week) else None
    ranges = edit(copy.deepcopy(base.ranges) if base else [])
    result: list[WeekPlan] = []
    for element in elements:
        remaining = [day for day in element.week if day not in days]
        if remaining:
            element.week = remaining
            result.append(element)
        if element is base and ranges:
            result.append(WeekPlan(sorted(days), ranges, 0, copy.deepcopy(base.extra)))
    if base is None and ranges:
        result.append(WeekPlan(sorted(days), ranges))
    for index, element in enumerate(result):
        element.index = index
    return result


def set_current_power(ranges: list[PlanSlot], minute: int, power: int) -> list[PlanSlot]:
    """Algorithm A on one day: the slot of ``minute`` (a filled gap, or the whole day)."""
    current = find_at(ranges, minute)
    if current is None:
        start, end = gap_around(ranges, minute, MINUTES_PER_DAY) or (0, MINUTES_PER_DAY)
        return insert_span(ranges, PlanSlot(start, end, power))
    return [PlanSlot(s.start, s.end, power, s.extra) if s is current else s for s in ranges]


def replace_ranges(start: int, end: int, power: int | None) -> RangesEdit:
    """Algorithm B: one interval replaces the day's ranges."""
    return lambda _ranges: [PlanSlot(start, end, NEW_SLOT_PRESET if power is None else power)]


def insert_ranges(start: int, end: int, power: int | None) -> RangesEdit:
    """Algorithm C: place the interval; without a power, take it from a slot sharing an edge."""

    def edit(ranges: list[PlanSlot]) -> list[PlanSlot]:
        value = power
        if value is None:
            base = sharing_edge(ranges, start, end)
            value = base.power if base is not None else NEW_SLOT_PRESET
        return insert_span(ranges, PlanSlot(start, end, value))

    return edit


def delete_ranges(start: int | None = None, end: int | None = None) -> RangesEdit:
    """Remove an interval (or everything) from the day's ranges."""
    if start is None or end is None:
        return lambda _ranges: []
    return lambda ranges: cut_out(ranges, start, end)


def check_power(power: int | None, limits: Sb2Limits, name: str = "appliance_load") -> None:
    """Preset within the schedule limits."""
    if power is not None:
        check_range(power, limits.low, limits.high, name)


def apply_slot_change(
    schedule: Sb2Schedule, change: SlotChange, today: int, limits: Sb2Limits, *, whole: bool
) -> Sb2Schedule:
    """Set (B) or update (C) action on a weekday plan."""
    start, end = change.span()
    check_power(change.appliance_load, limits)
    name = target_plan(schedule, change.plan)
    plan = schedule.plan(name)
    days = target_days(plan, change.weekdays, today)
    maker = replace_ranges if whole else insert_ranges
    return schedule.with_plan(name, edit_days(plan, days, maker(start, end, change.appliance_load)))


def clear_plan(
    schedule: Sb2Schedule, plan: str | None, weekdays: frozenset[int] | None
) -> tuple[Sb2Schedule, str]:
    """Delete a plan (weekday plans: only ``weekdays`` when given); returns the plan changed."""
    if plan is not None and plan not in (*WEEK_PLANS, PLAN_BACKUP, PLAN_USE_TIME):
        raise SolixValidationError("plan_invalid", field="plan", placeholders={"plan": plan})
    name = plan or target_plan(schedule, None)
    if name == PLAN_BACKUP:
        return replace(schedule, manual_backup=ManualBackup()), name
    if name == PLAN_USE_TIME:
        return replace(schedule, use_time=[]), name
    if weekdays is None:
        return schedule.with_plan(name, []), name
    days = check_weekdays(weekdays)
    return schedule.with_plan(name, edit_days(schedule.plan(name), days, delete_ranges())), name


def plan_payload(schedule: Sb2Schedule) -> JsonDict:
    """Write subset for weekday plans: ``mode_type`` + both plans (``[]`` when missing)."""
    return {
        "mode_type": schedule.mode_type,
        PLAN_CUSTOM: schedule.part(PLAN_CUSTOM),
        PLAN_BLEND: schedule.part(PLAN_BLEND),
    }


def ac_payload(schedule: Sb2Schedule) -> JsonDict:
    """Write subset for everything else: ``mode_type`` + ``manual_backup`` + ``use_time``."""
    return {
        "mode_type": schedule.mode_type,
        PLAN_BACKUP: schedule.part(PLAN_BACKUP),
        PLAN_USE_TIME: schedule.part(PLAN_USE_TIME),
    }


def plan_power_at(schedule: Sb2Schedule, name: str, weekday: int, minute: int) -> int | None:
    """Preset of a weekday plan at a weekday and minute (None without a slot)."""
    for element in schedule.plan(name) or []:
        if weekday in element.week:
            slot = find_at(element.ranges, minute)
            return slot.power if slot else None
    return None


def matches(sent: JsonDict, stored: Sb2Schedule) -> bool:
    """Whether a read-back schedule carries what was sent (normalised through the model)."""
    written = Sb2Schedule.from_json(sent)
    return all(written.part(key) == stored.part(key) for key in sent)
