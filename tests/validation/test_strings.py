"""Translations and icons, as hassfest checks them, plus what hassfest cannot see: every key the
code uses exists.

- every language file has the same keys as en.json, with the same placeholders;
- every entity translation key of the description tables, every exception and repair issue key,
  every flow step, error and abort reason the code names exists in en.json (and so, by the first
  rule, in every language);
- icons.json names only entities that have a translation and states with mdi icons.

The action strings (services.yaml against the registered schemas and their translations) are
checked by tests/actions/test_descriptions.py.
"""

from __future__ import annotations

import ast
import importlib
import json
import pkgutil
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from homeassistant.helpers.entity import EntityDescription

import custom_components.anker_solix as integration
from custom_components.anker_solix.options_flow import RANGES
from custom_components.anker_solix.repairs import ISSUES
from tests.conftest import REPO

PACKAGE = REPO / "custom_components" / "anker_solix"
TRANSLATIONS = PACKAGE / "translations"
LANGUAGES = sorted(path.stem for path in TRANSLATIONS.glob("*.json"))
PLATFORM_OF_BASE = {
    "BinarySensorEntityDescription": "binary_sensor",
    "ButtonEntityDescription": "button",
    "DateTimeEntityDescription": "datetime",
    "NumberEntityDescription": "number",
    "SelectEntityDescription": "select",
    "SensorEntityDescription": "sensor",
    "SwitchEntityDescription": "switch",
    "TimeEntityDescription": "time",
    "UpdateEntityDescription": "update",
}
"""Home Assistant's description class of each platform (by name: same on every release)."""
FLOW_MODULES = ("config_flow.py", "flow_schemas.py")


def load(language: str) -> dict[str, Any]:
    """One translation file."""
    return json.loads((TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8"))


def flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """`a.b.c` → text of every string of a translation file."""
    flat: dict[str, str] = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{path}."))
        else:
            flat[path] = str(value)
    return flat


def placeholders(text: str) -> set[str]:
    """Names in `{...}` of a translated text (Home Assistant formats them like str.format)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def integration_modules() -> Iterator[Any]:
    """Every module of the integration outside its library (imported)."""
    for info in pkgutil.walk_packages(integration.__path__, f"{integration.__name__}."):
        if ".solixapi" in info.name or ".examples" in info.name:
            continue
        yield importlib.import_module(info.name)


def descriptions() -> set[tuple[str, str]]:
    """(platform, translation key) of every entity description found in a module's tables."""
    found: set[tuple[str, str]] = set()
    seen: set[int] = set()

    def visit(value: Any, depth: int = 0) -> None:
        if id(value) in seen or depth > 4:
            return
        seen.add(id(value))
        if isinstance(value, EntityDescription):
            bases = {cls.__name__ for cls in type(value).__mro__}
            platforms = {PLATFORM_OF_BASE[name] for name in bases & set(PLATFORM_OF_BASE)}
            if len(platforms) == 1 and value.translation_key:
                found.add((platforms.pop(), value.translation_key))
        elif isinstance(value, dict):
            for item in value.values():
                visit(item, depth + 1)
        elif isinstance(value, list | tuple | set | frozenset):
            for item in value:
                visit(item, depth + 1)

    for module in integration_modules():
        for value in vars(module).values():
            visit(value)
    return found


def source_trees() -> Iterator[tuple[str, ast.Module]]:
    """(relative path, syntax tree) of every integration module outside the library."""
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith(("solixapi/", "examples/")):
            continue
        yield relative, ast.parse(path.read_text(encoding="utf-8"))


def strings_in(node: ast.AST) -> set[str]:
    """Every string constant inside an expression (both sides of `a if c else b`, ...)."""
    return {
        item.value
        for item in ast.walk(node)
        if isinstance(item, ast.Constant) and isinstance(item.value, str)
    }


def keyword_strings(tree: ast.Module, keyword: str, *, needs: str | None = None) -> set[str]:
    """String constants passed as `keyword=` (only in calls that also pass `needs=`)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            names = {item.arg for item in node.keywords}
            if needs is not None and needs not in names:
                continue
            for item in node.keywords:
                if item.arg == keyword:
                    found |= strings_in(item.value)
    return found


def flow_strings(tree: ast.Module) -> tuple[set[str], set[str]]:
    """(error keys, abort reasons) a flow module names as literals."""
    errors: set[str] = set()
    reasons = keyword_strings(tree, "reason")
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if (
                    isinstance(target, ast.Subscript)
                    and isinstance(target.value, ast.Name)
                    and target.value.id == "errors"
                ):
                    errors |= strings_in(node.value)
                if isinstance(target, ast.Name) and target.id == "reason":
                    reasons |= strings_in(node.value)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "LoginCheckError"
        ):
            for arg in node.args:
                errors |= strings_in(arg)
    return errors, reasons


def step_ids(module_name: str) -> set[str]:
    """Step ids a flow module shows (literals and module constants passed as `step_id=`)."""
    module = importlib.import_module(f"{integration.__name__}.{module_name}")
    tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for item in node.keywords:
                if item.arg != "step_id":
                    continue
                if isinstance(item.value, ast.Constant):
                    found.add(str(item.value.value))
                elif isinstance(item.value, ast.Name):
                    found.add(str(getattr(module, item.value.id)))
    return found


EN = load("en")


def test_every_language_has_the_same_strings_and_placeholders() -> None:
    """No language lacks or adds a key, and each text keeps the English placeholders."""
    assert {"en", "de", "fr", "es", "it", "nl", "pl"} <= set(LANGUAGES)
    english = flatten(EN)
    for language in LANGUAGES:
        other = flatten(load(language))
        assert sorted(set(english) - set(other)) == [], f"{language} lacks these"
        assert sorted(set(other) - set(english)) == [], f"{language} has extra keys"
        mismatched = [
            key
            for key, text in english.items()
            if not key.endswith(".state.") and placeholders(other[key]) != placeholders(text)
        ]
        assert mismatched == [], f"{language}: placeholders differ"


def test_no_text_is_empty_or_left_in_english_by_accident() -> None:
    """Every text has content; other languages translate the longer texts (a few words, such as
    units, product names or *Solarbank*, may read the same)."""
    english = flatten(EN)
    for language in LANGUAGES:
        texts = flatten(load(language))
        assert [key for key, text in texts.items() if not text.strip()] == [], language
        if language == "en":
            continue
        same = [
            key
            for key, text in texts.items()
            if text == english[key] and len(text.split()) > 6 and "%key:" not in text
        ]
        assert same == [], f"{language}: untranslated"


def test_every_entity_translation_key_of_the_tables_exists() -> None:
    """Each description's translation key has a name in en.json under its platform."""
    found = descriptions()
    assert len(found) > 150  # the tables of every platform were found
    missing = sorted(
        f"{platform}.{key}" for platform, key in found if key not in EN["entity"].get(platform, {})
    )
    assert missing == []


def key_forwarders(trees: list[tuple[str, ast.Module]]) -> dict[str, int]:
    """Functions that raise or build a translated error from one of their parameters
    (`def refusal(reason, ...)` ... `translation_key=reason`): name → that parameter's index."""
    forwarders: dict[str, int] = {}
    for _, tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            params = [arg.arg for arg in node.args.args]
            for call in ast.walk(node):
                if not isinstance(call, ast.Call):
                    continue
                names = {item.arg: item.value for item in call.keywords}
                value = names.get("translation_key")
                domain = "translation_domain" in names
                if domain and isinstance(value, ast.Name) and value.id in params:
                    forwarders[node.name] = params.index(value.id)
    return forwarders


def raised_keys() -> dict[str, str]:
    """Translation keys of raised errors: literal `translation_key=` next to
    `translation_domain=`, and literal arguments of the functions that forward their parameter."""
    trees = list(source_trees())
    forwarders = key_forwarders(trees)
    keys: dict[str, str] = {}
    for relative, tree in trees:
        for key in keyword_strings(tree, "translation_key", needs="translation_domain"):
            keys[key] = relative
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name not in forwarders:
                continue
            index = forwarders[name]
            if index < len(node.args) and isinstance(node.args[index], ast.Constant):
                keys[str(node.args[index].value)] = relative  # type: ignore[attr-defined]
    return keys


def test_every_raised_translation_key_exists() -> None:
    """Exceptions raised with `translation_domain=` name a message in en.json."""
    keys = raised_keys()
    assert len(keys) > 40
    missing = sorted(
        f"{key} ({where})" for key, where in keys.items() if key not in EN["exceptions"]
    )
    assert missing == []
    for key in keys:
        assert EN["exceptions"][key]["message"].strip()


def test_every_repair_issue_has_a_title_and_a_text_or_a_fix_flow() -> None:
    """Every issue kind (and every key passed to the issue registry) says what happened and what to
    do: a description, or the steps of its fix flow."""
    kinds = set(ISSUES)
    for _, tree in source_trees():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "async_create_issue"
            ):
                for item in node.keywords:
                    if item.arg == "translation_key":
                        kinds |= strings_in(item.value)
    for kind in kinds:
        issue = EN["issues"][kind]
        assert issue["title"].strip(), kind
        steps = issue.get("fix_flow", {}).get("step", {})
        assert issue.get("description", "").strip() or any(
            step.get("description") for step in steps.values()
        ), kind


def test_every_config_flow_step_error_and_abort_reason_exists() -> None:
    """Steps shown, errors set and abort reasons of the config flow have their strings."""
    config = EN["config"]
    for step in step_ids("config_flow"):
        assert step in config["step"], step
    errors: set[str] = set()
    reasons: set[str] = set()
    for relative, tree in source_trees():
        if relative in FLOW_MODULES:
            found_errors, found_reasons = flow_strings(tree)
            errors |= found_errors
            reasons |= found_reasons
    assert {"invalid_auth", "cannot_connect"} <= errors
    assert sorted(errors - set(config["error"])) == []
    assert sorted(reasons - set(config["abort"])) == []


def test_every_options_step_and_range_error_exists() -> None:
    """The options form and each range error (with the range placeholders) have their strings."""
    options = EN["options"]
    for step in step_ids("options_flow"):
        assert step in options["step"], step
    for key in RANGES:
        text = options["error"][f"{key}_range"]
        assert {f"{key}_min", f"{key}_max"} <= placeholders(text), key


def test_icons_name_only_translated_entities_with_mdi_icons() -> None:
    """icons.json: each entity icon belongs to a translation key of its platform."""
    icons = json.loads((PACKAGE / "icons.json").read_text(encoding="utf-8"))
    for platform, entries in icons["entity"].items():
        for key, entry in entries.items():
            assert key in EN["entity"].get(platform, {}), f"{platform}.{key}"
            assert entry.get("default", "mdi:").startswith("mdi:"), f"{platform}.{key}"
            for state, icon in entry.get("state", {}).items():
                assert icon.startswith("mdi:"), f"{platform}.{key}.{state}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translation_files_are_valid_for_home_assistant(language: str) -> None:
    """Only the top-level sections Home Assistant reads; entity names have a name or states."""
    content = load(language)
    allowed = {
        "title",
        "config",
        "options",
        "issues",
        "exceptions",
        "selector",
        "entity",
        "services",
        "device",
        "config_subentries",
        "system_health",
    }
    assert set(content) <= allowed
    for platform, entries in content.get("entity", {}).items():
        for key, entry in entries.items():
            assert "name" in entry or "state" in entry, f"{platform}.{key}"
