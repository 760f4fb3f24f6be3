"""The mapping table of their keys to ours: sound targets, no chains, documented coverage."""

from __future__ import annotations

import re
from pathlib import Path

from homeassistant.const import Platform

from custom_components.anker_solix import PLATFORMS
from custom_components.anker_solix.binary_sensor import BINARY_SENSORS
from custom_components.anker_solix.button import BUTTONS
from custom_components.anker_solix.datetime import DATETIMES
from custom_components.anker_solix.migration.keymap import KEY_MAP, coverage, target_for
from custom_components.anker_solix.migration.legacy_keys import LEGACY_KEYS
from custom_components.anker_solix.mqtt_controls import model_controls
from custom_components.anker_solix.number import NUMBERS
from custom_components.anker_solix.select import SELECTS
from custom_components.anker_solix.sensor import SENSORS
from custom_components.anker_solix.sensor_mqtt import (
    ACCOUNT_LIVE_SENSORS,
    DEVICE_LIVE_SENSORS,
    model_sensors,
)
from custom_components.anker_solix.solixapi import MQTT_MODEL_LAYOUTS
from custom_components.anker_solix.switch import SWITCHES
from custom_components.anker_solix.time import TIMES
from custom_components.anker_solix.update import UPDATES

OURS = {
    "sensor": SENSORS,
    "binary_sensor": BINARY_SENSORS,
    "switch": SWITCHES,
    "select": SELECTS,
    "number": NUMBERS,
    "button": BUTTONS,
    "datetime": DATETIMES,
    "time": TIMES,
    "update": UPDATES,
}
LIVE_SENSORS = {
    ("sensor", description.kind.value, description.key)
    for description in (
        *ACCOUNT_LIVE_SENSORS,
        *DEVICE_LIVE_SENSORS,
        *(d for pn in MQTT_MODEL_LAYOUTS for d in model_sensors(pn)),
    )
}
"""Our live-data sensors of every model map (their keys are built from the maps)."""
MQTT_CONTROL_KEYS = {
    (str(item.platform), "device", item.key)
    for pn in MQTT_MODEL_LAYOUTS
    for item in model_controls(pn)
}
"""Our MQTT controls of every model (platform from the model's command table)."""
CONTRIBUTING = Path(__file__).parents[2] / "CONTRIBUTING.md"


def test_every_target_is_an_entity_of_ours_on_the_same_platform() -> None:
    """A row keeps its entity id only within its domain; the target key must exist there."""
    ours = (
        {
            (platform, description.kind.value, description.key)
            for platform, descriptions in OURS.items()
            for description in descriptions
        }
        | LIVE_SENSORS
        | MQTT_CONTROL_KEYS
    )
    assert set(OURS) == {str(platform) for platform in PLATFORMS} & set(OURS)
    for (platform, kind, key), targets in KEY_MAP.items():
        assert targets, key
        for target in targets:
            assert target.platform == platform, key
            assert (platform, kind, target.key) in ours, (platform, kind, key, target)


def test_every_source_is_a_key_of_theirs() -> None:
    """The table speaks only of keys their releases had (reference §4)."""
    theirs = {(row.platform, row.kind, row.key) for row in LEGACY_KEYS}
    assert set(KEY_MAP) <= theirs
    assert len(theirs) == len(LEGACY_KEYS)  # one row per registry key


def test_no_chains_on_lower_case_contexts() -> None:
    """Site and vehicle ids are lower case on both sides: a key of theirs that is our target
    for another key must itself stay that key (else two rows would compete for one id)."""
    for (platform, kind, key), targets in KEY_MAP.items():
        if kind not in ("site", "vehicle", "account"):
            continue
        for target in targets:
            if target.key == key:
                continue
            same = KEY_MAP.get((platform, kind, target.key))
            assert same is None or all(t.key == target.key for t in same), (key, target)


def test_device_type_picks_the_target() -> None:
    """Their smart plug / power dock power sensor: ours per device type."""
    assert target_for("sensor", "device", "current_power", "smartplug").key == "plug_power"  # type: ignore[union-attr]
    assert target_for("sensor", "device", "current_power", "combiner_box").key == "power"  # type: ignore[union-attr]
    assert target_for("sensor", "device", "battery_efficiency", "solarbank") is None
    assert target_for("sensor", "site", "battery_count", None).key == "battery_count"  # type: ignore[union-attr]


def test_coverage_table_in_contributing_is_current() -> None:
    """CONTRIBUTING.md states the numbers this table yields (per platform of theirs)."""
    text = CONTRIBUTING.read_text(encoding="utf-8")
    stated = {
        match[1]: tuple(int(match[index]) for index in range(2, 6))
        for match in re.finditer(
            r"^\| `(\w+)` \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$", text, re.MULTILINE
        )
    }
    assert stated == coverage()
    # 3.3.2 users: nearly every key carries over.
    carried, total = (
        sum(c[2] for c in coverage().values()),
        sum(c[3] for c in coverage().values()),
    )
    assert carried / total > 0.95
    assert Platform.SENSOR in PLATFORMS


def test_their_unique_ids_split_at_the_longest_context() -> None:
    """E-mails may hold ``_``; a serial may start like another context: the longest wins."""
    from custom_components.anker_solix.migration.registry import LegacyContext, _split

    contexts = {
        "first_last@example.com": LegacyContext("account", "uid"),
        "first": LegacyContext("device", "FIRST"),
        "abc123": LegacyContext("device", "ABC123"),
        "abc123_fsn9": LegacyContext("device", "ABC123_FSN9"),
    }
    assert _split("first_last@example.com_allow_refresh", contexts) == (
        contexts["first_last@example.com"],
        "allow_refresh",
    )
    assert _split("abc123_state_of_charge", contexts) == (contexts["abc123"], "state_of_charge")
    assert _split("unknown_state_of_charge", contexts) is None
