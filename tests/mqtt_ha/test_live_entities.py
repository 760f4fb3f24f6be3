"""The live-value entity table: generated from every model map, translated, sensibly classed."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from homeassistant.components.sensor import SensorDeviceClass, SensorStateClass

from custom_components.anker_solix.mqtt_link import overlaid_names
from custom_components.anker_solix.mqtt_values import PERSONAL, translation_key
from custom_components.anker_solix.sensor_mqtt import (
    ACCOUNT_LIVE_SENSORS,
    DEVICE_LIVE_SENSORS,
    model_sensors,
)
from custom_components.anker_solix.solixapi import MQTT_MODEL_LAYOUTS, mqtt_value_specs
from tests.conftest import REPO

TRANSLATIONS = REPO / "custom_components" / "anker_solix" / "translations"
LANGUAGES = ("en", *sorted(p.stem for p in TRANSLATIONS.glob("*.json") if p.stem != "en"))


def sensor_names(language: str) -> dict[str, Any]:
    """The sensor entity names of one language file."""
    data = json.loads((TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8"))
    return dict(data["entity"]["sensor"])


MODELS = sorted(MQTT_MODEL_LAYOUTS)


def test_every_mapped_model_has_live_sensors() -> None:
    """All 45 mapped models get a sensor table (every model names measurable values)."""
    assert len(MODELS) == 45
    for pn in MODELS:
        assert model_sensors(pn), pn


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_live_sensor_name_is_translated(language: str) -> None:
    """Each generated translation key has a name in every language with the same placeholders."""
    names = sensor_names(language)
    english = sensor_names("en")
    descriptions = [d for pn in MODELS for d in model_sensors(pn)]
    descriptions += [*DEVICE_LIVE_SENSORS, *ACCOUNT_LIVE_SENSORS]
    for description in descriptions:
        key = str(description.translation_key)
        assert key in names, (language, key)
        text = names[key]["name"]
        assert text.strip()
        assert set(re.findall(r"{(\w+)}", text)) == set(
            re.findall(r"{(\w+)}", english[key]["name"])
        )
        placeholders = getattr(description, "placeholders", None) or {}
        assert set(re.findall(r"{(\w+)}", text)) <= set(placeholders)


def test_no_entity_for_unverified_placeholder_personal_or_overlaid_values() -> None:
    """Unverified values, placeholders and personal values stay in diagnostics; values the
    cloud shows too get no second entity."""
    for pn in MODELS:
        specs = mqtt_value_specs(pn)
        names = {d.live_name for d in model_sensors(pn)}
        for name in names:
            spec = specs[str(name)]
            assert spec.verified, (pn, name)
            assert not spec.placeholder, (pn, name)
            assert not PERSONAL.search(str(name)), (pn, name)
        assert not names & overlaid_names(pn), pn


def test_units_and_classes_follow_the_map() -> None:
    """Powers are power sensors in W, lifetime energies total-increasing kWh, SOCs batteries."""
    sb3 = {d.live_name: d for d in model_sensors("A17C5")}
    expansion_temp = sb3["exp1_temp_c"]
    assert expansion_temp.device_class is SensorDeviceClass.TEMPERATURE
    assert expansion_temp.native_unit_of_measurement == "°C"
    assert expansion_temp.entity_registry_enabled_default
    assert expansion_temp.translation_key == "live_expx_temp_c"
    assert expansion_temp.placeholders == {"index": "1"}
    c1000 = {d.live_name: d for d in model_sensors("A1761")}
    ac_out = c1000["ac_out_w"]
    assert ac_out.device_class is SensorDeviceClass.POWER
    assert ac_out.state_class is SensorStateClass.MEASUREMENT
    assert ac_out.native_unit_of_measurement == "W"
    energy = next(d for d in model_sensors("A17C0") if str(d.live_name).endswith("energy_total"))
    assert energy.state_class is SensorStateClass.TOTAL_INCREASING
    assert energy.device_class is SensorDeviceClass.ENERGY


def test_translation_key_indexes() -> None:
    """Numbers in value names become placeholders of one shared translation key."""
    assert translation_key("exp3_soc_pct") == ("live_expx_soc_pct", {"index": "3"})
    assert translation_key("l1_l2_v") == ("live_lx_lx_v", {"index": "1", "index2": "2"})
    assert translation_key("pv_w") == ("live_pv_w", {})
