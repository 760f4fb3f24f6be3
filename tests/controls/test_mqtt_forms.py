"""The forms of MQTT settings that are no plain number (`mqtt_forms`): durations in minutes,
minutes of day as times, day masks as day names; and the time text the library expects back."""

from __future__ import annotations

from datetime import time

import pytest
from homeassistant.exceptions import ServiceValidationError

from custom_components.anker_solix.const import DOMAIN
from custom_components.anker_solix.mqtt_forms import (
    DAYS,
    FORMS,
    day_mask,
    day_minute,
    day_names,
    day_time,
    duration_bounds,
    duration_minutes,
    duration_text,
)
from custom_components.anker_solix.solixapi import mqtt_status_value


@pytest.mark.parametrize(
    ("live", "minutes"),
    [("00:30:00", 30.0), ("01:30:30", 90.5), ("23:59:59", 1439.98), ("00:00:00", 0.0)],
)
def test_duration_reads_minutes(live: str, minutes: float) -> None:
    """The plug's ``HH:MM:SS`` duration as minutes (seconds as a fraction)."""
    assert duration_minutes(live) == minutes


@pytest.mark.parametrize("live", [None, 7680, "30:00", "aa:bb:cc", ""])
def test_duration_unreadable(live: object) -> None:
    """Anything but ``HH:MM:SS`` shows as unknown."""
    assert duration_minutes(live) is None


def test_duration_round_trip_through_the_status_value() -> None:
    """Minutes → the command's text → the status text the device reports (§4.7 3-byte time)."""
    assert duration_text(90) == "01:30:00"
    assert duration_text(0.5) == "00:00:30"
    assert mqtt_status_value("A17X8", "timer_delay", (1 << 16) | (30 << 8)) == "01:30:00"
    assert duration_bounds(1522491) == (0.0, 1439.0)
    assert duration_bounds(None) == (0.0, 1439.0)


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [(0, time(0, 0)), (810, time(13, 30)), (1439, time(23, 59)), (1440, time(0, 0))],
)
def test_minute_of_day(minutes: int, shown: time) -> None:
    """Minutes since midnight as a time of day (1440, the end of the day, as 00:00)."""
    assert day_time(minutes) == shown


@pytest.mark.parametrize("minutes", [None, -1, 1441, "600", True])
def test_minute_of_day_unreadable(minutes: object) -> None:
    """Out of the day or no number: unknown."""
    assert day_time(minutes) is None


def test_time_to_minutes_and_refusal() -> None:
    """A time entity's value → minutes (seconds dropped); anything else refused."""
    assert day_minute(time(22, 15, 40)) == 1335
    with pytest.raises(ServiceValidationError) as refused:
        day_minute("22:15")
    assert refused.value.translation_key == "mqtt_time_invalid"


@pytest.mark.parametrize(
    ("mask", "text"),
    [(0b0011111, "Mon,Tue,Wed,Thu,Fri"), (0b1100000, "Sat,Sun"), (0, ""), (0xFF, ",".join(DAYS))],
)
def test_day_names(mask: int, text: str) -> None:
    """Day mask bit 0 Monday … bit 6 Sunday (bit 7 unused)."""
    assert day_names(mask) == text
    assert day_mask(text) == mask & 0x7F


@pytest.mark.parametrize(
    ("text", "mask"),
    [("sat, SUN", 0b1100000), ("Fri Mon", 0b10001), ("  ", 0), ("mon;mon", 1)],
)
def test_day_text_is_tolerant(text: str, mask: int) -> None:
    """Any case, commas, spaces or semicolons, repeated names."""
    assert day_mask(text) == mask


@pytest.mark.parametrize("text", ["Monday", "Mon,Funday", "1,2", "Mo"])
def test_unknown_day_names_are_refused(text: str) -> None:
    """A translated refusal naming the text and the day names."""
    with pytest.raises(ServiceValidationError) as refused:
        day_mask(text)
    assert (refused.value.translation_domain, refused.value.translation_key) == (
        DOMAIN,
        "mqtt_days_invalid",
    )
    assert refused.value.translation_placeholders == {
        "value": text,
        "days": "Mon,Tue,Wed,Thu,Fri,Sat,Sun",
    }


def test_forms_name_their_platforms() -> None:
    """Duration → number, minute of day → time, day mask → text."""
    assert {name: form.platform.value for name, form in FORMS.items()} == {
        "duration_min": "number",
        "day_minute": "time",
        "day_mask": "text",
    }
