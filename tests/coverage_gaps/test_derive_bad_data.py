"""The value rules of `derive/` skip malformed cloud data item by item and still derive what
the well-formed items give."""

from __future__ import annotations

from datetime import date, datetime

from custom_components.anker_solix.solixapi.derive import (
    Sb1Context,
    Tariff,
    active_slot,
    build_forecast,
    currency_symbol,
    current_tariff,
    dynamic_price_details,
    provider_options,
    provider_string,
    sb1_presets,
    sb2_presets,
)

NOON = datetime(2025, 6, 4, 12, 30)  # a Wednesday
SATURDAY = datetime(2025, 6, 7, 12, 30)


def test_active_slot_skips_malformed_slots() -> None:
    """Non-dict slots and unreadable times are skipped; the well-formed slot is found."""
    good = {"start_time": "12:00", "end_time": "13:00"}
    ranges = [
        "12:00-13:00",
        {"start_time": "noon", "end_time": "13:00"},
        {"start_time": "1200", "end_time": "13:00"},
        {"start_time": "aa:bb", "end_time": "13:00"},
        {"start_time": "12:00", "end_time": "25:00"},
        good,
    ]
    assert active_slot(ranges, NOON) is good
    assert active_slot({"start_time": "12:00"}, NOON) is None


def test_sb1_slot_switched_off_by_the_cloud_blanks_the_dual_presets() -> None:
    """A slot whose ``turn_on`` is null shows no presets, also the dual-system ones."""
    schedule = {"ranges": [{"start_time": "00:00", "end_time": "24:00", "turn_on": None}]}
    presets = sb1_presets(schedule, Sb1Context("SN", device_count=2), NOON)
    assert presets["preset_power_mode"] is None
    assert presets["preset_device_output_power"] is None
    assert presets["effective_output_power"] is None


def test_tariff_of_malformed_use_time_plans() -> None:
    """Seasons and slots that are not objects or lack numbers are skipped; a season without a
    matching slot gives type 0 in its unit."""
    plan = [
        "summer",
        {"sea": "all year"},
        {
            "sea": {"start_month": 1, "end_month": 12},
            "unit": "€",
            "is_same": True,
            "weekday": [
                "peak",
                {"start_time": "x", "end_time": 14, "type": 1},
                {"start_time": 12, "end_time": 14, "type": 2},
            ],
            "weekday_price": [{"type": 2, "price": "0.31"}],
        },
    ]
    assert current_tariff(plan, NOON) == Tariff(2, "0.31", "€")
    assert current_tariff(plan, SATURDAY) == Tariff(2, "0.31", "€")
    night_only = [
        {
            "sea": {"start_month": 1, "end_month": 12},
            "unit": "€",
            "weekday": [{"start_time": 0, "end_time": 6, "type": 3}],
        }
    ]
    assert current_tariff(night_only, NOON) == Tariff(0, "0.00", "€")


def test_sb2_plan_elements_that_are_not_objects_are_skipped() -> None:
    """A custom plan with a non-object element still yields the power of the valid week."""
    week = [0, 1, 2, 3, 4, 5, 6]
    schedule = {
        "mode_type": 3,
        "custom_rate_plan": [
            "weekdays",
            {"week": week, "ranges": [{"start_time": "00:00", "end_time": "24:00", "power": 250}]},
        ],
    }
    presets = sb2_presets(schedule, NOON, NOON.timestamp())
    assert presets["preset_system_output_power"] == 250


def test_provider_and_currency_of_malformed_lists() -> None:
    """Empty providers give no name; non-object list entries are skipped."""
    assert provider_string({"country": "", "company": None, "area": 3}) is None
    providers = {
        "country_info": [
            "DE",
            {
                "country": "DE",
                "company_info": [
                    "Tibber",
                    {"company": "Tibber", "area_info": [{"area": "DE"}]},
                ],
            },
        ]
    }
    assert provider_options(providers) == ["DE/Tibber/DE"]
    currencies = ["EUR", {"name": "EUR, Euro", "symbol": "€"}]
    assert currency_symbol("EUR", currencies) == "€"
    assert currency_symbol("USD", currencies) is None
    assert currency_symbol("EUR", "EUR:€") is None


def test_dynamic_prices_skip_bad_points_and_date() -> None:
    """Points without time or price are skipped; a bad date falls back to today."""
    prices = {
        "date": "yesterday",
        "today_price_trend": [
            "0.1",
            {"time": 9, "price": "100"},
            {"time": "10:00", "price": "n/a"},
            {"time": "11:00", "price": "100"},
        ],
    }
    details = dynamic_price_details("DE/Tibber/DE", prices, NOON, "0", "0", "€")
    forecast = details.get("dynamic_price_forecast") or details.get("forecast") or []
    times = [point.get("timestamp") or point.get("time") for point in forecast]
    assert times
    assert all(str(time).startswith("2025-06-04") for time in times)
    assert len(times) == 1


def test_forecast_skips_unreadable_points() -> None:
    """Trend and power points without a readable time are skipped; a repeated last point is
    dropped."""
    day = date(2025, 6, 4)
    data = {
        "forecast_trend": [
            "10:00",
            {"time": 10},
            {"time": "ten:00", "value": 5},
            {"time": "10:75", "value": 5},
            {"time": "11:00", "value": 300},
            {"time": "12:00", "value": 400},
            {"time": "12:00", "value": 400},
        ],
        "power": [
            "x",
            {"time": 9, "value": 1},
            {"time": "nine", "value": 1},
            {"time": "09:30", "value": 200},
        ],
    }
    result = build_forecast({}, [(day, data)], NOON, "1.0")
    trend = [point["timestamp"] for point in result["trend"]]
    assert trend == sorted(set(trend))
    assert any(stamp.startswith("2025-06-04 11:00") for stamp in trend)
    produced = [point["timestamp"] for point in result.get("produced_hourly") or []]
    assert produced == ["2025-06-04 10:00"]
