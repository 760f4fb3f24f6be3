"""The files of the development config dir outside ``.storage``.

``configuration.yaml`` (rewritten on every start), the ``custom_components`` link to the
repository, the simulator's fixed private key, and the record of which scenario the dir serves
(switching scenarios starts from a fresh Home Assistant state).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from cryptography.hazmat.primitives.asymmetric import ec

HA_COMPONENTS = (
    "frontend",
    "config",
    "energy",
    "history",
    "logbook",
    "person",
    "search",
    "system_health",
)
"""Loaded instead of ``default_config`` (whose go2rtc, ffmpeg and network discovery fail here).

``frontend`` brings ``api``, ``auth``, ``http``, ``lovelace``, ``onboarding``, ``repairs``,
``websocket_api`` and more as dependencies; ``energy`` brings ``recorder``.
"""

SIM_KEY_FILE = "simulator_private_key"
SCENARIO_FILE = "develop_scenario"
PACKAGES_DIR = "packages"
_STATE_PATTERNS = (".storage", "home-assistant_v2.db*", "home-assistant.log*", ".HA_VERSION")
"""What a scenario switch deletes: Home Assistant's state, never the simulator key or packages."""


def time_zone_for_offset(utc_offset_minutes: int) -> str | None:
    """The fixed-offset IANA zone of a whole-hour site offset (``Etc/GMT-1`` is UTC+1)."""
    hours, rest = divmod(utc_offset_minutes, 60)
    if rest or not -12 <= hours <= 14:
        return None
    if hours == 0:
        return "UTC"
    return f"Etc/GMT{-hours:+d}"


COUNTRY_TIME_ZONES: dict[str, str] = {
    "AT": "Europe/Vienna",
    "BE": "Europe/Brussels",
    "CH": "Europe/Zurich",
    "DE": "Europe/Berlin",
    "DK": "Europe/Copenhagen",
    "ES": "Europe/Madrid",
    "FR": "Europe/Paris",
    "GB": "Europe/London",
    "IE": "Europe/Dublin",
    "IT": "Europe/Rome",
    "NL": "Europe/Amsterdam",
    "PL": "Europe/Warsaw",
    "SE": "Europe/Stockholm",
    "US": "America/New_York",
    "CA": "America/Toronto",
    "JP": "Asia/Tokyo",
    "AU": "Australia/Sydney",
}
"""The usual time zone of a scenario account's country (the capital's, or the most populous)."""


def real_time_zone(country: str, utc_offset_minutes: int) -> str | None:
    """A real zone of the country whose standard or summer time has the site offset.

    ``Europe/Berlin`` for a German site at UTC+1 or UTC+2; the fixed-offset zone (see
    `time_zone_for_offset`) when the country is not listed or its zone never has that offset.
    """
    name = COUNTRY_TIME_ZONES.get(country.upper())
    if name is not None:
        zone = ZoneInfo(name)
        year = datetime.now(UTC).year
        offsets = {datetime(year, month, 15, 12, tzinfo=zone).utcoffset() for month in (1, 7)}
        if timedelta(minutes=utc_offset_minutes) in offsets:
            return name
    return time_zone_for_offset(utc_offset_minutes)


def configuration_yaml(
    *,
    name: str,
    country: str,
    time_zone: str | None,
    port: int,
    components: Sequence[str] = HA_COMPONENTS,
) -> str:
    """The text of ``configuration.yaml``: our components, loopback HTTP, debug logging."""
    core = [
        f"  name: {json.dumps(name)}",
        f"  country: {json.dumps(country)}",
        "  unit_system: metric",
    ]
    if time_zone is not None:
        core.append(f"  time_zone: {json.dumps(time_zone)}")
    core.append(f"  packages: !include_dir_named {PACKAGES_DIR}")
    lines = [
        "# Written by scripts/develop on every start: edits here are lost.",
        f"# Add your own configuration as Home Assistant packages in {PACKAGES_DIR}/*.yaml.",
        "homeassistant:",
        *core,
        "",
        "# Instead of default_config (go2rtc, ffmpeg and network discovery cannot start here).",
        *(f"{component}:" for component in components),
        "",
        "http:",
        "  server_host: 127.0.0.1",
        f"  server_port: {port}",
        "",
        "logger:",
        "  default: warning",
        "  logs:",
        "    custom_components.anker_solix: info",
        "",
    ]
    return "\n".join(lines)


def write_configuration(config_dir: Path, text: str) -> None:
    """Write ``configuration.yaml`` and make sure the packages folder exists."""
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / PACKAGES_DIR).mkdir(exist_ok=True)
    (config_dir / "configuration.yaml").write_text(text, encoding="utf-8")


def link_custom_components(config_dir: Path, source: Path) -> None:
    """Point ``<config>/custom_components`` at the repository's folder (a symlink)."""
    link = config_dir / "custom_components"
    if link.is_symlink() and link.resolve() == source.resolve():
        return
    if link.is_symlink() or link.is_file():
        link.unlink()
    elif link.exists():
        raise FileExistsError(f"{link} is a real folder; move it away to use the repository's")
    link.symlink_to(source.resolve(), target_is_directory=True)


def sim_private_key(config_dir: Path) -> str:
    """The simulator's P-256 private scalar (hex), created once and kept in the config dir.

    A fixed key keeps the public key in the stored config entry valid across restarts.
    """
    path = config_dir / SIM_KEY_FILE
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    scalar = ec.generate_private_key(ec.SECP256R1()).private_numbers().private_value
    key_hex = f"{scalar:064x}"
    config_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key_hex + "\n")
    return key_hex


def switch_scenario(config_dir: Path, scenario: Path) -> bool:
    """Record ``scenario`` as the one this dir serves; returns True when the state was reset.

    When the dir served another scenario before, Home Assistant's state (storage, database,
    logs) is deleted so no devices or entities of the other account linger.
    """
    marker = config_dir / SCENARIO_FILE
    wanted = str(scenario.resolve())
    previous = marker.read_text(encoding="utf-8").strip() if marker.is_file() else None
    reset = previous is not None and previous != wanted
    if reset:
        for pattern in _STATE_PATTERNS:
            for path in config_dir.glob(pattern):
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink()
    config_dir.mkdir(parents=True, exist_ok=True)
    marker.write_text(wanted + "\n", encoding="utf-8")
    return reset
