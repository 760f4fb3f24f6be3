"""scripts/develop's config dir: Home Assistant's own loaders accept what it writes.

The files are written to a temporary folder, then fed to Home Assistant's auth manager,
onboarding and config entry store (through the harness's storage mock), so a format drift on
a newer release fails here instead of in front of a developer. Run on both targets, these
tests check the preparation of ``scripts/develop`` (2025.4.4) and ``--ha 2026`` (2026.10.4),
and that each release's develop requirements pin what it sets up. Home Assistant is not started.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from homeassistant import bootstrap, config_entries
from homeassistant.auth import auth_manager_from_config, auth_store
from homeassistant.auth.providers import homeassistant as ha_auth_provider
from homeassistant.components import onboarding, person
from homeassistant.components.onboarding import const as onboarding_const
from homeassistant.const import CONF_EMAIL, CONF_PASSWORD
from homeassistant.const import __version__ as HA_VERSION  # noqa: N812
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component

from custom_components.anker_solix.const import (
    CONF_ACCEPT_TERMS,
    CONF_COUNTRY,
    CONF_SERVER_PUBLIC_KEY,
    CONF_SERVER_URL,
    DOMAIN,
    OPT_UPDATE_INTERVAL,
)
from scripts._develop.haconfig import (
    HA_COMPONENTS,
    real_time_zone,
    sim_private_key,
    switch_scenario,
    time_zone_for_offset,
)
from scripts._develop.hastorage import ONBOARDING_STEPS, STORE_VERSIONS, DevUser
from scripts._develop.launch import banner, scenario_path
from scripts._develop.prepare import Prepared, SimulatorAccess, prepare_config_dir
from solixsim.crypto import ServerKeyPair
from solixsim.scenario import load_meta
from tests.conftest import REPO, SCENARIOS

USER = DevUser(username="dev", password="dev-password", name="Developer")
SCENARIO = SCENARIOS / "sb3_shelly_dynamic"
SIM_URL = "http://127.0.0.1:8765"


def _prepare(config_dir: Path, url: str = SIM_URL, scenario: Path = SCENARIO) -> Prepared:
    """Prepare ``config_dir`` for ``scenario`` with a fresh simulator key."""
    sim = SimulatorAccess(
        url=url, public_key=ServerKeyPair().public_key_hex, account=load_meta(scenario)
    )
    return prepare_config_dir(
        config_dir,
        custom_components=REPO / "custom_components",
        sim=sim,
        user=USER,
        http_port=8123,
        versions=(1, 1),
    )


def _stores(config_dir: Path) -> dict[str, Any]:
    """Every file of ``.storage`` as the harness's storage mock holds it."""
    return {
        path.name: json.loads(path.read_text(encoding="utf-8"))
        for path in (config_dir / ".storage").iterdir()
    }


def test_configuration_yaml_and_custom_components_link(tmp_path: Path) -> None:
    """Our component list on loopback, a real zone of the site's offset, the repository's code."""
    _prepare(tmp_path)
    lines = set((tmp_path / "configuration.yaml").read_text(encoding="utf-8").splitlines())
    assert {"frontend:", "energy:", "history:", "logbook:", "http:"} <= lines
    assert "default_config:" not in lines
    assert {"  server_host: 127.0.0.1", "  server_port: 8123"} <= lines
    assert '  time_zone: "Europe/Berlin"' in lines  # scenario.json: DE, utc_offset_minutes 60
    assert '  country: "DE"' in lines
    assert (tmp_path / "packages").is_dir()
    link = tmp_path / "custom_components"
    assert link.is_symlink()
    assert (link / DOMAIN / "manifest.json").is_file()
    assert link.resolve() == (REPO / "custom_components").resolve()


async def test_home_assistant_loads_user_onboarding_and_entry(
    hass: HomeAssistant, hass_storage: dict[str, Any], tmp_path: Path
) -> None:
    """The user logs in, onboarding is done and the entry points at the simulator."""
    prepared = _prepare(tmp_path)
    assert prepared.user_created
    hass_storage.update(_stores(tmp_path))

    auth = await auth_manager_from_config(hass, [{"type": "homeassistant"}], [])
    provider = auth.auth_providers[0]
    await provider.async_validate_login(USER.username, USER.password)  # raises when wrong
    users = [user for user in await auth.async_get_users() if not user.system_generated]
    assert [(user.name, user.is_owner, user.is_admin) for user in users] == [
        ("Developer", True, True)
    ]
    credentials = await provider.async_get_or_create_credentials({"username": USER.username})
    assert not credentials.is_new
    assert credentials.data == {"username": USER.username}

    assert await async_setup_component(hass, onboarding.DOMAIN, {})
    assert onboarding.async_is_onboarded(hass)

    entries = config_entries.ConfigEntries(hass, {})
    await entries.async_initialize()
    [entry] = entries.async_entries(DOMAIN)
    meta = load_meta(SCENARIO)
    assert entry.entry_id == prepared.entry_id
    assert entry.unique_id == meta.user_id == "02442488c453c9ebf2b6fdbabb37e4d1a531d6da"
    assert entry.data[CONF_EMAIL] == "demo@example.com"
    assert entry.data[CONF_PASSWORD] == "demo-password"
    assert entry.data[CONF_COUNTRY] == "DE"
    assert entry.data[CONF_ACCEPT_TERMS] is True
    assert entry.data[CONF_SERVER_URL] == SIM_URL
    assert len(entry.data[CONF_SERVER_PUBLIC_KEY]) == 130
    assert entry.options[OPT_UPDATE_INTERVAL] == 300
    assert entry.disabled_by is None


def test_second_run_keeps_user_and_entry_and_updates_the_url(tmp_path: Path) -> None:
    """Restarts reuse the login and the entry (same id, new simulator URL)."""
    first = _prepare(tmp_path)
    second = _prepare(tmp_path, url="http://127.0.0.1:40123")
    assert not second.user_created
    assert second.entry_id == first.entry_id
    stores = _stores(tmp_path)
    assert len(stores["auth_provider.homeassistant"]["data"]["users"]) == 1
    assert len(stores["person"]["data"]["items"]) == 1
    [entry] = stores["core.config_entries"]["data"]["entries"]
    assert entry["data"][CONF_SERVER_URL] == "http://127.0.0.1:40123"


def test_switching_scenario_resets_state_but_keeps_the_simulator_key(tmp_path: Path) -> None:
    """A new scenario drops Home Assistant's state; the simulator key survives."""
    assert not switch_scenario(tmp_path, SCENARIO)
    key = sim_private_key(tmp_path)
    assert len(key) == 64
    _prepare(tmp_path)
    (tmp_path / "home-assistant_v2.db").write_bytes(b"db")
    assert not switch_scenario(tmp_path, SCENARIO)
    assert (tmp_path / ".storage" / "auth").is_file()

    other = SCENARIOS / "sb1_single"
    assert switch_scenario(tmp_path, other)
    assert not (tmp_path / ".storage").exists()
    assert not (tmp_path / "home-assistant_v2.db").exists()
    assert sim_private_key(tmp_path) == key
    assert _prepare(tmp_path, scenario=other).user_created


@pytest.mark.parametrize(
    ("minutes", "zone"),
    [(60, "Etc/GMT-1"), (0, "UTC"), (-300, "Etc/GMT+5"), (330, None), (840, "Etc/GMT-14")],
)
def test_time_zone_for_offset(minutes: int, zone: str | None) -> None:
    """Whole-hour site offsets map to the fixed-offset zone of the same offset."""
    assert time_zone_for_offset(minutes) == zone


@pytest.mark.parametrize(
    ("country", "minutes", "zone"),
    [
        ("DE", 60, "Europe/Berlin"),
        ("DE", 120, "Europe/Berlin"),
        ("de", 60, "Europe/Berlin"),
        ("US", -300, "America/New_York"),
        ("DE", -300, "Etc/GMT+5"),
        ("XX", 60, "Etc/GMT-1"),
        ("DE", 330, None),
    ],
)
def test_real_time_zone(country: str, minutes: int, zone: str | None) -> None:
    """The country's real zone when its standard or summer time has the site's offset."""
    assert real_time_zone(country, minutes) == zone


def test_every_scenario_gets_a_real_time_zone() -> None:
    """No bundled scenario leaves the develop instance on a fixed-offset ``Etc/`` zone."""
    for folder in sorted(SCENARIOS.iterdir()):
        meta = load_meta(folder)
        zone = real_time_zone(meta.country, meta.utc_offset_minutes)
        assert zone is not None
        assert "/" in zone
        assert not zone.startswith("Etc/"), folder.name


@pytest.mark.parametrize(
    ("key", "version"),
    [
        ("auth", (auth_store.STORAGE_VERSION, 1)),
        ("auth_provider.homeassistant", (ha_auth_provider.STORAGE_VERSION, 1)),
        ("onboarding", (onboarding.STORAGE_VERSION, 1)),
        ("person", (person.STORAGE_VERSION, 1)),
        (
            config_entries.STORAGE_KEY,
            (config_entries.STORAGE_VERSION, config_entries.STORAGE_VERSION_MINOR),
        ),
    ],
)
def test_store_versions_are_those_of_the_running_release(
    key: str, version: tuple[int, int]
) -> None:
    """Every store is written in the version this release writes (no migration, no downgrade)."""
    assert STORE_VERSIONS[key] == version
    assert list(ONBOARDING_STEPS) == list(onboarding_const.STEPS)


_NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)$")
NATIVE_BUILDS = {"assist_pipeline"}
"""Components whose requirements have no Python 3.14 wheels (``in_chroot.sh`` builds them)."""


def _normalized(name: str) -> str:
    """A distribution name in PEP 503 form."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(lines: list[str]) -> dict[str, str]:
    """``name==version`` requirement lines as {normalized name: version}."""
    pins: dict[str, str] = {}
    for line in lines:
        match = _NAME.match(line.split("#", 1)[0].split(";", 1)[0].strip())
        if match:
            pins[_normalized(match[1])] = match[2]
    return pins


def _develop_requirements() -> Path:
    """The requirements/develop*.txt that pins the running Home Assistant release."""
    [path] = [
        path
        for path in sorted((REPO / "requirements").glob("develop*.txt"))
        if _pins(path.read_text(encoding="utf-8").splitlines()).get("homeassistant") == HA_VERSION
    ]
    return path


def _set_up_requirements() -> dict[str, str]:
    """Requirements of every component Home Assistant sets up for scripts/develop.

    Its default integrations and our configuration.yaml's, with their dependencies, read from
    the installed manifests; assist_pipeline's native builds left out.
    """
    components = Path(next(iter(importlib.import_module("homeassistant.components").__path__)))
    todo = [*bootstrap.DEFAULT_INTEGRATIONS, *HA_COMPONENTS]
    seen: set[str] = set()
    requirements: list[str] = []
    while todo:
        domain = todo.pop()
        if domain in seen:
            continue
        seen.add(domain)
        manifest = json.loads((components / domain / "manifest.json").read_text(encoding="utf-8"))
        if domain not in NATIVE_BUILDS:
            requirements.extend(manifest.get("requirements", []))
        todo.extend(manifest.get("dependencies", []))
    return _pins(requirements)


def test_develop_requirements_pin_what_the_release_sets_up() -> None:
    """The release's develop file (or Home Assistant itself) pins each set-up requirement.

    So the first start of scripts/develop installs nothing at runtime.
    """
    pinned = _pins(_develop_requirements().read_text(encoding="utf-8").splitlines())
    pinned_by_core = _pins(importlib.metadata.requires("homeassistant") or [])
    wanted = _set_up_requirements()
    assert "home-assistant-frontend" in wanted
    missing = {
        name: version
        for name, version in wanted.items()
        if pinned.get(name, pinned_by_core.get(name)) != version
    }
    assert missing == {}


def _bash(script: str, tree: Path) -> list[str]:
    """Lines printed by ``script`` after sourcing ``tree``'s scripts/_env.sh."""
    result = subprocess.run(
        ["bash", "-c", f'source "{tree}/scripts/_env.sh" && {script}'],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "ANKER_SOLIX_ENVS": str(tree / ".envs")},
        timeout=30,
    )
    return result.stdout.splitlines()


def test_environment_stamps_hash_only_their_own_requirement_files(tmp_path: Path) -> None:
    """A stamp covers its file and the files it includes (``-r``, CRLF, ``--requirement=``)."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(REPO / "scripts" / "_env.sh", tmp_path / "scripts" / "_env.sh")
    requirements = tmp_path / "requirements"
    (requirements / "sub").mkdir(parents=True)
    (requirements / "base.txt").write_text("ruff==1\r\n-r sub/deep.txt\r\n", encoding="utf-8")
    (requirements / "sub" / "deep.txt").write_text("mypy==2", encoding="utf-8")
    (requirements / "test.txt").write_text("pytest==3\n-r base.txt\n", encoding="utf-8")
    (requirements / "other.txt").write_text("--requirement=sub/deep.txt\nx==4\n", encoding="utf-8")

    assert _bash("requirement_files requirements/test.txt", tmp_path) == [
        "requirements/test.txt",
        "requirements/base.txt",
        "requirements/sub/deep.txt",
    ]
    assert _bash("requirement_files requirements/other.txt", tmp_path) == [
        "requirements/other.txt",
        "requirements/sub/deep.txt",
    ]
    contents = b"".join(
        (requirements / name).read_bytes() for name in ("test.txt", "base.txt", "sub/deep.txt")
    )
    [stamp] = _bash("requirements_sha requirements/test.txt", tmp_path)
    assert stamp == hashlib.sha256(contents).hexdigest()
    (requirements / "develop-new.txt").write_text("homeassistant==9\n", encoding="utf-8")
    assert _bash("requirements_sha requirements/test.txt", tmp_path) == [stamp]
    (requirements / "sub" / "deep.txt").write_text("mypy==3", encoding="utf-8")
    assert _bash("requirements_sha requirements/test.txt", tmp_path) != [stamp]


def test_develop_rejects_an_unknown_release(tmp_path: Path) -> None:
    """``--ha`` takes 2025 or 2026; anything else stops before any set-up."""
    result = subprocess.run(
        [str(REPO / "scripts" / "develop"), "--ha", "2024"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "ANKER_SOLIX_ENVS": str(tmp_path)},
        timeout=30,
    )
    assert result.returncode == 2
    assert "unknown release 2024: use --ha 2025 or --ha 2026" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_banner_names_the_config_dir_the_developer_sees() -> None:
    """In the chroot the launcher shows the host's path of the config dir and the simulator log."""
    sim = SimulatorAccess(url=SIM_URL, public_key="04ab", account=load_meta(SCENARIO))
    text = banner(sim, SCENARIO, Path("/home/dev/anker/.envs/develop-config-2026"))
    assert "/home/dev/anker/.envs/develop-config-2026/simulator.log" in text
    assert "Scenario       scenarios/sb3_shelly_dynamic" in text


def test_banner_names_the_scenario_as_the_readme_does() -> None:
    """A scenario that links to a bundled example is shown by its own path, as in README.md."""
    scenario = scenario_path(Path(os.path.relpath(SCENARIO)))
    assert scenario.is_symlink()
    sim = SimulatorAccess(url=SIM_URL, public_key="04ab", account=load_meta(scenario))
    text = banner(sim, scenario, Path("/tmp/config"))
    assert "Scenario       scenarios/sb3_shelly_dynamic\n" in text
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "serves `scenarios/sb3_shelly_dynamic`" in readme
    assert f"Home Assistant {HA_VERSION}: http://127.0.0.1:8123" in text
