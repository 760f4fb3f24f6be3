"""Options flow: everyday settings up front, transport settings in a collapsed section."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import voluptuous as vol
from homeassistant.config_entries import ConfigFlowResult, OptionsFlow
from homeassistant.data_entry_flow import section
from homeassistant.helpers import selector

from .const import (
    DEFAULT_OPTIONS,
    EXCLUDABLE_CATEGORIES,
    EXCLUDABLE_DEVICE_TYPES,
    OPT_DETAILS_INTERVAL,
    OPT_ENDPOINT_LIMIT,
    OPT_ENERGY_INTERVAL,
    OPT_EXCLUDE,
    OPT_HISTORY_DAYS,
    OPT_MQTT,
    OPT_MQTT_STATUS_INTERVAL,
    OPT_PICTURES,
    OPT_REQUEST_DELAY,
    OPT_STALE_DATA,
    OPT_TIMEOUT,
    OPT_UPDATE_INTERVAL,
    STALE_KEEP_LAST,
    STALE_UNAVAILABLE,
)

SECTION_ADVANCED = "advanced"
"""The collapsed section with the transport settings (stored flat, like the other options)."""

RANGES: dict[str, tuple[float, float, float]] = {
    OPT_UPDATE_INTERVAL: (30, 3600, 10),
    OPT_DETAILS_INTERVAL: (60, 7200, 60),
    OPT_ENERGY_INTERVAL: (300, 86400, 60),
    OPT_REQUEST_DELAY: (0, 5, 0.1),
    OPT_TIMEOUT: (5, 60, 1),
    OPT_ENDPOINT_LIMIT: (0, 30, 1),
    OPT_MQTT_STATUS_INTERVAL: (30, 3600, 10),
    OPT_HISTORY_DAYS: (0, 730, 1),
}
"""Allowed minimum, maximum and step of every number option."""

ADVANCED_OPTIONS = (
    OPT_DETAILS_INTERVAL,
    OPT_ENERGY_INTERVAL,
    OPT_REQUEST_DELAY,
    OPT_TIMEOUT,
    OPT_ENDPOINT_LIMIT,
    OPT_HISTORY_DAYS,
)
INTEGER_OPTIONS = (
    OPT_UPDATE_INTERVAL,
    OPT_DETAILS_INTERVAL,
    OPT_ENERGY_INTERVAL,
    OPT_TIMEOUT,
    OPT_ENDPOINT_LIMIT,
    OPT_MQTT_STATUS_INTERVAL,
    OPT_HISTORY_DAYS,
)
UNITS = {OPT_ENDPOINT_LIMIT: "requests", OPT_HISTORY_DAYS: "days"}


def _number(key: str) -> selector.NumberSelector:
    """A number box of an option; its range is checked by `range_errors` (translated errors)."""
    step = RANGES[key][2]
    return selector.NumberSelector(
        selector.NumberSelectorConfig(
            step=step,
            unit_of_measurement=UNITS.get(key, "s"),
            mode=selector.NumberSelectorMode.BOX,
        )
    )


def options_schema() -> vol.Schema:
    """Everyday options first, the transport settings in the collapsed advanced section."""
    advanced = vol.Schema(
        {
            # Newer options are optional: a form without them keeps the stored values.
            (vol.Optional if key == OPT_HISTORY_DAYS else vol.Required)(key): _number(key)
            for key in ADVANCED_OPTIONS
        }
    )
    return vol.Schema(
        {
            vol.Required(OPT_UPDATE_INTERVAL): _number(OPT_UPDATE_INTERVAL),
            vol.Required(OPT_STALE_DATA): selector.SelectSelector(
                selector.SelectSelectorConfig(
                    options=[STALE_UNAVAILABLE, STALE_KEEP_LAST],
                    translation_key=OPT_STALE_DATA,
                )
            ),
            vol.Optional(OPT_EXCLUDE): selector.SelectSelector(
                selector.SelectSelectorConfig(
                    options=[*EXCLUDABLE_DEVICE_TYPES, *EXCLUDABLE_CATEGORIES],
                    multiple=True,
                    translation_key=OPT_EXCLUDE,
                    mode=selector.SelectSelectorMode.DROPDOWN,
                )
            ),
            # Live data (MQTT): optional fields, so a form without them keeps the stored values.
            vol.Optional(OPT_MQTT): selector.BooleanSelector(),
            vol.Optional(OPT_MQTT_STATUS_INTERVAL): _number(OPT_MQTT_STATUS_INTERVAL),
            vol.Optional(OPT_PICTURES): selector.BooleanSelector(),
            # A new section each time: Home Assistant 2025 fills suggested values into it in place.
            vol.Required(SECTION_ADVANCED): section(
                advanced,  # type: ignore[arg-type,unused-ignore]
                {"collapsed": True},
            ),
        }
    )


def flatten_options(user_input: Mapping[str, Any]) -> dict[str, Any]:
    """The form's values with the advanced section flattened (the stored option keys)."""
    values = {key: value for key, value in user_input.items() if key != SECTION_ADVANCED}
    values.update(user_input.get(SECTION_ADVANCED) or {})
    return values


def form_values(options: Mapping[str, Any]) -> dict[str, Any]:
    """Stored (flat) options as the form's values: transport settings in their section."""
    values = {key: value for key, value in options.items() if key not in ADVANCED_OPTIONS}
    values[SECTION_ADVANCED] = {key: options[key] for key in ADVANCED_OPTIONS if key in options}
    return values


def range_errors(values: Mapping[str, Any]) -> dict[str, str]:
    """Translated error keys of numbers outside their range: on the field, or on its section.

    Home Assistant shows errors of fields inside a section on the section.
    """
    errors: dict[str, str] = {}
    for key, (minimum, maximum, _) in RANGES.items():
        try:
            value = float(values[key])
        except (KeyError, TypeError, ValueError):
            value = float("nan")
        if not minimum <= value <= maximum:
            errors.setdefault(SECTION_ADVANCED if key in ADVANCED_OPTIONS else key, f"{key}_range")
    return errors


def range_placeholders() -> dict[str, str]:
    """The allowed ranges for the error texts (``{timeout_min}``, ``{timeout_max}``, ...)."""
    placeholders: dict[str, str] = {}
    for key, (minimum, maximum, _) in RANGES.items():
        placeholders[f"{key}_min"] = f"{minimum:g}"
        placeholders[f"{key}_max"] = f"{maximum:g}"
    return placeholders


class SolixOptionsFlow(OptionsFlow):
    """Edits the options; intervals and transport apply live, exclusions reload the entry."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Show and store the options (stored flat: existing entries keep working)."""
        errors: dict[str, str] = {}
        current: dict[str, Any] = {**DEFAULT_OPTIONS, **self.config_entry.options}
        if user_input is not None:
            values = {**current, **flatten_options(user_input)}
            errors = range_errors(values)
            if not errors:
                options = {**DEFAULT_OPTIONS, **values}
                for key in INTEGER_OPTIONS:
                    options[key] = int(options[key])
                options[OPT_REQUEST_DELAY] = round(float(options[OPT_REQUEST_DELAY]), 1)
                options[OPT_EXCLUDE] = list(user_input.get(OPT_EXCLUDE, []))
                options[OPT_MQTT] = bool(options[OPT_MQTT])
                options[OPT_PICTURES] = bool(options[OPT_PICTURES])
                return self.async_create_entry(data=options)
            current = values
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(options_schema(), form_values(current)),  # type: ignore[arg-type,unused-ignore]
            errors=errors,
            description_placeholders=range_placeholders(),
        )
