"""Field parsing of the schedule actions: accepted spellings, refusals that name the field."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone
from typing import Any

import pytest
from homeassistant.exceptions import ServiceValidationError

from custom_components.anker_solix import services_schedule_schemas as fields

CET = timezone(timedelta(hours=1))


def _refusal(call: Any, *args: Any, **kwargs: Any) -> ServiceValidationError:
    with pytest.raises(ServiceValidationError) as caught:
        call(*args, **kwargs)
    return caught.value


@pytest.mark.parametrize(
    ("value", "end", "expected"),
    [
        ("08:30", False, time(8, 30)),
        ("8:05:59", False, time(8, 5)),
        (time(7, 15, 30), False, time(7, 15)),
        ("24:00", True, time(0, 0)),
        ("23:59:00", True, time(23, 59)),
    ],
)
def test_times(value: Any, end: bool, expected: time) -> None:
    """Times come as "H:MM", "HH:MM:SS" or `time`; 24:00 only as an end."""
    assert fields.parse_time("start_time", value, end=end) == expected


@pytest.mark.parametrize("value", ["24:00", "12:60", "noon", 8, "8.30", None])
def test_bad_times_name_the_field(value: Any) -> None:
    """A value that is no time of day is refused with the field's name."""
    error = _refusal(fields.parse_time, "start_time", value)
    assert error.translation_key == "invalid_time"
    assert error.translation_placeholders["field"] == "start_time"


def test_weekdays_months_tariffs() -> None:
    """Names and numbers both work; 0 = Sunday, months 1-12, tariffs 1-4."""
    assert fields.parse_weekdays("week_days", ["sun", "Sat", 3, "2"]) == frozenset({0, 6, 3, 2})
    assert fields.parse_weekdays("week_days", "mon, fri") == frozenset({1, 5})
    assert fields.parse_weekdays("week_days", 0) == frozenset({0})
    assert fields.parse_weekdays("week_days", []) is None
    assert fields.parse_month("start_month", "MAR") == 3
    assert fields.parse_month("end_month", 12) == 12
    assert fields.parse_month("end_month", "7") == 7
    assert fields.parse_tariff("tariff", "valley") == "valley"
    assert fields.parse_tariff("tariff", 2) == "mid_peak"
    assert fields.parse_tariff("tariff", "1") == "peak"


@pytest.mark.parametrize(
    ("call", "field", "value", "reason"),
    [
        (fields.parse_weekdays, "week_days", ["sun", "funday"], "invalid_weekday"),
        (fields.parse_weekdays, "week_days", [7], "invalid_weekday"),
        (fields.parse_weekdays, "week_days", {"day": 1}, "invalid_weekday"),
        (fields.parse_month, "start_month", "smarch", "invalid_month"),
        (fields.parse_month, "end_month", 13, "invalid_month"),
        (fields.parse_tariff, "tariff", 0, "invalid_tariff"),
        (fields.parse_tariff, "tariff", "cheap", "invalid_tariff"),
    ],
)
def test_bad_names_name_the_field(call: Any, field: str, value: Any, reason: str) -> None:
    """Unknown names and numbers out of range are refused, listing the accepted names."""
    error = _refusal(call, field, value)
    assert error.translation_key == reason
    assert error.translation_placeholders["field"] == field
    assert error.translation_placeholders["options"]


def test_hours() -> None:
    """Hours are 0-23 (start) and 1-24 (end), as numbers or times on the hour."""
    assert fields.parse_hour("start_hour", 0, end=False) == 0
    assert fields.parse_hour("start_hour", "06:00", end=False) == 6
    assert fields.parse_hour("end_hour", "00:00:00", end=True) == 24
    assert fields.parse_hour("end_hour", 24, end=True) == 24
    assert fields.parse_hour("end_hour", "22", end=True) == 22
    for field, value, end in [
        ("start_hour", 24, False),
        ("end_hour", 0, True),
        ("start_hour", "06:30", False),
        ("end_hour", "soon", True),
    ]:
        error = _refusal(fields.parse_hour, field, value, end=end)
        assert error.translation_key == "invalid_hour"
        assert error.translation_placeholders["field"] == field


def test_numbers_and_booleans() -> None:
    """Whole numbers within the range; prices with two decimals; the usual boolean words."""
    assert fields.parse_int("appliance_load", "200", 0, 3600) == 200
    assert fields.parse_int("appliance_load", 150.0, 0, 3600) == 150
    assert fields.parse_float("tariff_price", "0,25", 0, 10) == 0.25
    assert fields.parse_bool("allow_export", "off") is False
    assert fields.parse_bool("allow_export", 1) is True
    for value in (-1, 3700, 12.5, "lots", True):
        error = _refusal(fields.parse_int, "appliance_load", value, 0, 3600)
        assert error.translation_key == "invalid_number"
        assert error.translation_placeholders == {
            "field": "appliance_load",
            "value": str(value),
            "min": "0",
            "max": "3600",
        }
    assert _refusal(fields.parse_float, "tariff_price", 11, 0, 10).translation_key == (
        "invalid_number"
    )
    assert _refusal(fields.parse_bool, "delete", "maybe").translation_key == "invalid_boolean"


def test_datetimes_and_durations() -> None:
    """Times without zone are Home Assistant's local time; durations must be positive."""
    parsed = fields.parse_datetime("backup_start", "2025-03-12 02:00:00", CET)
    assert parsed == datetime(2025, 3, 12, 1, 0, tzinfo=UTC)
    aware = fields.parse_datetime("backup_end", "2025-03-12T05:00:00+00:00", CET)
    assert aware == datetime(2025, 3, 12, 5, 0, tzinfo=UTC)
    assert fields.parse_duration("backup_duration", "01:30:00") == timedelta(minutes=90)
    assert fields.parse_duration("backup_duration", {"hours": 2}) == timedelta(hours=2)
    assert fields.parse_duration("backup_duration", 600) == timedelta(minutes=10)
    assert (
        _refusal(fields.parse_datetime, "backup_start", "tomorrow", CET).translation_key
        == "invalid_datetime"
    )
    for value in ("00:00:00", "-01:00", "long"):
        error = _refusal(fields.parse_duration, "backup_duration", value)
        assert error.translation_key == "invalid_duration"
        assert error.translation_placeholders["field"] == "backup_duration"


def test_slot_fields_defaults_and_order() -> None:
    """Without times the slot is the whole day; the end must follow the start."""
    slot = fields.slot_fields({"appliance_load": 120, "week_days": ["sat", "sun"]})
    assert slot["start_time"] == time(0, 0)
    assert slot["end_time"] == time(23, 59)
    assert slot["appliance_load"] == 120
    assert slot["weekdays"] == frozenset({0, 6})
    assert slot["allow_export"] is None
    full = fields.slot_fields({"start_time": "22:00", "end_time": "00:00"})
    assert full["end_time"] == time(0, 0)
    error = _refusal(fields.slot_fields, {"start_time": "10:00", "end_time": "09:00"})
    assert error.translation_key == "invalid_time_order"
    assert error.translation_placeholders["field"] == "end_time"
    plan = _refusal(fields.slot_fields, {"plan": "use_time"})
    assert plan.translation_key == "invalid_choice"
    assert plan.translation_placeholders["field"] == "plan"


def test_family_fields() -> None:
    """SB1 fields are refused for SB2+ Solarbanks and SB2+ fields for SB1."""
    fields.check_family({"device_load": 100}, 1, "Balcony")
    fields.check_family({"week_days": ["mon"]}, 2, "Balcony")
    error = _refusal(fields.check_family, {"week_days": ["mon"]}, 1, "Balcony")
    assert error.translation_key == "field_not_supported"
    assert error.translation_placeholders["field"] == "week_days"
    error = _refusal(fields.check_family, {"charge_priority_limit": 80}, 3, "Roof")
    assert error.translation_placeholders["field"] == "charge_priority_limit"


def test_backup_and_use_time_fields() -> None:
    """Backup needs one field and not both end and duration; use time has whole-year defaults."""
    assert fields.backup_fields({"enable_backup": "on"}, CET) == {
        "enable": True,
        "start": None,
        "end": None,
        "duration": None,
    }
    assert _refusal(fields.backup_fields, {}, CET).translation_key == "fields_missing"
    both = _refusal(
        fields.backup_fields,
        {"backup_end": "2025-03-12 05:00:00", "backup_duration": "01:00:00"},
        CET,
    )
    assert both.translation_key == "exclusive_fields"
    assert fields.use_time_fields({"tariff": 4, "tariff_price": "0.1"}) == {
        "start_month": 1,
        "end_month": 12,
        "day_type": "all",
        "start_hour": 0,
        "end_hour": 24,
        "tariff": "valley",
        "price": 0.1,
        "delete": False,
    }
    order = _refusal(fields.use_time_fields, {"tariff": "peak", "start_hour": 8, "end_hour": 8})
    assert order.translation_placeholders["field"] == "end_hour"
    months = _refusal(fields.use_time_fields, {"delete": True, "start_month": 5, "end_month": 2})
    assert months.translation_key == "invalid_month_order"
    assert _refusal(fields.use_time_fields, {}).translation_key == "fields_missing"
    day = _refusal(fields.use_time_fields, {"delete": True, "day_type": "holiday"})
    assert day.translation_placeholders["field"] == "day_type"
