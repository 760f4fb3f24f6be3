"""What the community's action calls carry that ours accept too (their scripts run unchanged).

Their actions have our names. Beyond our fields their calls may carry:

* any optional field as null, an empty or blank text or the text ``none`` in any case (their
  published scripts render ``|default(none)`` as ``None``): "not given", as theirs treated it;
* ``load_type`` on the schedule actions (``supply``/``ac_charge`` or 0/1, 3.7.0): ``supply`` is
  what our slots do; ``ac_charge`` (AC charging in the slot) is refused, we cannot write it;
* ``appliance_load`` up to 4800 W (3.7.0); the device's own limit still applies;
* ``include_cache`` on ``get_system_info`` and ``export_systems`` (3.3.2): our answer always holds
  the cached data, so it changes nothing;
* ``include_mqtt_cache`` on ``get_system_info``/``get_device_info`` (3.4.0+): accepted; our
  answers carry the cloud data, not a copy of the live MQTT messages, so it changes nothing
  either; ``include_mqtt`` on ``export_systems`` (3.4.0+) adds live-data captures to the export
  (``services_support_export.py``);
* a target entity or device instead of our ``config_entry_id`` on ``api_request`` and
  ``export_systems`` (theirs targeted the account's "Api Usage" switch): the target's entry is used.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from homeassistant.core import HomeAssistant

from custom_components.anker_solix.const import DOMAIN

LOAD_TYPE: Final = "load_type"
LOAD_TYPES: Final = ("supply", "ac_charge")
"""Their load types; the index is their number (0 supply, 1 AC charge)."""
LOAD_TYPE_WRITABLE: Final = "supply"
INCLUDE_CACHE: Final = "include_cache"
INCLUDE_MQTT_CACHE: Final = "include_mqtt_cache"
INCLUDE_MQTT: Final = "include_mqtt"
INFO_FIELDS: Final = (INCLUDE_CACHE, INCLUDE_MQTT_CACHE)
EXPORT_FIELDS: Final = (INCLUDE_MQTT, INCLUDE_CACHE)
_NOT_GIVEN_TEXTS: Final = ("", "none")


def is_not_given(value: Any) -> bool:
    """Whether a field value means "not given" (None, blank text, ``none`` in any case)."""
    return value is None or (isinstance(value, str) and value.strip().lower() in _NOT_GIVEN_TEXTS)


def target_entry_ids(hass: HomeAssistant, device_config_entries: set[str]) -> list[str]:
    """The entries of this integration among a target device's entries."""
    return sorted(
        entry_id
        for entry_id in device_config_entries
        if (entry := hass.config_entries.async_get_entry(entry_id)) is not None
        and entry.domain == DOMAIN
    )


def has_target(data: Mapping[str, Any]) -> bool:
    """Whether the call names a target entity or device."""
    return any(not is_not_given(data.get(key)) for key in ("entity_id", "device_id"))
