"""Options flow: polling intervals, transport settings, exclusions, stale data behaviour."""

from __future__ import annotations

from typing import Any

import voluptuous as vol
from homeassistant.config_entries import ConfigFlowResult, OptionsFlow
from homeassistant.helpers import selector

from .const import (
    DEFAULT_OPTIONS,
    EXCLUDABLE_CATEGORIES,
    EXCLUDABLE_DEVICE_TYPES,
    OPT_DETAILS_INTERVAL,
    OPT_ENDPOINT_LIMIT,
    OPT_ENERGY_INTERVAL,
    OPT_EXCLUDE,
    OPT_REQUEST_DELAY,
    OPT_STALE_DATA,
    OPT_TIMEOUT,
    OPT_UPDATE_INTERVAL,
    STALE_KEEP_LAST,
    STALE_UNAVAILABLE,
)

INTEGER_OPTIONS = (
    OPT_UPDATE_INTERVAL,
    OPT_DETAILS_INTERVAL,
    OPT_ENERGY_INTERVAL,
    OPT_TIMEOUT,
    OPT_ENDPOINT_LIMIT,
)


def _number(
    minimum: float, maximum: float, step: float, unit: str, *, slider: bool = False
) -> selector.NumberSelector:
    """A number selector (box unless `slider`)."""
    return selector.NumberSelector(
        selector.NumberSelectorConfig(
            min=minimum,
            max=maximum,
            step=step,
            unit_of_measurement=unit,
            mode=selector.NumberSelectorMode.SLIDER if slider else selector.NumberSelectorMode.BOX,
        )
    )


OPTIONS_SCHEMA = vol.Schema(
    {
        vol.Required(OPT_UPDATE_INTERVAL): _number(30, 3600, 10, "s"),
        vol.Required(OPT_DETAILS_INTERVAL): _number(60, 7200, 60, "s"),
        vol.Required(OPT_ENERGY_INTERVAL): _number(300, 86400, 60, "s"),
        vol.Required(OPT_REQUEST_DELAY): _number(0, 5, 0.1, "s", slider=True),
        vol.Required(OPT_TIMEOUT): _number(5, 60, 1, "s", slider=True),
        vol.Required(OPT_ENDPOINT_LIMIT): _number(0, 30, 1, "requests", slider=True),
        vol.Optional(OPT_EXCLUDE): selector.SelectSelector(
            selector.SelectSelectorConfig(
                options=[*EXCLUDABLE_DEVICE_TYPES, *EXCLUDABLE_CATEGORIES],
                multiple=True,
                translation_key=OPT_EXCLUDE,
                mode=selector.SelectSelectorMode.DROPDOWN,
            )
        ),
        vol.Required(OPT_STALE_DATA): selector.SelectSelector(
            selector.SelectSelectorConfig(
                options=[STALE_UNAVAILABLE, STALE_KEEP_LAST],
                translation_key=OPT_STALE_DATA,
            )
        ),
    }
)


class SolixOptionsFlow(OptionsFlow):
    """Edits the options; intervals and transport apply live, exclusions reload the entry."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Show and store the options."""
        if user_input is not None:
            options = {**DEFAULT_OPTIONS, **user_input}
            for key in INTEGER_OPTIONS:
                options[key] = int(options[key])
            options[OPT_REQUEST_DELAY] = round(float(options[OPT_REQUEST_DELAY]), 1)
            options[OPT_EXCLUDE] = list(user_input.get(OPT_EXCLUDE, []))
            return self.async_create_entry(data=options)
        current = {**DEFAULT_OPTIONS, **self.config_entry.options}
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(OPTIONS_SCHEMA, current),  # type: ignore[arg-type,unused-ignore]
        )
