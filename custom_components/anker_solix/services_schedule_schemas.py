"""Fields of the schedule actions: names, registration schemas and parsing into typed values.

Home Assistant checks only which fields a call may carry (the registration schemas below); the
values are parsed here, so a bad value raises a translated `ServiceValidationError` that names
the field (and no request is sent). Plain values from YAML are accepted beside the selectors'
shapes: weekdays `sun`…`sat` or 0–6, months `jan`…`dec` or 1–12, tariffs `peak`…`valley` or 1–4,
times "HH:MM[:SS]", durations "HH:MM[:SS]", a number of seconds or a dict.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime, time, timedelta, tzinfo
from typing import Any, Final

import voluptuous as vol
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.typing import VolSchemaType
from homeassistant.util import dt as dt_util

from .const import DOMAIN
from .migration.actions import LOAD_TYPE, LOAD_TYPE_WRITABLE, LOAD_TYPES, is_not_given

# Actions
GET_SCHEDULE: Final = "get_solarbank_schedule"
SET_SCHEDULE: Final = "set_solarbank_schedule"
UPDATE_SCHEDULE: Final = "update_solarbank_schedule"
CLEAR_SCHEDULE: Final = "clear_solarbank_schedule"
MODIFY_BACKUP: Final = "modify_solix_backup_charge"
MODIFY_USE_TIME: Final = "modify_solix_use_time"

# Fields of set/update (sections sb1_fields and sb2_fields group them in the UI only)
START_TIME: Final = "start_time"
END_TIME: Final = "end_time"
APPLIANCE_LOAD: Final = "appliance_load"
DEVICE_LOAD: Final = "device_load"
ALLOW_EXPORT: Final = "allow_export"
DISCHARGE_PRIORITY: Final = "discharge_priority"
CHARGE_PRIORITY_LIMIT: Final = "charge_priority_limit"
PLAN: Final = "plan"
WEEK_DAYS: Final = "week_days"
# Fields of the backup charge
BACKUP_START: Final = "backup_start"
BACKUP_END: Final = "backup_end"
BACKUP_DURATION: Final = "backup_duration"
ENABLE_BACKUP: Final = "enable_backup"
# Fields of the use-time plan
START_MONTH: Final = "start_month"
END_MONTH: Final = "end_month"
DAY_TYPE: Final = "day_type"
START_HOUR: Final = "start_hour"
END_HOUR: Final = "end_hour"
TARIFF: Final = "tariff"
TARIFF_PRICE: Final = "tariff_price"
DELETE: Final = "delete"

SB1_FIELDS: Final = (DEVICE_LOAD, ALLOW_EXPORT, DISCHARGE_PRIORITY, CHARGE_PRIORITY_LIMIT)
"""Fields only a Solarbank 1 schedule has (section `sb1_fields`)."""
SB2_FIELDS: Final = (PLAN, WEEK_DAYS)
"""Fields only Solarbank 2+ plans have (section `sb2_fields`)."""
SB3_FIELDS: Final = (LOAD_TYPE,)
"""The community's Solarbank 3 slot field (section `sb3_fields`; migration/actions.py)."""
SECTIONS: Final = {"sb1_fields": SB1_FIELDS, "sb2_fields": SB2_FIELDS, "sb3_fields": SB3_FIELDS}

ACTION_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    GET_SCHEDULE: (),
    SET_SCHEDULE: (START_TIME, END_TIME, APPLIANCE_LOAD, *SB1_FIELDS, *SB2_FIELDS, *SB3_FIELDS),
    UPDATE_SCHEDULE: (
        START_TIME,
        END_TIME,
        APPLIANCE_LOAD,
        *SB1_FIELDS,
        *SB2_FIELDS,
        *SB3_FIELDS,
    ),
    CLEAR_SCHEDULE: SB2_FIELDS,
    MODIFY_BACKUP: (BACKUP_START, BACKUP_END, BACKUP_DURATION, ENABLE_BACKUP),
    MODIFY_USE_TIME: (
        START_MONTH,
        END_MONTH,
        DAY_TYPE,
        START_HOUR,
        END_HOUR,
        TARIFF,
        TARIFF_PRICE,
        DELETE,
    ),
}
"""Every action and the fields it accepts (services.yaml lists the same, a test checks)."""

WEEKDAYS: Final = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
"""Weekday names; the index is the cloud's number (0 = Sunday)."""
MONTHS: Final = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
TARIFFS: Final = ("peak", "mid_peak", "off_peak", "valley")
"""Tariff names; the index + 1 is the cloud's tariff type."""
DAY_TYPES: Final = ("weekday", "weekend", "all")
SLOT_PLANS: Final = ("custom_rate_plan", "blend_plan")
CLEAR_PLANS: Final = ("custom_rate_plan", "blend_plan", "manual_backup", "use_time")

APPLIANCE_LOAD_RANGE: Final = (0, 4800)
"""What the action accepts (the community's 3.7+ range); each device's own limit still applies."""
DEVICE_LOAD_RANGE: Final = (50, 800)
CHARGE_PRIORITY_RANGE: Final = (0, 100)
TARIFF_PRICE_RANGE: Final = (0.0, 10.0)
MINUTES_PER_DAY: Final = 24 * 60
_TIME = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*$")
_SHOWN_LIMIT = 40


def registration_schema(action: str) -> VolSchemaType:
    """The schema Home Assistant checks calls against: the targets and the action's fields."""
    return cv.make_entity_service_schema(
        {vol.Optional(field): object for field in ACTION_FIELDS[action]}
    )


def field_error(
    reason: str, field: str, value: object, **placeholders: str
) -> ServiceValidationError:
    """A translated refusal of one field's value."""
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=reason,
        translation_placeholders={"field": field, "value": _shown(value), **placeholders},
    )


def _shown(value: object) -> str:
    """The value as the message shows it (shortened)."""
    text = str(value)
    return text if len(text) <= _SHOWN_LIMIT else text[: _SHOWN_LIMIT - 1] + "…"


def _given(data: Mapping[str, Any], field: str) -> bool:
    """True when the call carries a value for ``field`` (None, blank and "none" are not given,
    as the community's scripts send them)."""
    return not is_not_given(data.get(field))


# --- single values -----------------------------------------------------------------------


def parse_time(field: str, value: Any, *, end: bool = False) -> time:
    """A time of day from a `time` or "HH:MM[:SS]"; "24:00" is accepted as end of day (00:00)."""
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    match = _TIME.match(value) if isinstance(value, str) else None
    if match is not None:
        hours, minutes = int(match[1]), int(match[2])
        seconds = int(match[3] or 0)
        if end and hours == 24 and minutes == 0 and seconds == 0:
            return time(0, 0)
        if hours < 24 and minutes < 60 and seconds < 60:
            return time(hours, minutes)
    raise field_error("invalid_time", field, value)


def end_minutes(end: time) -> int:
    """Minutes after midnight of a slot end; 00:00 and 23:59 both mean the end of the day."""
    minutes = end.hour * 60 + end.minute
    return MINUTES_PER_DAY if minutes in (0, MINUTES_PER_DAY - 1) else minutes


def parse_int(field: str, value: Any, low: int, high: int) -> int:
    """A whole number within [low, high] from an int, an integral float or a numeric text."""
    number: int | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str):
        try:
            parsed = float(value.strip())
        except ValueError:
            parsed = None
        if parsed is not None and parsed.is_integer():
            number = int(parsed)
    if number is None or not low <= number <= high:
        raise field_error("invalid_number", field, value, min=str(low), max=str(high))
    return number


def parse_float(field: str, value: Any, low: float, high: float) -> float:
    """A number within [low, high] with at most two decimals."""
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            number = None
    if number is None or number != number or not low <= number <= high:
        raise field_error("invalid_number", field, value, min=f"{low:g}", max=f"{high:g}")
    if round(number, 2) != number:
        # The cloud keeps two decimals: refused rather than rounded silently.
        raise field_error("value_too_precise", field, value, decimals="2")
    return number


def parse_bool(field: str, value: Any) -> bool:
    """A boolean from a bool, 0/1 or the usual words (true/false, on/off, yes/no)."""
    try:
        return bool(cv.boolean(value))
    except vol.Invalid:
        raise field_error("invalid_boolean", field, value) from None


def parse_choice(field: str, value: Any, options: tuple[str, ...]) -> str:
    """One of ``options`` (case-insensitive)."""
    text = value.strip().lower() if isinstance(value, str) else None
    if text not in options:
        raise field_error("invalid_choice", field, value, options=", ".join(options))
    return text


def parse_indexed(field: str, value: Any, names: tuple[str, ...], first: int, reason: str) -> int:
    """A number first…first+len-1 given as a name of ``names`` or as the number itself."""
    if isinstance(value, str) and value.strip().lower() in names:
        return names.index(value.strip().lower()) + first
    try:
        return parse_int(field, value, first, first + len(names) - 1)
    except ServiceValidationError:
        raise field_error(reason, field, value, options=", ".join(names)) from None


def parse_month(field: str, value: Any) -> int:
    """A month 1–12 from `jan`…`dec` or 1–12."""
    return parse_indexed(field, value, MONTHS, 1, "invalid_month")


def parse_tariff(field: str, value: Any) -> str:
    """A tariff name from `peak`…`valley` or the cloud's type 1–4."""
    return TARIFFS[parse_indexed(field, value, TARIFFS, 1, "invalid_tariff") - 1]


def parse_weekdays(field: str, value: Any) -> frozenset[int] | None:
    """Weekdays (0 = Sunday) from names `sun`…`sat` or 0–6, one or a list; None when empty."""
    items: Iterable[Any]
    if isinstance(value, str):
        items = [item for item in value.split(",") if item.strip()]
    elif isinstance(value, int):
        items = [value]
    elif isinstance(value, list | tuple | set | frozenset):
        items = value
    else:
        raise field_error("invalid_weekday", field, value, options=", ".join(WEEKDAYS))
    days = frozenset(parse_indexed(field, item, WEEKDAYS, 0, "invalid_weekday") for item in items)
    return days or None


def parse_hour(field: str, value: Any, *, end: bool) -> int:
    """A full hour: 0–23 for a start, 1–24 for an end, or a time on the hour (end 00:00 = 24)."""
    low, high = (1, 24) if end else (0, 23)
    if isinstance(value, time | str) and not (isinstance(value, str) and value.strip().isdigit()):
        try:
            parsed = parse_time(field, value, end=end)
        except ServiceValidationError:
            parsed = None
        if parsed is not None and parsed.minute == 0:
            hour = 24 if end and parsed.hour == 0 else parsed.hour
            if low <= hour <= high:
                return hour
        raise field_error("invalid_hour", field, value, min=str(low), max=str(high))
    try:
        return parse_int(field, value, low, high)
    except ServiceValidationError:
        raise field_error("invalid_hour", field, value, min=str(low), max=str(high)) from None


def parse_datetime(field: str, value: Any, zone: tzinfo) -> datetime:
    """An aware datetime; a time without zone is local time of ``zone`` (Home Assistant's)."""
    parsed: datetime | None = None
    try:
        if isinstance(value, datetime):
            parsed = value
        elif isinstance(value, str):
            # Raises ValueError for a well-formed text with impossible values ("2024-13-45").
            parsed = dt_util.parse_datetime(value.strip())
        if parsed is not None:
            parsed = parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=zone)
            parsed.timestamp()  # years at the edge of the calendar cannot be written
    except (ValueError, OverflowError, OSError):
        parsed = None
    if parsed is None:
        raise field_error("invalid_datetime", field, value)
    return parsed


def parse_duration(field: str, value: Any) -> timedelta:
    """A positive duration from "HH:MM[:SS]", seconds or a dict of days/hours/minutes/seconds."""
    try:
        duration = cv.time_period(value)
    except (vol.Invalid, ValueError, TypeError, OverflowError):
        duration = None
    if not isinstance(duration, timedelta) or duration <= timedelta(0):
        raise field_error("invalid_duration", field, value)
    return duration


# --- the fields of one action ---------------------------------------------------------------


def check_family(data: Mapping[str, Any], generation: int, device: str) -> None:
    """Refuse fields of the other Solarbank family (SB1 fields for SB2+ and vice versa)."""
    foreign = SB2_FIELDS if generation < 2 else SB1_FIELDS
    for field in foreign:
        if _given(data, field):
            raise field_error("field_not_supported", field, data[field], device=device)


def slot_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """The keyword arguments of a `SlotChange` (times default to the whole day)."""
    start = parse_time(START_TIME, data[START_TIME]) if _given(data, START_TIME) else time(0, 0)
    end = parse_time(END_TIME, data[END_TIME], end=True) if _given(data, END_TIME) else time(23, 59)
    if start.hour * 60 + start.minute >= end_minutes(end):
        raise field_error(
            "invalid_time_order",
            END_TIME,
            data.get(END_TIME, "23:59"),
            other=START_TIME,
        )

    if _given(data, LOAD_TYPE):
        check_load_type(data[LOAD_TYPE])

    def optional_int(field: str, bounds: tuple[int, int]) -> int | None:
        return parse_int(field, data[field], *bounds) if _given(data, field) else None

    def optional_bool(field: str) -> bool | None:
        return parse_bool(field, data[field]) if _given(data, field) else None

    return {
        "start_time": start,
        "end_time": end,
        "appliance_load": optional_int(APPLIANCE_LOAD, APPLIANCE_LOAD_RANGE),
        "device_load": optional_int(DEVICE_LOAD, DEVICE_LOAD_RANGE),
        "allow_export": optional_bool(ALLOW_EXPORT),
        "discharge_priority": optional_bool(DISCHARGE_PRIORITY),
        "charge_priority": optional_int(CHARGE_PRIORITY_LIMIT, CHARGE_PRIORITY_RANGE),
        "plan": parse_choice(PLAN, data[PLAN], SLOT_PLANS) if _given(data, PLAN) else None,
        "weekdays": parse_weekdays(WEEK_DAYS, data[WEEK_DAYS]) if _given(data, WEEK_DAYS) else None,
    }


def check_load_type(value: Any) -> None:
    """The community's slot load type: ``supply`` (0) is what our slots do; ``ac_charge`` (1) is
    refused (we cannot write it), anything else is no load type."""
    load_type = LOAD_TYPES[parse_indexed(LOAD_TYPE, value, LOAD_TYPES, 0, "invalid_choice")]
    if load_type != LOAD_TYPE_WRITABLE:
        raise field_error("load_type_not_supported", LOAD_TYPE, value, supported=LOAD_TYPE_WRITABLE)


def clear_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """The keyword arguments of `clear_schedule` (plan and weekdays, both optional)."""
    return {
        "plan": parse_choice(PLAN, data[PLAN], CLEAR_PLANS) if _given(data, PLAN) else None,
        "weekdays": parse_weekdays(WEEK_DAYS, data[WEEK_DAYS]) if _given(data, WEEK_DAYS) else None,
    }


def backup_fields(data: Mapping[str, Any], zone: tzinfo) -> dict[str, Any]:
    """The keyword arguments of `set_backup_charge`; at least one field must be given."""
    fields = ACTION_FIELDS[MODIFY_BACKUP]
    if not any(_given(data, field) for field in fields):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="fields_missing",
            translation_placeholders={"fields": ", ".join(fields)},
        )
    if _given(data, BACKUP_END) and _given(data, BACKUP_DURATION):
        raise field_error(
            "exclusive_fields", BACKUP_DURATION, data[BACKUP_DURATION], other=BACKUP_END
        )
    return {
        "enable": parse_bool(ENABLE_BACKUP, data[ENABLE_BACKUP])
        if _given(data, ENABLE_BACKUP)
        else None,
        "start": parse_datetime(BACKUP_START, data[BACKUP_START], zone)
        if _given(data, BACKUP_START)
        else None,
        "end": parse_datetime(BACKUP_END, data[BACKUP_END], zone)
        if _given(data, BACKUP_END)
        else None,
        "duration": parse_duration(BACKUP_DURATION, data[BACKUP_DURATION])
        if _given(data, BACKUP_DURATION)
        else None,
    }


def use_time_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """The keyword arguments of `modify_use_time` (whole year, all days, whole day by default)."""
    start_month = parse_month(START_MONTH, data[START_MONTH]) if _given(data, START_MONTH) else 1
    end_month = parse_month(END_MONTH, data[END_MONTH]) if _given(data, END_MONTH) else 12
    if start_month > end_month:
        raise field_error("invalid_month_order", END_MONTH, data[END_MONTH], other=START_MONTH)
    start_hour = (
        parse_hour(START_HOUR, data[START_HOUR], end=False) if _given(data, START_HOUR) else 0
    )
    end_hour = parse_hour(END_HOUR, data[END_HOUR], end=True) if _given(data, END_HOUR) else 24
    if start_hour >= end_hour:
        raise field_error("invalid_time_order", END_HOUR, data[END_HOUR], other=START_HOUR)
    delete = parse_bool(DELETE, data[DELETE]) if _given(data, DELETE) else False
    tariff = parse_tariff(TARIFF, data[TARIFF]) if _given(data, TARIFF) else None
    price = (
        parse_float(TARIFF_PRICE, data[TARIFF_PRICE], *TARIFF_PRICE_RANGE)
        if _given(data, TARIFF_PRICE)
        else None
    )
    if not delete and tariff is None and price is None:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="fields_missing",
            translation_placeholders={"fields": ", ".join((TARIFF, TARIFF_PRICE, DELETE))},
        )
    return {
        "start_month": start_month,
        "end_month": end_month,
        "day_type": parse_choice(DAY_TYPE, data[DAY_TYPE], DAY_TYPES)
        if _given(data, DAY_TYPE)
        else "all",
        "start_hour": start_hour,
        "end_hour": end_hour,
        "tariff": tariff,
        "price": price,
        "delete": delete,
    }
