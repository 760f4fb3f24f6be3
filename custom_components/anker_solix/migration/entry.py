"""Config entry versions: ours (1.x) and the community integration's (1.1 of 3.3.2, 2.1 of 3.4–3.8).

Their entries keep the account as ``username``/``password``/``country_code`` and their options
flat (1.1) or in form sections (2.1: ``api_options``, ``mqtt_options``, ``test_options``). Ours
store ``email``/``password``/``country`` and flat options of our own. Every version ends as
``VERSION.MINOR_VERSION`` with our keys; the registry of a community entry is re-keyed at its
next setup (``LEGACY_MARK`` in the options says it is due), and its unique id (the lower-cased
e-mail) becomes our account id at the first successful login.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from homeassistant.const import CONF_EMAIL, CONF_PASSWORD
from homeassistant.core import HomeAssistant

from custom_components.anker_solix.const import (
    CONF_ACCEPT_TERMS,
    CONF_COUNTRY,
    CONF_SERVER_PUBLIC_KEY,
    CONF_SERVER_URL,
    DEFAULT_OPTIONS,
    EXCLUDABLE_CATEGORIES,
    EXCLUDABLE_DEVICE_TYPES,
    LOGGER,
    OPT_DETAILS_INTERVAL,
    OPT_ENDPOINT_LIMIT,
    OPT_EXCLUDE,
    OPT_MQTT,
    OPT_REQUEST_DELAY,
    OPT_STALE_DATA,
    OPT_TIMEOUT,
    OPT_UPDATE_INTERVAL,
    STALE_KEEP_LAST,
    STALE_UNAVAILABLE,
)
from custom_components.anker_solix.options_flow import INTEGER_OPTIONS, RANGES

if TYPE_CHECKING:
    from custom_components.anker_solix.coordinator import SolixConfigEntry

VERSION: Final = 2
"""Major version: 2 so that the community's 2.x entries reach our migration at all."""
MINOR_VERSION: Final = 2
"""Minor version: 2, above their 2.1, so their 2.1 entries are migrated too."""

LEGACY_MARK: Final = "legacy_registry"
"""Option set on a migrated community entry until its registry rows carry our unique ids."""

LEGACY_USERNAME: Final = "username"
LEGACY_COUNTRY: Final = "country_code"
LEGACY_NICKNAME: Final = "nickname"
LEGACY_SECTIONS: Final = ("api_options", "mqtt_options", "test_options")

LEGACY_DATA: Final[dict[str, str]] = {
    LEGACY_USERNAME: CONF_EMAIL,
    CONF_PASSWORD: CONF_PASSWORD,
    LEGACY_COUNTRY: CONF_COUNTRY,
    CONF_ACCEPT_TERMS: CONF_ACCEPT_TERMS,
}
"""Their data keys → ours (``examples`` and ``nickname`` have no use here)."""
KEPT_DATA: Final = (CONF_SERVER_URL, CONF_SERVER_PUBLIC_KEY)
"""Keys of ours that a migrated entry keeps if present."""

LEGACY_EXCLUDES: Final[frozenset[str]] = frozenset(EXCLUDABLE_DEVICE_TYPES + EXCLUDABLE_CATEGORIES)
"""Their exclusion values that mean the same here (all 24 of 3.3.2–3.5.3). Their later values
(``solarbank_pps``, ``home_backup``, ``charger``, ``ev_charger``, ``solarbank_pps_energy``,
``charger_energy``, ``charger_usb_settings``) and the internal ``mqtt_devices`` are dropped: we
create no entities of those kinds."""


def is_legacy(entry: SolixConfigEntry) -> bool:
    """Whether the entry was written by the community integration (any version)."""
    return (entry.version > 1 and entry.minor_version < 2) or LEGACY_USERNAME in entry.data


def legacy_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """Our data of a community entry."""
    migrated = {ours: data[theirs] for theirs, ours in LEGACY_DATA.items() if theirs in data}
    migrated.setdefault(CONF_ACCEPT_TERMS, True)  # their flow refused to store anything else
    migrated.update({key: data[key] for key in KEPT_DATA if key in data})
    return migrated


def _number(key: str, value: Any) -> float | int | None:
    """A number option of theirs within our range (None when it is no number)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    low, high, _step = RANGES[key]
    clamped = min(max(float(value), low), high)
    return round(clamped) if key in INTEGER_OPTIONS else round(clamped, 1)


def legacy_options(options: Mapping[str, Any]) -> dict[str, Any]:
    """Our options of a community entry (flat 1.1 or sectioned 2.1 layout)."""
    api: dict[str, Any] = {**options, **(options.get("api_options") or {})}
    mqtt: Mapping[str, Any] = options.get("mqtt_options") or {}
    migrated: dict[str, Any] = dict(DEFAULT_OPTIONS)
    scan = api.get("scan_interval", 60)
    values = {
        OPT_UPDATE_INTERVAL: scan,
        OPT_DETAILS_INTERVAL: scan * api.get("dev_interval_mult", 10)
        if isinstance(scan, int | float)
        else None,
        OPT_REQUEST_DELAY: api.get("delay_time"),
        OPT_TIMEOUT: api.get("timeout"),
        OPT_ENDPOINT_LIMIT: api.get("endpoint_limit"),
    }
    for key, value in values.items():
        number = _number(key, value)
        if number is not None:
            migrated[key] = number
    migrated[OPT_STALE_DATA] = STALE_KEEP_LAST if api.get("skip_invalid") else STALE_UNAVAILABLE
    exclude = options.get("exclude")
    if isinstance(exclude, list):
        migrated[OPT_EXCLUDE] = [item for item in exclude if item in LEGACY_EXCLUDES]
    if isinstance(mqtt.get("mqtt_usage"), bool):
        migrated[OPT_MQTT] = mqtt["mqtt_usage"]
    migrated[LEGACY_MARK] = True
    return migrated


def legacy_title(entry: SolixConfigEntry, email: str) -> str:
    """Our title (the e-mail) unless the title is one the user chose.

    Their title is the Anker nickname at creation; 3.4+ entries also store that nickname, so a
    title that differs from it was set by the user and stays. 3.3.2 entries keep their title.
    """
    if entry.title in ("", entry.data.get(LEGACY_USERNAME), entry.data.get(LEGACY_NICKNAME)):
        return email
    return entry.title


async def async_migrate_entry(hass: HomeAssistant, entry: SolixConfigEntry) -> bool:
    """Bring an entry of any known version to ours; refuse only versions from the future."""
    if entry.version > VERSION:
        LOGGER.error(
            "Entry %s has version %s.%s, newer than this release understands (%s.%s)",
            entry.title,
            entry.version,
            entry.minor_version,
            VERSION,
            MINOR_VERSION,
        )
        return False
    if is_legacy(entry):
        data = legacy_data(entry.data)
        LOGGER.info(
            "Taking over the entry %s of the community integration (version %s.%s)",
            entry.title,
            entry.version,
            entry.minor_version,
        )
        hass.config_entries.async_update_entry(
            entry,
            data=data,
            options=legacy_options(entry.options),
            title=legacy_title(entry, str(data.get(CONF_EMAIL, ""))),
            version=VERSION,
            minor_version=MINOR_VERSION,
        )
        return True
    # Our own 1.x entries: same keys, only the version moves.
    hass.config_entries.async_update_entry(entry, version=VERSION, minor_version=MINOR_VERSION)
    return True
