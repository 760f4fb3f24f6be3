"""Use-time (time of use) plan edits (§6.3.5) as pure functions on the season list.

``modify_use_time`` carves the month range out of the existing seasons (splitting them where
needed) and edits one season for exactly those months, cloned from the season that contained the
start month (a new season starts as all-day off-peak at 0.00). Hours are whole hours, end 24 =
midnight. Setting an interval shortens or splits what it overlaps; deleting an interval widens the
slot before it (else the one after it) so the day stays covered; deleting 0–24 for all days
deletes the months. Adjacent slots with the same tariff are merged and prices of tariffs no longer
used on that day type are dropped; a tariff without a price gets 0.00.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from datetime import datetime

from ..common.errors import SolixNotAllowedError, SolixValidationError
from .model import DAY_TYPES, TARIFFS, check_range
from .plans import HourSlot, Season
from .spans import cut_out, find_at, insert_span, sorted_spans

OFF_PEAK = TARIFFS["off_peak"]
DEFAULT_PRICE = "0.00"
PRICE_RANGE = (0.0, 1000.0)
HOURS_PER_DAY = 24


def format_price(price: float) -> str:
    """Two decimals, as the app writes prices."""
    check_range(price, *PRICE_RANGE, "price")
    return f"{price:.2f}"


@dataclass(frozen=True)
class UseTimeEdit:
    """One change of the use-time plan."""

    start_month: int
    end_month: int
    day_type: str
    start_hour: int
    end_hour: int
    tariff: int | None = None
    price: float | None = None
    delete: bool = False

    def validate(self) -> None:
        """Raise for months, hours, day type, tariff or price out of range."""
        check_range(self.start_month, 1, 12, "start_month")
        check_range(self.end_month, 1, 12, "end_month")
        if self.end_month < self.start_month:
            raise SolixValidationError("month_range_invalid", field="end_month")
        check_range(self.start_hour, 0, HOURS_PER_DAY - 1, "start_hour")
        check_range(self.end_hour, 1, HOURS_PER_DAY, "end_hour")
        if self.end_hour <= self.start_hour:
            raise SolixValidationError("hour_range_invalid", field="end_hour")
        if self.day_type not in DAY_TYPES:
            raise SolixValidationError("day_type_invalid", field="day_type")
        if self.tariff is not None and self.tariff not in TARIFFS.values():
            raise SolixValidationError("tariff_invalid", field="tariff")
        if self.price is not None:
            format_price(self.price)


def _default_season(start: int, end: int, unit: str) -> Season:
    day = [HourSlot(0, HOURS_PER_DAY, OFF_PEAK)]
    prices = {OFF_PEAK: DEFAULT_PRICE}
    return Season(start, end, day, copy.deepcopy(day), dict(prices), dict(prices), unit)


def _carve(seasons: list[Season], start: int, end: int) -> tuple[list[Season], Season | None]:
    """Seasons without months ``start..end`` and the season that contained ``start``."""
    kept: list[Season] = []
    base = next((s for s in seasons if s.start_month <= start <= s.end_month), None)
    base = base or next((s for s in seasons if start <= s.start_month <= end), None)
    for season in seasons:
        if season.end_month < start or season.start_month > end:
            kept.append(season)
            continue
        if season.start_month < start:
            kept.append(replace(copy.deepcopy(season), end_month=start - 1))
        if season.end_month > end:
            kept.append(replace(copy.deepcopy(season), start_month=end + 1))
    return kept, base


def merge_adjacent(slots: list[HourSlot]) -> list[HourSlot]:
    """Join neighbouring slots with the same tariff."""
    result: list[HourSlot] = []
    for slot in sorted_spans(slots):
        if result and result[-1].end == slot.start and result[-1].tariff == slot.tariff:
            result[-1] = result[-1].moved(result[-1].start, slot.end)
        else:
            result.append(slot)
    return result


def _delete_hours(slots: list[HourSlot], start: int, end: int) -> list[HourSlot]:
    """Remove hours and widen the slot before (else after) over the gap."""
    rest = cut_out(slots, start, end)
    before = [s for s in rest if s.end == start]
    after = [s for s in rest if s.start == end]
    if before:
        rest = [s.moved(s.start, end) if s is before[0] else s for s in rest]
    elif after:
        rest = [s.moved(start, s.end) if s is after[0] else s for s in rest]
    return rest


def _edit_day(season: Season, day: str, edit: UseTimeEdit) -> None:
    slots: list[HourSlot] = getattr(season, day)
    prices: dict[int, str] = getattr(season, f"{day}_price")
    if edit.delete:
        slots = _delete_hours(slots, edit.start_hour, edit.end_hour)
    else:
        tariff = edit.tariff
        if tariff is None:
            current = find_at(slots, edit.start_hour)
            tariff = current.tariff if current else OFF_PEAK
        slots = insert_span(slots, HourSlot(edit.start_hour, edit.end_hour, tariff))
        if edit.price is not None:
            prices[tariff] = format_price(edit.price)
        prices.setdefault(tariff, DEFAULT_PRICE)
    slots = merge_adjacent(slots)
    used = {slot.tariff for slot in slots}
    setattr(season, day, slots)
    setattr(season, f"{day}_price", {t: p for t, p in prices.items() if t in used})


def modify_use_time(seasons: list[Season] | None, edit: UseTimeEdit, unit: str) -> list[Season]:
    """Apply one season/day-type/hour edit; returns the new season list (sorted by month)."""
    edit.validate()
    current = copy.deepcopy(seasons or [])
    kept, base = _carve(current, edit.start_month, edit.end_month)
    whole_day = (edit.start_hour, edit.end_hour) == (0, HOURS_PER_DAY)
    if edit.delete and whole_day and edit.day_type == "all":
        return sorted(kept, key=lambda s: s.start_month)
    season = copy.deepcopy(base) if base else _default_season(0, 0, unit)
    season.start_month, season.end_month = edit.start_month, edit.end_month
    days = ["weekday", "weekend"]
    if edit.day_type == "all" and season.is_same:
        days = ["weekday"]
    elif edit.day_type != "all":
        if season.is_same:
            season.weekend = copy.deepcopy(season.weekday)
            season.weekend_price = dict(season.weekday_price)
            season.is_same = False
        days = [edit.day_type]
    for day in days:
        _edit_day(season, day, edit)
    return sorted([*kept, season], key=lambda s: s.start_month)


def current_slot(seasons: list[Season] | None, local: datetime) -> tuple[Season, str, HourSlot]:
    """Season, day type and slot of the current hour; refused when the plan has none."""
    for season in seasons or []:
        if season.start_month <= local.month <= season.end_month:
            day = "weekend" if local.weekday() >= 5 and not season.is_same else "weekday"
            slot = find_at(getattr(season, day), local.hour)
            if slot is not None:
                return season, day, slot
    raise SolixNotAllowedError("use_time_slot_missing")


def set_current_tariff(
    seasons: list[Season] | None, local: datetime, tariff: int | None, price: float | None
) -> list[Season]:
    """Change the tariff of the current hour's slot and/or the price of its tariff."""
    if tariff is None and price is None:
        raise SolixValidationError("nothing_to_change")
    if tariff is not None and tariff not in TARIFFS.values():
        raise SolixValidationError("tariff_invalid", field="tariff")
    text = None if price is None else format_price(price)
    result = copy.deepcopy(seasons or [])
    season, day, slot = current_slot(result, local)
    prices: dict[int, str] = getattr(season, f"{day}_price")
    if tariff is not None:
        slot.tariff = tariff
        prices.setdefault(tariff, DEFAULT_PRICE)
    if text is not None:
        prices[slot.tariff] = text
    return result
