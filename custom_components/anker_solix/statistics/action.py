"""The ``anker_solix.import_history`` action: import a date range into the statistics.

Refused (translated, nothing queued) for an unknown or unloaded entry, an entry without the
recorder, a range that ends before it starts, reaches into the future or is longer than
``MAX_RANGE_DAYS``, and while another range of the entry is still being imported.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

import voluptuous as vol
from homeassistant.core import HomeAssistant, ServiceCall, callback
from homeassistant.helpers import config_validation as cv

from custom_components.anker_solix.const import DOMAIN
from custom_components.anker_solix.services_target import loaded_entry_of, refusal

from . import HISTORY_JOBS

IMPORT_HISTORY: Final = "import_history"
CONF_CONFIG_ENTRY: Final = "config_entry_id"
CONF_START: Final = "start_date"
CONF_END: Final = "end_date"
CONF_REIMPORT: Final = "reimport"
MAX_RANGE_DAYS: Final = 731
"""Longest range of one action call (two years)."""

SCHEMA: Final = vol.Schema(
    {
        vol.Required(CONF_CONFIG_ENTRY): cv.string,
        vol.Required(CONF_START): cv.date,
        vol.Required(CONF_END): cv.date,
        vol.Optional(CONF_REIMPORT, default=False): cv.boolean,
    }
)


async def _import_history(call: ServiceCall) -> None:
    entry_id = str(call.data[CONF_CONFIG_ENTRY])
    entry = loaded_entry_of(call.hass, entry_id)
    if entry is None:
        raise refusal("history_entry_not_loaded")
    job = call.hass.data.get(HISTORY_JOBS, {}).get(entry_id)
    if job is None:
        raise refusal("history_needs_recorder")
    first: date = call.data[CONF_START]
    last: date = call.data[CONF_END]
    today = job.now().date()
    if last < first:
        raise refusal("history_range_reversed", start=f"{first}", end=f"{last}")
    if last >= today:
        raise refusal("history_range_future", end=f"{last}", today=f"{today}")
    if (last - first) + timedelta(days=1) > timedelta(days=MAX_RANGE_DAYS):
        raise refusal("history_range_too_long", days=str(MAX_RANGE_DAYS))
    if job.busy:
        raise refusal("history_import_running")
    await job.async_request(first, last, bool(call.data[CONF_REIMPORT]))


@callback
def async_register_history_action(hass: HomeAssistant) -> None:
    """Register the action once (from ``async_setup``)."""
    hass.services.async_register(DOMAIN, IMPORT_HISTORY, _import_history, schema=SCHEMA)  # type: ignore[arg-type,unused-ignore]
