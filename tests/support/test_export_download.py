"""Export downloads: only through our authenticated view, old and public exports deleted."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from freezegun import freeze_time
from homeassistant.config_entries import ConfigEntryDisabler
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from yarl import URL

from custom_components.anker_solix.const import DOMAIN
from custom_components.anker_solix.export_view import export_path
from custom_components.anker_solix.services_support_export import prune_entry_exports
from tests.integration.conftest import SimCloud, setup_entry

DAY = 86400.0


async def export(hass: HomeAssistant, entry_id: str) -> str:
    """Call export_systems and return the download link of its response."""
    result = await hass.services.async_call(
        DOMAIN,
        "export_systems",
        {"config_entry_id": entry_id},
        blocking=True,
        return_response=True,
    )
    assert result is not None
    return str(result["export_filename"])


def zip_file(tmp_path: Path, entry_id: str, url: str) -> Path:
    """The file a download link names."""
    return tmp_path / "anker_solix" / "exports" / entry_id / url.partition("?")[0].rsplit("/")[-1]


def make_zip(folder: Path, name: str, age: float, now: float) -> Path:
    """A file named like an export zip, last modified `age` seconds before `now`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(b"PK old export " + name.encode())
    os.utime(path, (now - age, now - age))
    return path


async def test_download_with_a_token_returns_the_zip_and_without_is_refused(
    hass: HomeAssistant,
    cloud: SimCloud,
    tmp_path: Path,
    hass_client: ClientSessionGenerator,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    """The unsigned path answers the zip's bytes to a logged-in client (bearer token) and 401
    to a client without authentication."""
    hass.config.config_dir = str(tmp_path)
    entry = await setup_entry(hass, cloud, complete=True)
    url = await export(hass, entry.entry_id)
    path = url.partition("?")[0]
    expected = zip_file(tmp_path, entry.entry_id, url).read_bytes()

    client = await hass_client()
    response = await client.get(path)
    assert response.status == 200
    assert response.headers["Content-Type"] == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    assert await response.read() == expected

    anonymous = await hass_client_no_auth()
    response = await anonymous.get(path)
    assert response.status == 401
    assert await response.read() != expected


async def test_signed_link_works_in_a_browser_until_it_expires(
    hass: HomeAssistant,
    cloud: SimCloud,
    tmp_path: Path,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    """The link of the response needs no header (what a browser sends) for 24 h, then 401;
    a link whose signature was altered or that names another file is refused."""
    hass.config.config_dir = str(tmp_path)
    entry = await setup_entry(hass, cloud, complete=True)
    url = await export(hass, entry.entry_id)
    expected = zip_file(tmp_path, entry.entry_id, url).read_bytes()
    browser = await hass_client_no_auth()

    response = await browser.get(URL(url, encoded=True))
    assert response.status == 200
    assert await response.read() == expected

    path, _, query = url.partition("?")
    other = path.replace(".zip", "0.zip")
    assert (await browser.get(URL(f"{other}?{query}", encoded=True))).status == 401
    assert (await browser.get(URL(f"{url[:-4]}AAAA", encoded=True))).status == 401

    with freeze_time(datetime.now(UTC) + timedelta(hours=23), tick=True, real_asyncio=True):
        assert (await browser.get(URL(url, encoded=True))).status == 200
    with freeze_time(datetime.now(UTC) + timedelta(hours=25), tick=True, real_asyncio=True):
        assert (await browser.get(URL(url, encoded=True))).status == 401


async def test_only_existing_export_zips_of_the_folder_are_served(
    hass: HomeAssistant,
    cloud: SimCloud,
    tmp_path: Path,
    hass_client: ClientSessionGenerator,
) -> None:
    """Traversal (encoded `..` and `/`: Home Assistant's filter answers 400 before our view),
    links out of the folder, other files of the folder (the unzipped export, its log), unknown
    zips and unknown entries answer 404, even with a valid token."""
    hass.config.config_dir = str(tmp_path)
    entry = await setup_entry(hass, cloud, complete=True)
    url = await export(hass, entry.entry_id)
    folder = tmp_path / "anker_solix" / "exports" / entry.entry_id
    name = zip_file(tmp_path, entry.entry_id, url).name
    [unzipped] = [path for path in folder.iterdir() if path.is_dir()]
    secret = tmp_path / "secret_2025-06-04_1200.zip"
    secret.write_bytes(b"PK not an export")
    (folder / "link_2025-06-04_1200.zip").symlink_to(secret)
    (tmp_path / "anker_solix" / "exports" / "secret_2025-06-04_1200.zip").write_bytes(b"PK")
    base = f"/api/{DOMAIN}/exports"
    client = await hass_client()

    assert (await client.get(f"{base}/{entry.entry_id}/{name}")).status == 200
    refused = {
        f"{base}/{entry.entry_id}/..%2F..%2F..%2Fsecret_2025-06-04_1200.zip": 400,
        f"{base}/{entry.entry_id}/%2E%2E%2Fsecret_2025-06-04_1200.zip": 400,
        f"{base}/{entry.entry_id}/..%5C..%5Csecret_2025-06-04_1200.zip": 404,
        f"{base}/%2E%2E/secret_2025-06-04_1200.zip": 400,
        f"{base}/{entry.entry_id}/link_2025-06-04_1200.zip": 404,
        f"{base}/{entry.entry_id}/{unzipped.name}%2Fsite_list.json": 404,
        f"{base}/{entry.entry_id}/{unzipped.name}%2Fexport.log": 404,
        f"{base}/{entry.entry_id}/{unzipped.name}": 404,
        f"{base}/{entry.entry_id}/unknown_2025-06-04_1200.zip": 404,
        f"{base}/01UNKNOWNENTRY/{name}": 404,
        f"{base}/{entry.entry_id}/{name}%00.zip": 404,
    }
    answered = {}
    for path in refused:
        response = await client.get(URL(path, encoded=True))
        answered[path] = response.status
        assert b"PK" not in await response.read()
    assert answered == refused


async def test_the_view_itself_refuses_names_that_leave_the_folder(
    hass: HomeAssistant, tmp_path: Path
) -> None:
    """Without Home Assistant's request filter in front, names that leave the entry folder or are
    not export zips still resolve to nothing; an export zip of the folder resolves to itself."""
    hass.config.config_dir = str(tmp_path)
    folder = tmp_path / "anker_solix" / "exports" / "01ENTRY"
    good = make_zip(folder, "x_2025-06-04_1200.zip", 0.0, time.time())
    assert export_path(hass, "01ENTRY", good.name) == good.resolve()
    for entry_id, name in (
        ("01ENTRY", "../../x_2025-06-04_1200.zip"),
        ("01ENTRY", "..\\x_2025-06-04_1200.zip"),
        ("01ENTRY", "..x_2025-06-04_1200.zip"),
        ("..", "x_2025-06-04_1200.zip"),
        ("01ENTRY/..", "x_2025-06-04_1200.zip"),
        ("01ENTRY", "x_2025-06-04_1200.zip/../../configuration.yaml"),
        ("01ENTRY", "x.json"),
        ("01ENTRY", "/etc/x_2025-06-04_1200.zip"),
    ):
        assert export_path(hass, entry_id, name) is None, (entry_id, name)


def test_retention_keeps_the_newest_three_and_everything_younger_than_a_day(
    tmp_path: Path,
) -> None:
    """Zips older than 24 h beyond the 3 newest are deleted; young ones stay whatever their
    number; other files of the folder stay."""
    now = time.time()
    folder = tmp_path / "entry"
    young = [make_zip(folder, f"a_2025-06-0{i}_1200.zip", i * 3600.0, now) for i in range(1, 5)]
    old = [make_zip(folder, f"b_2025-05-0{i}_1200.zip", (i + 1) * DAY, now) for i in range(1, 4)]
    other = folder / "notes.txt"
    other.write_text("mine")

    assert sorted(prune_entry_exports(folder, now)) == sorted(path.name for path in old)
    assert all(path.is_file() for path in young)
    assert other.is_file()

    only_old = tmp_path / "old"
    kept = [make_zip(only_old, f"c_2025-05-0{i}_1200.zip", (i + 1) * DAY, now) for i in range(1, 6)]
    assert sorted(prune_entry_exports(only_old, now)) == sorted(p.name for p in kept[3:])
    assert sorted(path.name for path in only_old.iterdir()) == sorted(p.name for p in kept[:3])


async def test_an_export_deletes_the_old_zips_of_its_entry(
    hass: HomeAssistant, cloud: SimCloud, tmp_path: Path
) -> None:
    """After an export the entry folder holds the new zip, the zips of the last 24 h and the
    newest older ones up to three zips."""
    hass.config.config_dir = str(tmp_path)
    entry = await setup_entry(hass, cloud, complete=True)
    folder = tmp_path / "anker_solix" / "exports" / entry.entry_id
    now = time.time()
    young = make_zip(folder, "x_2025-06-03_1200.zip", 3600.0, now)
    newest_old = make_zip(folder, "x_2025-06-02_1200.zip", 2 * DAY, now)
    old = [make_zip(folder, f"x_2025-05-0{i}_1200.zip", (10 - i) * DAY, now) for i in range(1, 4)]

    url = await export(hass, entry.entry_id)

    new = zip_file(tmp_path, entry.entry_id, url)
    zips = sorted(path.name for path in folder.glob("*.zip"))
    assert zips == sorted([new.name, young.name, newest_old.name])
    assert not any(path.exists() for path in old)


@pytest.mark.parametrize("scenario", ["sb1_single"])
async def test_setup_deletes_public_exports_and_applies_the_rule(
    hass: HomeAssistant, cloud: SimCloud, tmp_path: Path
) -> None:
    """At setup the public www/anker_solix/exports of earlier releases is deleted (the user's
    other www files stay), folders of removed entries are deleted and the retention rule runs
    in the folders of existing entries."""
    hass.config.config_dir = str(tmp_path)
    now = time.time()
    legacy = tmp_path / "www" / "anker_solix" / "exports"
    make_zip(legacy, "x_2025-06-04_1200.zip", 60.0, now)
    (legacy / "x").mkdir()
    (legacy / "x" / "site_list.json").write_text("{}")
    own = tmp_path / "www" / "picture.png"
    own.write_bytes(b"png")
    root = tmp_path / "anker_solix" / "exports"
    removed_entry = make_zip(root / "01REMOVEDENTRY", "y_2025-06-04_1200.zip", 60.0, now)
    other = MockConfigEntry(
        domain=DOMAIN, entry_id="01OTHERENTRY", disabled_by=ConfigEntryDisabler.USER
    )
    other.add_to_hass(hass)
    kept = [
        make_zip(root / other.entry_id, f"z_2025-05-0{i}_1200.zip", i * DAY, now) for i in (2, 3, 4)
    ]
    dropped = make_zip(root / other.entry_id, "z_2025-05-05_1200.zip", 5 * DAY, now)

    await setup_entry(hass, cloud)

    assert not (tmp_path / "www" / "anker_solix").exists()
    assert own.read_bytes() == b"png"
    assert not removed_entry.parent.exists()
    assert all(path.is_file() for path in kept)
    assert not dropped.exists()
