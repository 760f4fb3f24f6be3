"""Energy answers for the requested days: daily entries and interval totals (§7.1, §7.5)."""

from __future__ import annotations

from datetime import date
from typing import Any

from custom_components.anker_solix.solixapi.replay import (
    ANALYSIS,
    PV_STATISTICS,
    STATISTICS,
    day_answer,
    interval_answer,
    requested_days,
)

TODAY = date(2025, 6, 4)
YESTERDAY = date(2025, 6, 3)
TOMORROW = date(2025, 6, 5)


def _solar_week() -> dict[str, Any]:
    """A solar_production week answer covering yesterday and today."""
    return {
        "power": [
            {"time": "2025-06-03", "value": "4.00", "rods": None},
            {"time": "2025-06-04", "value": "3.00", "rods": None},
        ],
        "charge_trend": None,
        "charge_total": "3.00",
        "discharge_total": "5.50",
        "solar_total": "7.00",
        "solar_to_home_total": "4.00",
        "charging_pre": "0.43",
        "electricity_pre": "0.57",
        "others_pre": "0",
        "home_usage_total": "",
        "forecast_total": "",
        "trend_unit": "kwh",
    }


def _solar_today() -> dict[str, Any]:
    """The matching type-day answer of today."""
    return {
        "power": [{"time": "00:00", "value": "0"}, {"time": "12:00", "value": "800"}],
        "forecast_trend": [{"time": "13:00", "value": "700"}],
        "forecast_total": "6.20",
        "charge_total": "1.50",
        "discharge_total": "2.00",
        "solar_total": "3.00",
        "solar_to_home_total": "1.50",
        "charging_pre": "0.50",
        "electricity_pre": "0.50",
        "others_pre": "0",
        "home_usage_total": "",
        "local_time": "2025-06-04 12:10",
        "trend_unit": "w",
    }


def test_today_only_gets_todays_entry_and_the_today_totals() -> None:
    answer = interval_answer(ANALYSIS, _solar_week(), _solar_today(), [TODAY], TODAY)
    assert answer["power"] == [{"time": "2025-06-04", "value": "3.00", "rods": None}]
    assert (answer["charge_total"], answer["discharge_total"], answer["solar_total"]) == (
        "1.50",
        "2.00",
        "3.00",
    )
    assert (answer["charging_pre"], answer["home_usage_total"]) == ("0.50", "")
    assert answer["trend_unit"] == "kwh"


def test_yesterday_is_the_week_minus_today() -> None:
    answer = interval_answer(ANALYSIS, _solar_week(), _solar_today(), [YESTERDAY], TODAY)
    assert answer["power"] == [{"time": "2025-06-03", "value": "4.00", "rods": None}]
    assert answer["charge_total"] == "1.50"
    assert answer["discharge_total"] == "3.50"
    assert answer["solar_to_home_total"] == "2.50"
    # Shares of yesterday: (0.43 * 7 - 0.5 * 3) / 4 and (0.57 * 7 - 0.5 * 3) / 4.
    assert (answer["charging_pre"], answer["electricity_pre"], answer["others_pre"]) == (
        "0.38",
        "0.62",
        "0.00",
    )


def test_whole_export_keeps_the_file_and_outside_days_have_no_data() -> None:
    days = requested_days(date(2025, 6, 2), TOMORROW)
    answer = interval_answer(ANALYSIS, _solar_week(), _solar_today(), days, TODAY)
    assert [(p["time"], p["value"]) for p in answer["power"]] == [
        ("2025-06-02", "0.00"),
        ("2025-06-03", "4.00"),
        ("2025-06-04", "3.00"),
        ("2025-06-05", "0.00"),
    ]
    assert (answer["charge_total"], answer["others_pre"]) == ("3.00", "0")
    past = interval_answer(ANALYSIS, _solar_week(), None, [date(2025, 5, 1)], TODAY)
    assert past["power"] == [{"time": "2025-05-01", "value": "0.00", "rods": None}]
    assert (past["charge_total"], past["solar_total"], past["charging_pre"]) == (
        "0.00",
        "0.00",
        "0.00",
    )
    assert requested_days(TODAY, YESTERDAY) == []


def test_without_today_file_totals_follow_the_daily_share() -> None:
    week = {
        "power": [
            {"time": "2025-06-03", "value": "-1.00"},
            {"time": "2025-06-04", "value": "-3.00"},
        ],
        "charge_trend": [
            {"time": "2025-06-03", "value": "2.10"},
            {"time": "2025-06-04", "value": "0.90"},
        ],
        "grid_imported_total": "8.00",
        "third_party_pv_to_grid": "",
    }
    answer = interval_answer(ANALYSIS, week, None, [TODAY], TODAY)
    assert answer["power"] == [{"time": "2025-06-04", "value": "-3.00"}]
    assert answer["charge_trend"] == [{"time": "2025-06-04", "value": "0.90"}]
    assert answer["grid_imported_total"] == "6.00"
    assert (
        interval_answer(ANALYSIS, week, None, [YESTERDAY], TODAY)["grid_imported_total"] == "2.00"
    )


def test_smart_plug_totals_per_interval() -> None:
    def plugs(first: str, second: str, total: str) -> dict[str, Any]:
        entries = [{"device_sn": "PLUGA", "total_power": first}]
        entries.append({"device_sn": "PLUGB", "total_power": second})
        return {"smartplug_list": entries, "total_power": total}

    week: dict[str, Any] = {
        "power": [{"time": "2025-06-03", "value": "5"}, {"time": "2025-06-04", "value": "2"}],
        "smart_plug_info": plugs("1.50", "0.80", "2.30"),
    }
    today = {"power": [], "smart_plug_info": plugs("0.50", "0.30", "0.80")}
    answer = interval_answer(ANALYSIS, week, today, [YESTERDAY], TODAY)
    assert answer["smart_plug_info"] == plugs("1.00", "0.50", "1.50")


def test_day_queries_of_other_days() -> None:
    tomorrow = day_answer(ANALYSIS, _solar_week(), _solar_today(), TOMORROW, TODAY)
    assert tomorrow["power"] == []
    assert (tomorrow["charge_total"], tomorrow["solar_total"]) == ("0.00", "0.00")
    assert tomorrow["forecast_trend"] == [{"time": "13:00", "value": "700"}]
    assert tomorrow["forecast_total"] == "6.20"
    yesterday = day_answer(ANALYSIS, _solar_week(), _solar_today(), YESTERDAY, TODAY)
    assert yesterday["power"] == _solar_today()["power"]
    assert (yesterday["charge_total"], yesterday["discharge_total"]) == ("1.50", "3.50")
    assert day_answer(ANALYSIS, _solar_week(), _solar_today(), TODAY, TODAY) == _solar_today()
    older = day_answer(ANALYSIS, _solar_week(), _solar_today(), date(2025, 6, 1), TODAY)
    assert (older["power"], older["solar_total"]) == ([], "0.00")


def _hes(values: list[str], imported: str, exported: str) -> dict[str, Any]:
    """A HES statistics answer with one ``energy`` entry per day."""
    return {
        "totalImportedEnergy": imported,
        "totalExportedEnergy": exported,
        "energy": [{"value": v, "negValue": "0", "rods": [{"from": "0", "to": v}]} for v in values],
        "aggregates": [{"title": "Grid", "value": imported, "type": "grid"}],
        "power": None,
        "chargeLevel": None,
    }


def test_hes_statistics_entries_by_day_offset() -> None:
    week = _hes(["6.00", "2.00"], "10.00", "8.00")
    today = _hes(["2.00"], "4.00", "2.00")
    today["chargeLevel"] = [{"value": "55", "time": "00:00"}]
    yesterday = interval_answer(STATISTICS, week, today, [YESTERDAY], TODAY)
    assert [entry["value"] for entry in yesterday["energy"]] == ["6.00"]
    assert (yesterday["totalImportedEnergy"], yesterday["totalExportedEnergy"]) == ("6.00", "6.00")
    assert yesterday["aggregates"][0]["value"] == "6.00"
    both = interval_answer(STATISTICS, week, today, [TODAY, TOMORROW], TODAY)
    assert both["energy"][1] == {
        "value": "0.00",
        "negValue": "0.00",
        "rods": [{"from": "0.00", "to": "0.00"}],
    }
    assert both["totalImportedEnergy"] == "4.00"
    future = day_answer(STATISTICS, week, today, TOMORROW, TODAY)
    assert (future["chargeLevel"], future["totalImportedEnergy"]) == ([], "0.00")
    past = day_answer(STATISTICS, week, today, YESTERDAY, TODAY)
    assert [entry["value"] for entry in past["energy"]] == ["6.00"]
    assert past["chargeLevel"] == [{"value": "55", "time": "00:00"}]


def test_inverter_statistics_reindex_the_requested_days() -> None:
    week = {
        "curve": [],
        "energy": [
            {"money": 2.0, "energy": 6.0, "index": 1},
            {"money": 1.0, "energy": 3.0, "index": 2},
        ],
        "solarGeneraion": 9.0,
        "money": 3.0,
    }
    answer = interval_answer(PV_STATISTICS, week, None, [TODAY, TOMORROW], TODAY)
    assert answer["energy"] == [
        {"money": 1.0, "energy": 3.0, "index": 1},
        {"money": 0, "energy": 0, "index": 2},
    ]
    assert (answer["solarGeneraion"], answer["money"]) == (3.0, 1.0)
