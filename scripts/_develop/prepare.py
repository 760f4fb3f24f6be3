"""Prepares the config dir of scripts/develop: no onboarding, one account on the simulator."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from homeassistant import config_entries
from homeassistant.const import CONF_EMAIL, CONF_PASSWORD

from custom_components.anker_solix.const import (
    CONF_ACCEPT_TERMS,
    CONF_COUNTRY,
    CONF_SERVER_PUBLIC_KEY,
    CONF_SERVER_URL,
    DEFAULT_OPTIONS,
    DOMAIN,
)
from scripts._develop.haconfig import (
    configuration_yaml,
    link_custom_components,
    real_time_zone,
    write_configuration,
)
from scripts._develop.hastorage import (
    DevUser,
    EntrySpec,
    ensure_user,
    mark_onboarding_done,
    upsert_entry,
)
from solixsim.scenario import ScenarioMeta


@dataclass(frozen=True, kw_only=True)
class SimulatorAccess:
    """Where the simulator runs and how a client logs in to it."""

    url: str
    public_key: str
    account: ScenarioMeta


@dataclass(frozen=True, kw_only=True)
class Prepared:
    """What :func:`prepare_config_dir` did."""

    entry_id: str
    user_created: bool


def flow_versions() -> tuple[int, int]:
    """``VERSION`` and ``MINOR_VERSION`` of the integration's config flow handler."""
    importlib.import_module(f"custom_components.{DOMAIN}.config_flow")
    handler = config_entries.HANDLERS[DOMAIN]
    return handler.VERSION, handler.MINOR_VERSION


def entry_spec(sim: SimulatorAccess, versions: tuple[int, int]) -> EntrySpec:
    """The config entry of the simulator's account, as the config flow would create it."""
    account = sim.account
    return EntrySpec(
        domain=DOMAIN,
        title=account.email,  # as the config flow names an entry
        unique_id=account.user_id,
        data={
            CONF_EMAIL: account.email,
            CONF_PASSWORD: account.password,
            CONF_COUNTRY: account.country,
            CONF_ACCEPT_TERMS: True,
            CONF_SERVER_URL: sim.url,
            CONF_SERVER_PUBLIC_KEY: sim.public_key,
        },
        options=dict(DEFAULT_OPTIONS),
        version=versions[0],
        minor_version=versions[1],
    )


def prepare_config_dir(
    config_dir: Path,
    *,
    custom_components: Path,
    sim: SimulatorAccess,
    user: DevUser,
    http_port: int,
    versions: tuple[int, int],
) -> Prepared:
    """Write everything Home Assistant needs to start ready to use in ``config_dir``."""
    write_configuration(
        config_dir,
        configuration_yaml(
            name="Anker Solix development",
            country=sim.account.country,
            time_zone=real_time_zone(sim.account.country, sim.account.utc_offset_minutes),
            port=http_port,
        ),
    )
    link_custom_components(config_dir, custom_components)
    mark_onboarding_done(config_dir)
    user_created = ensure_user(config_dir, user)
    entry_id = upsert_entry(config_dir, entry_spec(sim, versions))
    return Prepared(entry_id=entry_id, user_created=user_created)
