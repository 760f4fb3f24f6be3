"""services.yaml, translations, icons and the registered schemas describe the same actions."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path
from typing import Any

import pytest
import yaml
from homeassistant.core import HomeAssistant
from homeassistant.helpers.service import async_get_all_descriptions
from homeassistant.setup import async_setup_component

from custom_components.anker_solix.const import DOMAIN
from custom_components.anker_solix.services_schedule_schemas import ACTION_FIELDS, SECTIONS

PACKAGE = Path(__file__).resolve().parents[2] / "custom_components" / DOMAIN
LANGUAGES = (
    "en",
    *sorted(p.stem for p in (PACKAGE / "translations").glob("*.json") if p.stem != "en"),
)
"""English first (the reference), then every other language file."""
TARGET_FIELDS = {"entity_id", "device_id", "area_id", "floor_id", "label_id", "metadata"}
"""Keys Home Assistant adds to every entity action schema."""


def _yaml() -> dict[str, Any]:
    return yaml.safe_load((PACKAGE / "services.yaml").read_text(encoding="utf-8"))


def _json(name: str) -> dict[str, Any]:
    return json.loads((PACKAGE / name).read_text(encoding="utf-8"))


def _fields(block: dict[str, Any]) -> tuple[dict[str, Any], dict[str, set[str]]]:
    """The fields of a services.yaml block (section fields flattened) and its sections."""
    fields: dict[str, Any] = {}
    sections: dict[str, set[str]] = {}
    for key, value in (block.get("fields") or {}).items():
        if "fields" in value:
            sections[key] = set(value["fields"])
            fields.update(value["fields"])
        else:
            fields[key] = value
    return fields, sections


def _schema_keys(schema: Any) -> set[str]:
    """Field names a registered (voluptuous-compatible) schema accepts, targets left out."""
    keys: set[str] = set()
    inner = getattr(schema, "schema", None)
    if isinstance(inner, dict):
        keys.update(str(key) for key in inner)
    elif inner is not None and inner is not schema:  # a schema wrapping All(...) (2026)
        keys.update(_schema_keys(inner))
    for validator in getattr(schema, "validators", ()):
        keys.update(_schema_keys(validator))
    return keys - TARGET_FIELDS


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_schedule_actions_in_yaml_match_the_parser() -> None:
    """The six schedule actions list exactly the fields the parser reads, in their sections."""
    services = _yaml()
    for action, expected in ACTION_FIELDS.items():
        fields, sections = _fields(services[action])
        assert set(fields) == set(expected), action
        for section, members in sections.items():
            assert members <= set(SECTIONS[section]), (action, section)
        assert services[action]["target"]["device"]["integration"] == DOMAIN


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_action_field_and_section_is_translated(language: str) -> None:
    """Each action, field and section of services.yaml has a name and description, nothing more."""
    services = _yaml()
    translations = _json(f"translations/{language}.json")
    assert set(translations["services"]) == set(services)
    for action, block in services.items():
        text = translations["services"][action]
        assert text["name"], action
        assert text["description"], action
        fields, sections = _fields(block)
        assert set(text.get("fields", {})) == set(fields), action
        assert set(text.get("sections", {})) == set(sections), action
        for item in (*text.get("fields", {}).values(), *text.get("sections", {}).values()):
            assert item["name"], action
            assert item["description"], action


@pytest.mark.parametrize("language", LANGUAGES)
def test_selector_options_are_translated(language: str) -> None:
    """Every option of a select selector with a translation key has a label."""
    selectors = _json(f"translations/{language}.json")["selector"]
    for block in _yaml().values():
        for field in _fields(block)[0].values():
            select = (field.get("selector") or {}).get("select") or {}
            if "translation_key" in select:
                labels = selectors[select["translation_key"]]["options"]
                assert set(select["options"]) <= set(labels), select["translation_key"]


def test_icons_cover_every_action() -> None:
    """icons.json has an icon for each action of services.yaml."""
    icons = _json("icons.json")["services"]
    assert set(icons) == set(_yaml())
    assert all(icon["service"].startswith("mdi:") for icon in icons.values())


def test_refusals_of_the_actions_are_translated() -> None:
    """Every translation key the action modules raise has a message in all languages, with the
    same placeholders."""
    source = "".join(
        (PACKAGE / name).read_text(encoding="utf-8")
        for name in (
            "services_schedule.py",
            "services_schedule_schemas.py",
            "services_target.py",
            "helpers.py",
        )
    )
    keys = set(
        re.findall(
            r'(?:translation_key=|failed_key: str = |_error\(\s*|refusal\(\s*)"([a-z_]+)"', source
        )
    )
    assert {"invalid_time", "target_member", "read_failed", "fields_missing"} <= keys
    messages = {lang: _json(f"translations/{lang}.json")["exceptions"] for lang in LANGUAGES}
    for key in keys:
        english = _placeholders(messages["en"][key]["message"])
        for language in LANGUAGES[1:]:
            assert _placeholders(messages[language][key]["message"]) == english, (language, key)


async def test_registered_schemas_match_services_yaml(hass: HomeAssistant) -> None:
    """The actions registered at setup accept exactly the fields services.yaml describes, and
    Home Assistant reads every description (sections included)."""
    assert await async_setup_component(hass, DOMAIN, {})
    services = _yaml()
    registered = hass.services.async_services_for_domain(DOMAIN)
    assert set(registered) == set(services)
    for action, service in registered.items():
        assert _schema_keys(service.schema) == set(_fields(services[action])[0]), action
    descriptions = (await async_get_all_descriptions(hass))[DOMAIN]
    assert set(descriptions) == set(services)
    assert set(descriptions["set_solarbank_schedule"]["fields"]) == {
        "start_time",
        "end_time",
        "appliance_load",
        "sb1_fields",
        "sb2_fields",
        "sb3_fields",
    }
