"""Moves the dates of energy statistics responses to the simulated day."""

from __future__ import annotations

import copy
import re
from datetime import date, timedelta
from typing import Any

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
    data: dict[str, Any], file_today: date, sim_today: date
) -> dict[str, Any]:
    """Deep copy of an energy response ``data`` with every date moved by ``sim_today - file_today``.

    Covers ``energy_analysis`` week/day data (``power[].time``, ``local_time``), HES and power
    panel energy statistics and ``statisticsPv``; shapes without date strings come back unchanged.
    """
    result = copy.deepcopy(data)
    offset = sim_today - file_today
    if not isinstance(result, dict) or not offset:
        return result
    shifted: dict[str, Any] = _shift(result, offset)
    return shifted
