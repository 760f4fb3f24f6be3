"""manifest.json and hacs.json hold what hassfest and HACS require."""

from __future__ import annotations

import json
import re

from tests.conftest import REPO

INTEGRATION = REPO / "custom_components" / "anker_solix"


def test_manifest_has_the_keys_hassfest_requires() -> None:
    """Domain, name, docs, codeowners, iot class, version and requirements are present and valid."""
    manifest = json.loads((INTEGRATION / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["domain"] == INTEGRATION.name
    assert manifest["name"] == "Anker Solix"
    assert manifest["iot_class"] == "cloud_polling"
    assert manifest["integration_type"] == "hub"
    assert manifest["documentation"].startswith("https://")
    assert manifest["issue_tracker"].startswith("https://")
    assert all(owner.startswith("@") for owner in manifest["codeowners"])
    assert re.fullmatch(r"\d+\.\d+\.\d+", manifest["version"])
    # aiohttp and cryptography ship with Home Assistant; anything else must be listed here,
    # pinned, and installed by both test environments (CI installs from those files).
    assert manifest["requirements"]
    for requirement in manifest["requirements"]:
        assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[0-9][0-9A-Za-z.]*", requirement)
        for release in ("ha2025", "ha2026"):
            listed = (REPO / "requirements" / f"test-{release}.txt").read_text(encoding="utf-8")
            assert requirement in listed.splitlines()


def test_hacs_json_names_the_minimum_home_assistant_release() -> None:
    """HACS shows the name and refuses installs on releases older than our minimum."""
    hacs = json.loads((REPO / "hacs.json").read_text(encoding="utf-8"))
    assert hacs["name"] == "Anker Solix"
    assert hacs["homeassistant"] == "2025.4.4"


def test_only_runtime_files_ship_in_the_integration_folder() -> None:
    """Scenarios, fixtures and dumps live outside custom_components/ (HACS ships that folder).

    Runtime data besides code: the brand images (`brand/*.png`, served by Home Assistant), the
    device pictures (`pictures/*.svg`, served by the integration) and the bundled example systems
    of the example-data mode (`examples/<name>/`, each a scenario
    folder with its README; `scenarios/<name>` links to them).
    """
    shipped = [p for p in INTEGRATION.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    examples = INTEGRATION / "examples"
    bundled = [p for p in shipped if examples in p.parents]
    brand = [p for p in shipped if p.parent == INTEGRATION / "brand"]
    assert [p for p in brand if p.suffix != ".png"] == []
    pictures = [p for p in shipped if INTEGRATION / "pictures" in p.parents]
    assert [p for p in pictures if p.suffix != ".svg" or p.parent.name != "pictures"] == []
    code = [p for p in shipped if p not in bundled and p not in brand and p not in pictures]
    allowed = {".py", ".json", ".typed", ".yaml"}
    assert code
    assert [p for p in code if p.suffix not in allowed] == []
    data_files = [
        p
        for p in code
        if p.suffix == ".json"
        and p.name not in {"manifest.json", "icons.json"}
        and p.parent.name != "translations"
    ]
    assert data_files == []
    assert {p.parent.parent for p in bundled} == {examples}
    assert [p for p in bundled if p.suffix not in {".json", ".md"}] == []
    for folder in {p.parent for p in bundled}:
        assert (folder / "site_list.json").is_file()
        assert (INTEGRATION.parents[1] / "scenarios" / folder.name).resolve() == folder.resolve()
