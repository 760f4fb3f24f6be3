"""Client objects of an entry, built the same way by the config flow and the setup."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from homeassistant.const import CONF_EMAIL, CONF_PASSWORD
from homeassistant.core import HomeAssistant
from homeassistant.helpers import instance_id
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.util import dt as dt_util

from .const import (
    CONF_COUNTRY,
    CONF_EXAMPLE,
    CONF_MODE,
    CONF_PRESET_KEY,
    CONF_REPLAY_FOLDER,
    CONF_SERVER_PUBLIC_KEY,
    CONF_SERVER_URL,
    DEFAULT_ENDPOINT_LIMIT,
    DEFAULT_REQUEST_DELAY,
    DEFAULT_TIMEOUT,
    MODE_REPLAY,
    OPT_ENDPOINT_LIMIT,
    OPT_REQUEST_DELAY,
    OPT_TIMEOUT,
)
from .solixapi import ReplaySession, SessionOptions, SolixSession, TokenStore

TERMINAL_NAMESPACE = uuid.UUID("6f1d3c1e-2b5a-4c07-9a3e-5d0f7b2c8e41")
"""Namespace of the login's terminal id (derived, so Anker never sees Home Assistant's id)."""

EXAMPLES_DIR = Path(__file__).parent / "examples"
"""The bundled example systems (export folders) of the replay mode."""


def session_options(options: Mapping[str, Any], *, server_lookup: bool = False) -> SessionOptions:
    """The transport settings of the entry options (transport `auto`, §2.7)."""
    return SessionOptions(
        request_delay=float(options.get(OPT_REQUEST_DELAY, DEFAULT_REQUEST_DELAY)),
        timeout=float(options.get(OPT_TIMEOUT, DEFAULT_TIMEOUT)),
        endpoint_limit=int(options.get(OPT_ENDPOINT_LIMIT, DEFAULT_ENDPOINT_LIMIT)),
        server_lookup=server_lookup,
    )


async def async_terminal_id(hass: HomeAssistant) -> str:
    """The stable per-installation terminal id of the app's login (from the instance id)."""
    return str(uuid.uuid5(TERMINAL_NAMESPACE, await instance_id.async_get(hass)))


def home_assistant_utc_offset() -> int:
    """UTC offset (s) of Home Assistant's configured time zone now (not the host's zone)."""
    offset = dt_util.now().utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


def is_replay(data: Mapping[str, Any]) -> bool:
    """Whether entry data describe a replay of example data (no account, no cloud)."""
    return data.get(CONF_MODE) == MODE_REPLAY


def bundled_examples() -> list[str]:
    """Names of the bundled examples, sorted (blocking: reads the folder)."""
    return sorted(path.name for path in EXAMPLES_DIR.iterdir() if path.is_dir())


def replay_folder(data: Mapping[str, Any]) -> Path:
    """The export folder of a replay entry: a bundled example or the user's folder."""
    if example := data.get(CONF_EXAMPLE):
        return EXAMPLES_DIR / str(example)
    return Path(str(data.get(CONF_REPLAY_FOLDER, "")))


def build_session(
    hass: HomeAssistant,
    data: Mapping[str, Any],
    options: Mapping[str, Any],
    token_store: TokenStore,
    *,
    terminal_id: str | None = None,
    server_lookup: bool = False,
    on_transport_switch: Callable[[], None] | None = None,
) -> SolixSession:
    """A session on Home Assistant's shared HTTP client; ValueError for a bad server key.

    The account's local time (login ``time_zone``, ``timezone`` header, account times) is that
    of Home Assistant's configured time zone, taken when the session is built. With
    ``server_lookup`` the first login asks the app's server lookup (a custom server answers it
    itself); its answer is remembered in the token store.
    """
    return SolixSession(
        async_get_clientsession(hass),
        data[CONF_EMAIL],
        data[CONF_PASSWORD],
        data[CONF_COUNTRY],
        server_url=data.get(CONF_SERVER_URL) or None,
        server_public_key=data.get(CONF_SERVER_PUBLIC_KEY) or None,
        token_store=token_store,
        options=session_options(options, server_lookup=server_lookup),
        utc_offset_seconds=home_assistant_utc_offset(),
        preset_key=data.get(CONF_PRESET_KEY) or None,
        terminal_id=terminal_id,
        on_transport_switch=on_transport_switch,
    )


async def async_build_session(
    hass: HomeAssistant,
    data: Mapping[str, Any],
    options: Mapping[str, Any],
    token_store: TokenStore,
    *,
    on_transport_switch: Callable[[], None] | None = None,
) -> SolixSession:
    """The entry's session: a replay of its folder (read in the executor) or the cloud's.

    A replay has no login, no token store and no pacing; FileNotFoundError if its folder is gone.
    It is presented as current: its dates move by whole days to the day before now at most, the
    time of day (and so every schedule slot and value) stays as recorded.
    """
    if not is_replay(data):
        return build_session(
            hass,
            data,
            options,
            token_store,
            terminal_id=await async_terminal_id(hass),
            on_transport_switch=on_transport_switch,
        )
    offset = home_assistant_utc_offset()
    folder = replay_folder(data)
    now = dt_util.utcnow().timestamp()
    return await hass.async_add_executor_job(
        lambda: ReplaySession(folder, utc_offset_seconds=offset, present_at=now)
    )
