"""manifest.json as hassfest validates a custom integration's, hacs.json as HACS validates it."""

from __future__ import annotations

import json
from typing import Any

from homeassistant.const import Platform
from homeassistant.const import __version__ as ha_version

from custom_components.anker_solix import PLATFORMS
from tests.conftest import REPO

INTEGRATION = REPO / "custom_components" / "anker_solix"
MANIFEST_KEYS = {
    "domain": str,
    "name": str,
    "after_dependencies": list,
    "bluetooth": list,
    "codeowners": list,
    "config_flow": bool,
    "dependencies": list,
    "dhcp": list,
    "disabled": str,
    "documentation": str,
    "homekit": dict,
    "import_executor": bool,
    "integration_type": str,
    "iot_class": str,
    "issue_tracker": str,
    "loggers": list,
    "mqtt": list,
    "quality_scale": str,
    "requirements": list,
    "single_config_entry": bool,
    "ssdp": list,
    "usb": list,
    "version": str,
    "zeroconf": list,
}
"""Keys hassfest's custom-integration manifest schema accepts, with their JSON types."""
HACS_KEYS: dict[str, Any] = {
    "name": str,
    "content_in_root": bool,
    "zip_release": bool,
    "filename": str,
    "hide_default_branch": bool,
    "homeassistant": str,
    "hacs": str,
    "persistent_directory": str,
    "country": (str, list),
    "render_readme": bool,
}
"""Keys of HACS' hacs.json schema with their types."""


def manifest() -> dict[str, Any]:
    """The integration's manifest."""
    return json.loads((INTEGRATION / "manifest.json").read_text(encoding="utf-8"))


def test_manifest_keys_are_known_typed_and_in_hassfest_order() -> None:
    """domain and name first, then the other keys alphabetically (hassfest's order rule)."""
    content = manifest()
    keys = list(content)
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])
    assert set(keys) <= set(MANIFEST_KEYS)
    for key, value in content.items():
        assert isinstance(value, MANIFEST_KEYS[key]), key


def test_manifest_values_hassfest_checks() -> None:
    """A config-flow hub on the cloud, with its own loggers and HTTP for the download view."""
    content = manifest()
    assert content["config_flow"] is True
    assert content["iot_class"] in {"cloud_polling", "cloud_push"}
    assert content["integration_type"] in {"device", "hub", "service"}
    assert "http" in content["dependencies"]  # export download view
    assert all(name.startswith("custom_components.anker_solix") for name in content["loggers"])
    assert content["codeowners"]
    assert all(owner.startswith("@") for owner in content["codeowners"])
    assert "quality_scale" not in content  # custom integrations are always "custom"


def test_the_platforms_we_forward_exist_as_modules() -> None:
    """Every forwarded platform has its module (hassfest would not load it otherwise)."""
    for platform in PLATFORMS:
        assert isinstance(platform, Platform)
        assert (INTEGRATION / f"{platform.value}.py").is_file(), platform


def test_hacs_json_follows_the_hacs_schema() -> None:
    """Only HACS keys with their types; the integration lives in custom_components/ (not root)."""
    hacs = json.loads((REPO / "hacs.json").read_text(encoding="utf-8"))
    assert "name" in hacs
    for key, value in hacs.items():
        assert key in HACS_KEYS, key
        assert isinstance(value, HACS_KEYS[key]), key
    assert hacs.get("content_in_root", False) is False
    folders = [
        p.name for p in (REPO / "custom_components").iterdir() if (p / "manifest.json").exists()
    ]
    assert folders == ["anker_solix"]
    # The minimum release is a real version no newer than the one these tests run on.
    minimum = tuple(int(part) for part in hacs["homeassistant"].split("."))
    assert len(minimum) == 3
    assert minimum <= tuple(int(part) for part in ha_version.split(".")[:3])
