"""Files the community release leaves in our folder: listed in a repair issue, never read."""

from __future__ import annotations

import json
from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from custom_components.anker_solix.const import DOMAIN
from custom_components.anker_solix.migration import ISSUE_LEGACY_FILES, async_scan_leftover_files
from custom_components.anker_solix.migration.leftovers import scan_leftovers

PACKAGE = Path(__file__).resolve().parents[2] / "custom_components" / DOMAIN


def _their_release_over_ours(root: Path) -> Path:
    """Our package folder with what HACS leaves of theirs when it extracts ours on top."""
    package = root / "custom_components" / DOMAIN
    library = package / "solixapi"
    (library / "cloud").mkdir(parents=True)
    (library / "__init__.py").write_text("", encoding="utf-8")
    (library / "cloud" / "session.py").write_text("", encoding="utf-8")
    (package / "api_client.py").write_text("", encoding="utf-8")
    (package / "images").mkdir()
    for name in ("api.py", "apibase.py", "mqtt_device.py"):
        (library / name).write_text("", encoding="utf-8")
    cache = library / "authcache"
    cache.mkdir()
    (cache / "User@Example.com.json").write_text(json.dumps({"auth_token": "x"}), "utf-8")
    (cache / "User@Example.com_mqtt_private_key.crt").write_text("-----", encoding="utf-8")
    return package


def test_scan_lists_their_files_not_ours(tmp_path: Path) -> None:
    """Their modules, images and token cache (by count: the names carry the e-mail)."""
    package = _their_release_over_ours(tmp_path)
    temp = tmp_path / "tmp"
    (temp / "authcache").mkdir(parents=True)
    (temp / "authcache" / "x.json").write_text("{}", encoding="utf-8")
    found = scan_leftovers(package, temp)
    assert found == [
        "custom_components/anker_solix/api_client.py",
        "custom_components/anker_solix/images",
        "custom_components/anker_solix/solixapi/api.py",
        "custom_components/anker_solix/solixapi/apibase.py",
        "custom_components/anker_solix/solixapi/mqtt_device.py",
        "custom_components/anker_solix/solixapi/authcache/ (2)",
        f"{temp / 'authcache'}/ (1)",
    ]
    assert not any("example.com" in line.lower() for line in found)


def test_our_own_release_has_no_leftovers(tmp_path: Path) -> None:
    """Our shipped folder holds nothing the scan reports (no false alarm after a clean install)."""
    assert scan_leftovers(PACKAGE, tmp_path) == []


def test_hacs_keeps_no_folder_of_ours() -> None:
    """Nothing of ours lives in the integration folder (logins are in Home Assistant's storage),
    so hacs.json declares no persistent directory: their token cache does not survive our next
    update through HACS."""
    hacs = json.loads((PACKAGE.parents[1] / "hacs.json").read_text(encoding="utf-8"))
    assert "persistent_directory" not in hacs


async def test_issue_lists_the_files(hass: HomeAssistant, tmp_path: Path) -> None:
    """Their files: an issue naming them; our clean folder: no issue (the earlier one goes)."""
    package = _their_release_over_ours(tmp_path)
    found = await async_scan_leftover_files(hass, package, tmp_path / "no-temp")
    issue = ir.async_get(hass).async_get_issue(DOMAIN, ISSUE_LEGACY_FILES)
    assert issue is not None
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["files"] == "\n".join(f"- `{path}`" for path in found)
    assert "solixapi/authcache/ (2)" in issue.translation_placeholders["files"]
    assert await async_scan_leftover_files(hass, temp_dir=tmp_path / "no-temp") == []
    assert ir.async_get(hass).async_get_issue(DOMAIN, ISSUE_LEGACY_FILES) is None
