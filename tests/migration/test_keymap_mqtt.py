"""Their MQTT entities become our live-data entities: same meaning, unit and classes, same ids.

A 3.8 user with MQTT on had MQTT-only rows (device and expansion temperatures, port powers, the
last message time, the connection, the real-time button). Our live-data entities of the same
meaning take those rows over, so they keep their entity ids instead of getting ``_2`` ones.
"""

from __future__ import annotations

import re

import pytest
from homeassistant.components.sensor import SensorDeviceClass, SensorStateClass
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from custom_components.anker_solix.const import DOMAIN
from custom_components.anker_solix.migration.keymap import KEY_MAP, target_for
from custom_components.anker_solix.migration.legacy_keys import LEGACY_KEYS
from custom_components.anker_solix.sensor_mqtt import (
    ACCOUNT_LIVE_SENSORS,
    DEVICE_LIVE_SENSORS,
    LiveSensorDescription,
    model_sensors,
)
from custom_components.anker_solix.solixapi import MQTT_MODEL_LAYOUTS
from tests.integration.conftest import SimCloud
from tests.migration.legacy import OPTIONS_38, LegacyRow, add_device, add_rows, legacy_entry
from tests.mqtt_ha.conftest import link, live_cloud, wait_for

__all__ = ["live_cloud"]

TEMPERATURE = (SensorDeviceClass.TEMPERATURE, "°C", SensorStateClass.MEASUREMENT)
BATTERY = (SensorDeviceClass.BATTERY, "%", SensorStateClass.MEASUREMENT)
POWER = (SensorDeviceClass.POWER, "W", SensorStateClass.MEASUREMENT)
THEIR_SHAPES: dict[str, tuple[SensorDeviceClass | None, str | None, SensorStateClass | None]] = {
    "temperature": TEMPERATURE,
    **{f"exp_{n}_temperature": TEMPERATURE for n in range(1, 6)},
    **{f"device_{n}_temperature": TEMPERATURE for n in range(1, 7)},
    **{f"exp_{n}_soc": BATTERY for n in range(1, 6)},
    "main_battery_soc": BATTERY,
    **{f"usbc_{n}_power": POWER for n in range(1, 5)},
    **{f"usba_{n}_power": POWER for n in range(1, 3)},
    **{f"dc_12v_{n}_power": POWER for n in range(1, 3)},
    "usb_power": POWER,
}
"""Class, unit and state class of their MQTT sensors (migration reference §4.3)."""

SB3 = "CM64DY5TZN8S3OS1Y"
SB3_SITE = "85b17b79-49e1-6e8a-aee1-51c7baea4f5d"
"""Scenario sb3_shelly_dynamic: a Solarbank 3 (mapped model) with one expansion battery."""


def _live_descriptions() -> dict[str, list[LiveSensorDescription]]:
    """Our live sensor key → its descriptions over every model map."""
    found: dict[str, list[LiveSensorDescription]] = {}
    for description in (
        *ACCOUNT_LIVE_SENSORS,
        *DEVICE_LIVE_SENSORS,
        *(d for pn in MQTT_MODEL_LAYOUTS for d in model_sensors(pn)),
    ):
        found.setdefault(description.key, []).append(description)
    return found


def test_their_mqtt_sensors_map_to_live_sensors_of_the_same_shape() -> None:
    """Every MQTT sensor of theirs we map lands on a live sensor with their class and unit
    (long-term statistics continue under the same metadata)."""
    ours = _live_descriptions()
    mapped = {
        key: targets[0].key
        for (platform, kind, key), targets in KEY_MAP.items()
        if platform == "sensor" and kind == "device" and targets[0].key.startswith("live_")
    }
    assert set(mapped) == {*THEIR_SHAPES, "mqtt_timestamp"}
    for their_key, shape in THEIR_SHAPES.items():
        descriptions = ours[mapped[their_key]]
        for description in descriptions:
            assert (
                description.device_class,
                description.native_unit_of_measurement,
                description.state_class,
            ) == shape, their_key
    stamp = ours[mapped["mqtt_timestamp"]]
    assert [d.device_class for d in stamp] == [SensorDeviceClass.TIMESTAMP]
    # Every mapped key is one of theirs (3.4.0+, MQTT era), none of 3.3.2's but the temperature.
    theirs = {row.key: row.since for row in LEGACY_KEYS if row.platform == "sensor"}
    assert {k for k in mapped if theirs[k] == "3.3.2"} == {"temperature"}


def test_expansion_and_member_indexes_line_up() -> None:
    """Their 1-based expansion / member / port numbers are ours (``exp_2`` → ``exp2``)."""
    assert target_for("sensor", "device", "exp_2_temperature", "solarbank").key == (  # type: ignore[union-attr]
        "live_exp2_temp_c"
    )
    assert target_for("sensor", "device", "exp_5_soc", "solarbank").key == "live_exp5_soc_pct"  # type: ignore[union-attr]
    assert target_for("sensor", "device", "device_6_temperature", None).key == "live_dev6_temp_c"  # type: ignore[union-attr]
    assert target_for("sensor", "device", "dc_12v_2_power", "pps").key == "live_car_port2_w"  # type: ignore[union-attr]
    # Their hourly traffic rate (kB/h) is not our message count: no row.
    assert target_for("sensor", "account", "mqtt_statistic", None) is None


@pytest.mark.parametrize("scenario", ["sb3_shelly_dynamic"])
async def test_user_of_38_with_mqtt_keeps_live_entity_ids(
    hass: HomeAssistant, live_cloud: SimCloud
) -> None:
    """Their MQTT rows of a Solarbank 3 become our live entities: same entity ids, no ``_2``."""
    account = live_cloud.account
    options = {**OPTIONS_38, "mqtt_options": {"mqtt_usage": True, "trigger_timeout": 300.0}}
    entry = legacy_entry(
        live_cloud, version=2, minor_version=1, options=options, title=account["nick_name"]
    )
    entry.add_to_hass(hass)
    acc = add_device(hass, entry, account["email"], "sol*** (DE)", "Account")
    site = add_device(hass, entry, SB3_SITE, "System Garten", "Solarbank Site", acc)
    bank = add_device(hass, entry, SB3, "Solarbank 3", "Solarbank 3 E2700 Pro", site)
    devices = {account["email"].lower(): acc, SB3_SITE: site, SB3.lower(): bank}
    rows = [
        LegacyRow("binary_sensor", account["email"], "mqtt_connection", "sol_de_mqtt_verbindung"),
        LegacyRow("sensor", SB3, "mqtt_timestamp", "solarbank_3_mqtt_zeit"),
        LegacyRow("sensor", SB3, "temperature", "solarbank_3_temperatur"),
        LegacyRow("sensor", SB3, "exp_1_temperature", "solarbank_3_erw_1_temperatur"),
        LegacyRow("sensor", SB3, "exp_1_soc", "solarbank_3_erw_1_ladestand"),
        LegacyRow("button", SB3, "mqtt_realtime_trigger", "solarbank_3_mqtt_echtzeit"),
    ]
    theirs = add_rows(hass, entry, devices, rows)
    before_ids = set(er.async_get(hass).entities)

    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    live = link(entry)
    await wait_for(hass, lambda: live.connected, "the session connects")

    registry = er.async_get(hass)
    expected = {
        "binary_sensor:mqtt_connection": f"{account['user_id']}_mqtt_connected",
        "sensor:mqtt_timestamp": f"{SB3}_live_data_time",
        "sensor:temperature": f"{SB3}_live_temp_c",
        "sensor:exp_1_temperature": f"{SB3}_live_exp1_temp_c",
        "sensor:exp_1_soc": f"{SB3}_live_exp1_soc_pct",
        "button:mqtt_realtime_trigger": f"{SB3}_start_live_updates",
    }
    for row in rows:
        before = theirs[f"{row.platform}:{row.key}:{row.context.lower()}"]
        ours = expected[f"{row.platform}:{row.key}"]
        assert registry.async_get_entity_id(row.platform, DOMAIN, ours) == before.entity_id, ours
        assert before.entity_id == f"{row.platform}.{row.object_id}"
        # Our entity runs under their id (a state of ours, not a restored placeholder).
        state = hass.states.get(before.entity_id)
        assert state is not None
        assert not state.attributes.get("restored"), before.entity_id
    # Nothing of ours got a ``_<n>`` id next to a row of theirs.
    clashes = [
        entity_id
        for entity_id in set(registry.entities) - before_ids
        if (match := re.fullmatch(r"(.+)_\d+", entity_id)) and match[1] in before_ids
    ]
    assert clashes == []
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
