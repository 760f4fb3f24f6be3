"""Constants of the Anker Solix integration used by two or more modules."""

from __future__ import annotations

import logging
from typing import Final

DOMAIN: Final = "anker_solix"
LOGGER = logging.getLogger(__package__)

# Config entry data (connection)
CONF_COUNTRY: Final = "country"
CONF_ACCEPT_TERMS: Final = "accept_terms"
CONF_SERVER_URL: Final = "server_url"
"""Custom cloud base URL (our simulator); absent for the real Anker cloud."""
CONF_SERVER_PUBLIC_KEY: Final = "server_public_key"
"""The login public key of the custom server (hex P-256 point)."""
CONF_PRESET_KEY: Final = "preset_key"
"""The encrypted transport's preset key of the custom server (32 hex); absent: the app's."""
CONF_VERIFY_CODE: Final = "verify_code"
"""The two-factor code of the login flow (never stored)."""
# CONF_EMAIL and CONF_PASSWORD come from homeassistant.const.

# Options (polling and presentation)
OPT_UPDATE_INTERVAL: Final = "update_interval"
"""Longest time between two live polls (s); the live poll follows the cloud cadence below it."""
OPT_DETAILS_INTERVAL: Final = "details_interval"
OPT_ENERGY_INTERVAL: Final = "energy_interval"
OPT_REQUEST_DELAY: Final = "request_delay"
OPT_TIMEOUT: Final = "timeout"
OPT_ENDPOINT_LIMIT: Final = "endpoint_limit"
OPT_EXCLUDE: Final = "exclude"
OPT_STALE_DATA: Final = "stale_data"
STALE_UNAVAILABLE: Final = "unavailable"
STALE_KEEP_LAST: Final = "keep_last"

DEFAULT_UPDATE_INTERVAL: Final = 300
DEFAULT_DETAILS_INTERVAL: Final = 600
DEFAULT_ENERGY_INTERVAL: Final = 900
DEFAULT_REQUEST_DELAY: Final = 0.3
DEFAULT_TIMEOUT: Final = 10
DEFAULT_ENDPOINT_LIMIT: Final = 10
DEFAULT_STALE_DATA: Final = STALE_UNAVAILABLE

# Live data over Anker's MQTT server (issue 10): applied without a reload.
OPT_MQTT: Final = "mqtt_live"
"""Subscribe to the live data of the account's own devices (members own none: nothing to do)."""
OPT_MQTT_STATUS_INTERVAL: Final = "mqtt_status_interval"
"""Seconds between two status requests per device (the library's data policy)."""
DEFAULT_MQTT: Final = True
DEFAULT_MQTT_STATUS_INTERVAL: Final = 60

# Energy dashboard history (issue 11).
OPT_HISTORY_DAYS: Final = "history_days"
"""Days of history imported into the long-term statistics at first setup (0: none)."""
DEFAULT_HISTORY_DAYS: Final = 365

# Device pictures (issue 16): our own artwork on each device's main sensor (device_pictures.py).
OPT_PICTURES: Final = "device_pictures"
DEFAULT_PICTURES: Final = False
"""Off: a picture replaces the entity's icon in every card (such as the battery level icon of the
state of charge), so dashboards keep their look until the user asks for pictures."""

# Exclusion options: device types, then categories (reference §1.3).
EXCLUDABLE_DEVICE_TYPES: Final = (
    "pps",
    "powerpanel",
    "inverter",
    "solarbank",
    "smartmeter",
    "smartplug",
    "combiner_box",
    "hes",
    "vehicle",
)
EXCLUDABLE_CATEGORIES: Final = (
    "account_info",
    "solarbank_energy",
    "smartmeter_energy",
    "solar_energy",
    "smartplug_energy",
    "powerpanel_energy",
    "powerpanel_avg_power",
    "hes_energy",
    "hes_avg_power",
    "solarbank_cutoff",
    "solarbank_fittings",
    "solarbank_solar_info",
    "device_auto_upgrade",
    "device_tag",
    "site_price",
)
DEFAULT_EXCLUDE: Final[tuple[str, ...]] = ()
"""Unlike the reference, energy is on by default: the Energy dashboard is why people come."""

ATTRIBUTION: Final = "Data provided by the Anker power cloud"

DEFAULT_OPTIONS: Final[dict[str, object]] = {
    OPT_UPDATE_INTERVAL: DEFAULT_UPDATE_INTERVAL,
    OPT_DETAILS_INTERVAL: DEFAULT_DETAILS_INTERVAL,
    OPT_ENERGY_INTERVAL: DEFAULT_ENERGY_INTERVAL,
    OPT_REQUEST_DELAY: DEFAULT_REQUEST_DELAY,
    OPT_TIMEOUT: DEFAULT_TIMEOUT,
    OPT_ENDPOINT_LIMIT: DEFAULT_ENDPOINT_LIMIT,
    OPT_EXCLUDE: list(DEFAULT_EXCLUDE),
    OPT_STALE_DATA: DEFAULT_STALE_DATA,
    OPT_MQTT: DEFAULT_MQTT,
    OPT_MQTT_STATUS_INTERVAL: DEFAULT_MQTT_STATUS_INTERVAL,
    OPT_HISTORY_DAYS: DEFAULT_HISTORY_DAYS,
    OPT_PICTURES: DEFAULT_PICTURES,
}
"""The options a new entry starts with."""

# Replay mode ("explore with example data"): the entry answers from an export folder.
CONF_MODE: Final = "mode"
MODE_REPLAY: Final = "replay"
CONF_EXAMPLE: Final = "example"
"""Name of a bundled example (a folder of ``examples/``)."""
CONF_REPLAY_FOLDER: Final = "replay_folder"
"""Path of an export folder the user pointed to."""
