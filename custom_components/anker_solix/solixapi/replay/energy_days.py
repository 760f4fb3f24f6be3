"""Interval totals of exported energy statistics: split the exported days, sum requested days.

Shared by replay sessions and the simulator.

An exported "week" response covers a few days (yesterday and today) with totals of that whole
interval; the ``_today`` response holds today's totals. From both, every exported day gets its
own totals: today those of the ``_today`` file (else the week totals scaled by today's share of
the daily values), the other days what remains of the week, split by their daily values. Totals
of any requested set of days are then the sums over the exported days inside it; days outside
the export have no data (zero).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from fnmatch import fnmatchcase
from typing import Any

Key = tuple[str, ...]
Leaf = tuple[dict[str, Any], str]
# Additive stand-in of a share field: share × weight, so shares of several days can be combined.
_AMOUNT = "~amount"
_HALF_CENT = 0.005


@dataclass(frozen=True)
class TotalsSpec:
    """Which fields of a response are interval totals.

    ``patterns`` are paths of field names (``fnmatch`` globs on dict keys) where ``[field]``
    steps into a list whose entries are identified by ``field``. ``ratios`` are top-level share
    fields (fractions) weighted by the top-level total ``ratio_weight``.
    """

    patterns: tuple[tuple[str, ...], ...]
    exclude: frozenset[str] = frozenset()
    ratios: tuple[str, ...] = ()
    ratio_weight: str | None = None


def number_of(value: Any) -> float | None:
    """Numeric value of a cloud field (numbers or numeric text such as ``"0.40"``), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def format_like(original: Any, value: float) -> Any:
    """``value`` in the type of ``original``: text with 2 decimals, or a number rounded to 2."""
    if abs(value) < _HALF_CENT:
        value = 0.0
    if isinstance(original, str):
        return f"{value:.2f}"
    return round(value, 2)


def _walk(
    node: Any, pattern: Sequence[str], key: Key, exclude: frozenset[str], found: dict[Key, Leaf]
) -> None:
    """Collect the numeric leaves of ``node`` matching ``pattern`` into ``found``."""
    head, rest = pattern[0], pattern[1:]
    if head.startswith("[") and head.endswith("]"):
        ident = head[1:-1]
        for item in node if isinstance(node, list) else []:
            if isinstance(item, dict) and item.get(ident) is not None and rest:
                _walk(item, rest, (*key, str(item[ident])), exclude, found)
        return
    if not isinstance(node, dict):
        return
    for name, value in node.items():
        if name in exclude or not fnmatchcase(name, head):
            continue
        if rest:
            _walk(value, rest, (*key, name), exclude, found)
        elif number_of(value) is not None:
            found[(*key, name)] = (node, name)


def leaves(data: Any, spec: TotalsSpec) -> dict[Key, Leaf]:
    """The numeric total fields of a response ``data`` by key (container and field name)."""
    found: dict[Key, Leaf] = {}
    for pattern in spec.patterns:
        if pattern:
            _walk(data, pattern, (), spec.exclude, found)
    return found


def additive_values(data: Any, spec: TotalsSpec) -> dict[Key, float]:
    """The totals of ``data`` as numbers; share fields become share × weight amounts."""
    values: dict[Key, float] = {}
    for key, (container, name) in leaves(data, spec).items():
        number = number_of(container[name])
        if number is not None and key not in {(ratio,) for ratio in spec.ratios}:
            values[key] = number
    weight = values.get((spec.ratio_weight,)) if spec.ratio_weight else None
    for ratio in spec.ratios:
        share = number_of(data.get(ratio)) if isinstance(data, dict) else None
        if share is not None and weight is not None:
            values[(_AMOUNT, ratio)] = share * weight
    return values


def _value_for(key: Key, values: dict[Key, float], spec: TotalsSpec) -> float:
    """The number to write for ``key`` (shares from their amount and weight, else 0)."""
    if len(key) == 1 and key[0] in spec.ratios and spec.ratio_weight:
        weight = values.get((spec.ratio_weight,), 0.0)
        amount = values.get((_AMOUNT, key[0]), 0.0)
        return min(1.0, max(0.0, amount / weight)) if weight > 0 else 0.0
    return values.get(key, 0.0)


def write_totals(
    target: Any, spec: TotalsSpec, values: dict[Key, float], texts: Any = None
) -> None:
    """Set the totals of ``target``: the raw field of ``texts`` where present, else ``values``."""
    sources = leaves(texts, spec) if texts is not None else {}
    for key, (container, name) in leaves(target, spec).items():
        source = sources.get(key)
        if source is not None:
            container[name] = source[0][source[1]]
        else:
            container[name] = format_like(container[name], _value_for(key, values, spec))


def _shares(days: Sequence[date], weights: Sequence[float]) -> dict[date, float]:
    """Each day's share of the (absolute) daily values; equal shares when all are zero."""
    magnitudes = [abs(weight) for weight in weights]
    total = sum(magnitudes)
    if total <= 0:
        return {day: 1 / len(days) for day in days}
    return {day: magnitude / total for day, magnitude in zip(days, magnitudes, strict=True)}


@dataclass(frozen=True)
class EnergyDays:
    """The exported days of one energy response with the totals of each day."""

    days: tuple[date, ...]
    today: date
    spec: TotalsSpec
    week: dict[str, Any] | None = None
    today_data: dict[str, Any] | None = None
    per_day: dict[date, dict[Key, float]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        spec: TotalsSpec,
        today: date,
        week: dict[str, Any] | None,
        today_data: dict[str, Any] | None,
        daily: Sequence[tuple[date, float]],
    ) -> EnergyDays:
        """Split the week totals over its days (``daily``: each day and its daily value)."""
        if week is None or not daily:
            return cls((today,), today, spec, None, today_data, {today: {}})
        days = tuple(day for day, _ in daily)
        shares = _shares(days, [value for _, value in daily])
        today_values = additive_values(today_data, spec) if today_data is not None else {}
        per_day: dict[date, dict[Key, float]] = {day: {} for day in days}
        for key, total in additive_values(week, spec).items():
            others = [day for day in days if day != today]
            rest = total
            if today in per_day:
                own = today_values.get(key, total * shares[today])
                per_day[today][key] = own
                rest -= own
            weight = sum(shares[day] for day in others)
            for day in others:
                part = shares[day] / weight if weight > 0 else 1 / len(others)
                per_day[day][key] = rest * part
        return cls(days, today, spec, week, today_data, per_day)

    def has_data(self, day: date) -> bool:
        """True for an exported day (with a week file, or today with its ``_today`` file)."""
        if day == self.today:
            return self.week is not None or self.today_data is not None
        return day in self.per_day

    def write_interval(self, target: dict[str, Any], requested: Iterable[date]) -> None:
        """Set the totals of ``target`` to those of the requested days."""
        wanted = set(requested)
        inside = [day for day in self.days if day in wanted]
        if self.week is not None and inside == list(self.days):
            write_totals(target, self.spec, {}, self.week)
            return
        if inside == [self.today] and self.today_data is not None:
            write_totals(target, self.spec, self.per_day.get(self.today, {}), self.today_data)
            return
        values: dict[Key, float] = {}
        for day in inside:
            for key, value in self.per_day.get(day, {}).items():
                values[key] = values.get(key, 0.0) + value
        write_totals(target, self.spec, values)
