"""shift_energy_response moves every date of energy responses to the simulated day."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from custom_components.anker_solix.solixapi.replay import shift_energy_response

FILE_DAY = date(2025, 6, 4)
SIM_DAY = date(2026, 3, 1)


def _week() -> dict[str, Any]:
    """An energy_analysis week answer (two days)."""
    return {
        "power": [{"time": "2025-06-03", "value": "5.90"}, {"time": "2025-06-04", "value": "1.99"}],
        "charge_total": "3.98",
        "local_time": "",
        "solar_total": "7.89",
        "trend_unit": "kwh",
    }


def test_week_dates_move_by_the_day_offset() -> None:
    """power[].time moves by (sim_today - file_today); values and the input stay untouched."""
    data = _week()
    original = copy.deepcopy(data)
    shifted = shift_energy_response(data, FILE_DAY, SIM_DAY)
    assert [p["time"] for p in shifted["power"]] == ["2026-02-28", "2026-03-01"]
    assert [p["value"] for p in shifted["power"]] == ["5.90", "1.99"]
    assert shifted["charge_total"] == "3.98"
    assert shifted["local_time"] == ""
    assert data == original


def test_day_data_keeps_clock_times_and_moves_local_time() -> None:
    """Intraday "HH:MM" points stay; local_time "YYYY-MM-DD HH:MM" gets the new date."""
    data = {
        "power": [{"time": "00:00", "value": "0"}, {"time": "00:20", "value": "12"}],
        "local_time": "2025-06-04 13:23",
        "forecast_trend": [{"time": "14:00", "value": "300"}],
    }
    shifted = shift_energy_response(data, FILE_DAY, date(2025, 6, 10))
    assert shifted["local_time"] == "2025-06-10 13:23"
    assert shifted["power"] == data["power"]
    assert shifted["forecast_trend"] == data["forecast_trend"]


def test_hes_and_inverter_statistics_without_dates_stay_unchanged() -> None:
    """Index-based energy lists (HES, statisticsPv) and unknown shapes come back equal."""
    hes = {
        "totalEnergy": "20.61",
        "energy": [{"value": "10.18", "negValue": "0", "rods": []}],
        "power": [{"time": "00:05", "powerInfos": [{"type": "hes", "value": "-0.98"}]}],
    }
    inverter = {"curve": [], "energy": [{"money": 0, "energy": 2.58, "index": 1}]}
    assert shift_energy_response(hes, FILE_DAY, SIM_DAY) == hes
    assert shift_energy_response(inverter, FILE_DAY, SIM_DAY) == inverter
    assert shift_energy_response({"odd": [1, None, True]}, FILE_DAY, SIM_DAY) == {
        "odd": [1, None, True]
    }


def test_backwards_shift_and_invalid_dates() -> None:
    """Negative offsets work; text that only looks like a date is left alone."""
    data = {"a": "2025-03-01", "b": "2025-13-45", "c": "2025-03-01x", "d": "2025-03-01 00:00:00"}
    shifted = shift_energy_response(data, date(2025, 3, 1), date(2024, 3, 1))
    assert shifted == {
        "a": "2024-03-01",
        "b": "2025-13-45",
        "c": "2025-03-01x",
        "d": "2024-03-01 00:00:00",
    }
