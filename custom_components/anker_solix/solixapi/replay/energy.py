"""Energy statistics answers for the requested days, built from the exported responses (§7).

Three response families share the logic: ``energy_analysis`` (daily ``power[]`` entries with a
``time`` date), HES / Power Panel statistics and ``statisticsPv`` (daily ``energy[]`` entries
without a date: index = day offset from the start). Inputs are already re-dated so that the
exported "today" is the asking clock's today (replay sessions and the
simulator share this module).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .energy_days import EnergyDays, TotalsSpec, number_of

_TIME = "time"


@dataclass(frozen=True)
class EnergyShape:
    """Where a response family keeps its daily entries, intraday curves and totals."""

    daily_list: str
    daily_value: str
    dated: bool
    curves: tuple[str, ...]
    totals: TotalsSpec
    dated_extras: tuple[str, ...] = ()
    index_field: str | None = None


ANALYSIS = EnergyShape(
    daily_list="power",
    daily_value="value",
    dated=True,
    curves=("power", "charge_trend", "charge_level"),
    dated_extras=("charge_trend",),
    totals=TotalsSpec(
        patterns=(
            ("*_total",),
            ("charging_pre",),
            ("electricity_pre",),
            ("others_pre",),
            ("smart_plug_info", "total_power"),
            ("smart_plug_info", "smartplug_list", "[device_sn]", "total_power"),
        ),
        exclude=frozenset({"forecast_total"}),  # a rolling forecast, not an interval total
        ratios=("charging_pre", "electricity_pre", "others_pre"),
        ratio_weight="solar_total",
    ),
)
STATISTICS = EnergyShape(
    daily_list="energy",
    daily_value="value",
    dated=False,
    curves=("power", "chargeLevel"),
    totals=TotalsSpec(
        patterns=(
            ("totalEnergy",),
            ("totalImportedEnergy",),
            ("totalExportedEnergy",),
            ("aggregates", "[title]", "value"),
        )
    ),
)
PV_STATISTICS = EnergyShape(
    daily_list="energy",
    daily_value="energy",
    dated=False,
    curves=("curve",),
    index_field="index",
    totals=TotalsSpec(patterns=(("solarGeneraion",), ("money",))),
)


def requested_days(start: date, end: date) -> list[date]:
    """Every day from ``start`` to ``end`` (empty when ``end`` is before ``start``)."""
    return [start + timedelta(days=offset) for offset in range((end - start).days + 1)]


def _entries(data: dict[str, Any] | None, key: str) -> list[dict[str, Any]]:
    """The dict entries of a list field (empty when missing)."""
    value = data.get(key) if data is not None else None
    return [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []


def _entry_date(entry: dict[str, Any]) -> date | None:
    """The ``time`` of a daily entry as a date, None for intraday or other times."""
    try:
        return date.fromisoformat(str(entry.get(_TIME)))
    except ValueError:
        return None


def _daily(shape: EnergyShape, week: dict[str, Any], today: date) -> dict[date, dict[str, Any]]:
    """The daily entries of an exported week response by their day ({} when not per day)."""
    entries = _entries(week, shape.daily_list)
    if not shape.dated:
        first = today - timedelta(days=len(entries) - 1)
        return {first + timedelta(days=offset): entry for offset, entry in enumerate(entries)}
    days = [_entry_date(entry) for entry in entries]
    if any(day is None for day in days):
        return {}
    return {day: entry for day, entry in zip(days, entries, strict=True) if day is not None}


def _zeroed(value: Any) -> Any:
    """``value`` with every number (and numeric text) set to zero, ``time`` kept."""
    if isinstance(value, dict):
        return {key: item if key == _TIME else _zeroed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_zeroed(item) for item in value]
    number = number_of(value)
    if number is None:
        return value
    return "0.00" if isinstance(value, str) else 0


def _day_entries(
    shape: EnergyShape,
    by_day: dict[date, dict[str, Any]],
    wanted: Sequence[date],
    template: dict[str, Any],
) -> list[dict[str, Any]]:
    """One entry per wanted day: the exported one, else a zero entry (no data)."""
    result: list[dict[str, Any]] = []
    for position, day in enumerate(wanted, start=1):
        entry = copy.deepcopy(by_day[day]) if day in by_day else _zeroed(template)
        if shape.dated:
            entry[_TIME] = day.isoformat()
        if shape.index_field is not None and shape.index_field in entry:
            entry[shape.index_field] = position
        result.append(entry)
    return result


def _model(
    shape: EnergyShape, today: date, week: dict[str, Any] | None, today_data: dict[str, Any] | None
) -> tuple[EnergyDays, dict[date, dict[str, Any]]]:
    """The day model of the exported files and the week file's daily entries by day."""
    by_day = _daily(shape, week, today) if week is not None else {}
    daily = [(day, number_of(entry.get(shape.daily_value)) or 0.0) for day, entry in by_day.items()]
    model = EnergyDays.build(shape.totals, today, week if by_day else None, today_data, daily)
    return model, by_day


def interval_answer(
    shape: EnergyShape,
    week: dict[str, Any],
    today_data: dict[str, Any] | None,
    wanted: Sequence[date],
    today: date,
) -> dict[str, Any]:
    """A week/interval answer: one daily entry per wanted day and the interval's totals.

    A week response without recognisable daily entries comes back unchanged.
    """
    result = copy.deepcopy(week)
    model, by_day = _model(shape, today, week, today_data)
    if not by_day:
        return result
    template = next(iter(by_day.values()))
    result[shape.daily_list] = _day_entries(shape, by_day, wanted, template)
    for extra in shape.dated_extras:
        entries = _entries(week, extra)
        extra_days = {_entry_date(entry): entry for entry in entries}
        if entries and None not in extra_days:
            known = {day: entry for day, entry in extra_days.items() if day is not None}
            result[extra] = _day_entries(shape, known, wanted, entries[0])
    model.write_interval(result, wanted)
    return result


def day_answer(
    shape: EnergyShape,
    week: dict[str, Any] | None,
    today_data: dict[str, Any],
    day: date,
    today: date,
) -> dict[str, Any]:
    """An intraday answer for ``day`` built from the exported today.

    Today: the export itself. Another exported day: today's curves (plausible) with that day's
    totals. Any other day (future, or past without data): no curves and zero totals.
    """
    result = copy.deepcopy(today_data)
    if day == today:
        return result
    model, by_day = _model(shape, today, week, today_data)
    if not model.has_data(day):
        for curve in shape.curves:
            if isinstance(result.get(curve), list):
                result[curve] = []
    if not shape.dated and _entries(today_data, shape.daily_list):
        template = _entries(today_data, shape.daily_list)[0]
        result[shape.daily_list] = _day_entries(shape, by_day, [day], template)
    model.write_interval(result, [day])
    return result


_DATE_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?=$|[ T])")


def _shift_text(text: str, offset: timedelta) -> str:
    """``text`` with a leading ``YYYY-MM-DD`` moved by ``offset`` (anything else unchanged)."""
    match = _DATE_PREFIX.match(text)
    if match is None:
        return text
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return text
    return (day + offset).isoformat() + text[match.end() :]


def _shift(value: Any, offset: timedelta) -> Any:
    """Shift every date string inside ``value`` in place where possible; return the new value."""
    if isinstance(value, str):
        return _shift_text(value, offset)
    if isinstance(value, dict):
        for key, item in value.items():
            value[key] = _shift(item, offset)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            value[index] = _shift(item, offset)
    return value


def shift_energy_response(
    data: dict[str, Any], file_today: date, clock_today: date
) -> dict[str, Any]:
    """Deep copy of an energy response ``data``, every date moved by ``clock_today - file_today``.

    Covers ``energy_analysis`` week/day data (``power[].time``, ``local_time``), HES and power
    panel energy statistics and ``statisticsPv``; shapes without date strings come back unchanged.
    """
    result = copy.deepcopy(data)
    offset = clock_today - file_today
    if not isinstance(result, dict) or not offset:
        return result
    shifted: dict[str, Any] = _shift(result, offset)
    return shifted
