"""Form schemas and the login check shared by the config and options flows."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import voluptuous as vol
from homeassistant.const import CONF_EMAIL, CONF_PASSWORD
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import section
from homeassistant.helpers import selector, translation

from .cleanup import async_find_shared_entry
from .const import (
    CONF_ACCEPT_TERMS,
    CONF_COUNTRY,
    CONF_EXAMPLE,
    CONF_MODE,
    CONF_PRESET_KEY,
    CONF_REPLAY_FOLDER,
    CONF_SERVER_PUBLIC_KEY,
    CONF_SERVER_URL,
    CONF_VERIFY_CODE,
    DOMAIN,
    LOGGER,
    MODE_REPLAY,
)
from .session_factory import async_build_session, async_terminal_id, build_session
from .solixapi import (
    COM_COUNTRIES,
    EU_COUNTRIES,
    MemoryTokenStore,
    SolixApi,
    SolixAuthError,
    SolixError,
    SolixLoginLockedError,
    SolixSession,
    SolixTwoFactorRequiredError,
    SolixVerifyCodeError,
    is_export_folder,
)

EMAIL_SELECTOR = selector.TextSelector(
    selector.TextSelectorConfig(type=selector.TextSelectorType.EMAIL, autocomplete="username")
)
PASSWORD_SELECTOR = selector.TextSelector(
    selector.TextSelectorConfig(
        type=selector.TextSelectorType.PASSWORD, autocomplete="current-password"
    )
)
URL_SELECTOR = selector.TextSelector(
    selector.TextSelectorConfig(type=selector.TextSelectorType.URL)
)
CODE_SELECTOR = selector.TextSelector(
    selector.TextSelectorConfig(type=selector.TextSelectorType.TEXT, autocomplete="one-time-code")
)
EXPIRED_CODE_ERRORS = frozenset({26051, 26053})
"""Verification codes that are gone (expired, too many attempts): a new login sends a new one."""

SECTION_CUSTOM_SERVER = "custom_server"
"""The collapsed form section with the custom cloud server (developers: our simulator)."""
SERVER_KEYS = (CONF_SERVER_URL, CONF_SERVER_PUBLIC_KEY, CONF_PRESET_KEY)


class LoginCheckError(Exception):
    """The login check failed; `key` is the translated error of the form."""

    def __init__(self, key: str) -> None:
        """Keep the error key."""
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class PendingLogin:
    """A login waiting for its two-factor code: the same session must send the code."""

    session: SolixSession
    store: MemoryTokenStore


class TwoFactorPendingError(LoginCheckError):
    """The cloud sent a two-factor code; the flow asks for it (no new login meanwhile)."""

    def __init__(self, pending: PendingLogin) -> None:
        """Keep the waiting login."""
        super().__init__("two_factor")
        self.pending = pending


@dataclass(frozen=True)
class AccountCheck:
    """What a successful login check found out about the account."""

    user_id: str
    home_country: str
    identifiers: frozenset[str]
    """Site ids and serials of bound devices (empty: no systems on this server)."""
    login_data: dict[str, Any]


def account_identifiers(sites: Mapping[str, Any], bound: Mapping[str, Any]) -> set[str]:
    """Site ids of the site list and serials of the bound devices (registry identifiers)."""
    return {
        str(site["site_id"])
        for site in sites.get("site_list") or []
        if isinstance(site, dict) and site.get("site_id")
    } | {
        str(device["device_sn"])
        for device in bound.get("data") or []
        if isinstance(device, dict) and device.get("device_sn")
    }


async def async_replay_identifiers(hass: HomeAssistant, data: Mapping[str, Any]) -> set[str]:
    """The site ids and serials an example entry of `data` would show (read from its folder)."""
    session = await async_build_session(hass, data, {}, MemoryTokenStore())
    api = SolixApi(session)
    try:
        sites = await api.get_site_list()
    except SolixError:
        sites = {}
    try:
        bound = await api.get_bind_devices()
    except SolixError:
        bound = {}
    return account_identifiers(sites, bound)


async def async_example_title(hass: HomeAssistant, choice: ReplayChoice) -> str:
    """The entry title of a choice: "Example: <translated name>" for a bundled example."""
    name = choice.data.get(CONF_EXAMPLE)
    if not name:
        return choice.title
    language = hass.config.language
    prefix = f"component.{DOMAIN}"
    labels = await translation.async_get_translations(hass, language, "selector", {DOMAIN})
    texts = await translation.async_get_translations(hass, language, "exceptions", {DOMAIN})
    label = labels.get(f"{prefix}.selector.{CONF_EXAMPLE}.options.{name}") or str(name)
    template = texts.get(f"{prefix}.exceptions.example_entry_title.message") or "{example}"
    return template.replace("{example}", label)


def credentials_schema(country: str, *, terms: bool = False) -> vol.Schema:
    """E-mail, password, country (plus the terms when asked) and the custom server section."""
    fields: dict[Any, Any] = {
        vol.Required(CONF_EMAIL): EMAIL_SELECTOR,
        vol.Required(CONF_PASSWORD): PASSWORD_SELECTOR,
        vol.Required(CONF_COUNTRY, default=country): selector.CountrySelector(),
    }
    if terms:
        fields[vol.Required(CONF_ACCEPT_TERMS, default=False)] = selector.BooleanSelector()
    # A new section each time: Home Assistant 2025 fills suggested values into it in place.
    fields[vol.Required(SECTION_CUSTOM_SERVER)] = section(
        vol.Schema(  # type: ignore[arg-type,unused-ignore]
            {
                vol.Optional(CONF_SERVER_URL): URL_SELECTOR,
                vol.Optional(CONF_SERVER_PUBLIC_KEY): selector.TextSelector(),
                vol.Optional(CONF_PRESET_KEY): selector.TextSelector(),
            }
        ),
        {"collapsed": True},
    )
    return vol.Schema(fields)


def flatten_form_input(user_input: Mapping[str, Any]) -> dict[str, Any]:
    """The credentials form's values as entry data: the custom server section flattened.

    Empty values are left out, so an entry of the real Anker cloud has no server keys.
    """
    data = {
        key: value
        for key, value in user_input.items()
        if key != SECTION_CUSTOM_SERVER and value not in (None, "")
    }
    server = user_input.get(SECTION_CUSTOM_SERVER) or {}
    for key in SERVER_KEYS:
        if value := str(server.get(key) or "").strip():
            data[key] = value
    return data


def form_suggestions(data: Mapping[str, Any]) -> dict[str, Any]:
    """Suggested values of the credentials form from entry data (the server in its section)."""
    suggestions = {key: value for key, value in data.items() if key not in SERVER_KEYS}
    suggestions[SECTION_CUSTOM_SERVER] = {key: data[key] for key in SERVER_KEYS if key in data}
    return suggestions


def code_schema() -> vol.Schema:
    """The two-factor code form."""
    return vol.Schema({vol.Required(CONF_VERIFY_CODE): CODE_SELECTOR})


def other_region_countries(country: str) -> list[str]:
    """The countries served by the other cloud server than the one `country` uses."""
    return sorted(EU_COUNTRIES if country.upper() in COM_COUNTRIES else COM_COUNTRIES)


def other_region_schema(country: str, home_country: str) -> vol.Schema:
    """A country of the other server; the account's home country first if it is one."""
    choices = other_region_countries(country)
    default = home_country.upper() if home_country.upper() in choices else choices[0]
    return vol.Schema(
        {
            vol.Required(CONF_COUNTRY, default=default): selector.CountrySelector(
                selector.CountrySelectorConfig(countries=choices)
            )
        }
    )


def shared_entry_title(hass: HomeAssistant, entry_id: str, check: AccountCheck) -> str | None:
    """The title of another entry that already handles one of the account's systems."""
    return async_find_shared_entry(hass, entry_id, set(check.identifiers))


async def async_check_login(
    hass: HomeAssistant,
    data: Mapping[str, Any],
    *,
    pending: PendingLogin | None = None,
    verify_code: str | None = None,
) -> AccountCheck:
    """Log in afresh and list the account's systems; raise `LoginCheckError` with the error key.

    The server comes from the app's lookup (fallback: the country table or the custom server).
    A login that needs a two-factor code raises `TwoFactorPending`; call again with its
    `pending` login and the `verify_code` (the same session sends it: no new code is sent).
    """
    if pending is None:
        pending = await _async_new_login(hass, data)
    session = pending.session
    try:
        login = await session.login(verify_code=verify_code)
        api = SolixApi(session)
        sites = await api.get_site_list()
        bound = await api.get_bind_devices()
    except SolixTwoFactorRequiredError as err:
        raise TwoFactorPendingError(pending) from err
    except SolixVerifyCodeError as err:
        if verify_code is None:
            raise LoginCheckError("invalid_auth") from err
        expired = err.code in EXPIRED_CODE_ERRORS
        raise LoginCheckError("code_expired" if expired else "invalid_code") from err
    except SolixLoginLockedError as err:
        raise LoginCheckError("login_locked") from err
    except SolixAuthError as err:
        raise LoginCheckError("invalid_auth") from err
    except SolixError as err:
        raise LoginCheckError("cannot_connect") from err
    except Exception as err:
        LOGGER.exception("Unexpected error while checking the Anker account")
        raise LoginCheckError("unknown") from err
    identifiers = account_identifiers(sites, bound)
    return AccountCheck(
        user_id=login.user_id,
        home_country=login.country_code,
        identifiers=frozenset(identifiers),
        login_data=await pending.store.load() or {},
    )


async def _async_new_login(hass: HomeAssistant, data: Mapping[str, Any]) -> PendingLogin:
    """A fresh session for a login check; `LoginCheckError` for an unusable custom server."""
    if bool(data.get(CONF_SERVER_URL)) != bool(data.get(CONF_SERVER_PUBLIC_KEY)):
        # A custom server needs both; half of it would send the login to the wrong place.
        raise LoginCheckError("invalid_server")
    store = MemoryTokenStore()
    try:
        session = build_session(
            hass,
            data,
            {},
            store,
            terminal_id=await async_terminal_id(hass),
            server_lookup=True,
        )
    except ValueError as err:
        raise LoginCheckError("invalid_server") from err
    return PendingLogin(session, store)


@dataclass(frozen=True)
class ReplayChoice:
    """A validated choice of example data: entry data, unique id and title."""

    data: dict[str, Any]
    unique_id: str
    title: str


def example_schema(examples: list[str]) -> vol.Schema:
    """A bundled example (select) or the path of an export folder (wins when filled)."""
    return vol.Schema(
        {
            vol.Required(CONF_EXAMPLE, default=examples[0]): selector.SelectSelector(
                selector.SelectSelectorConfig(
                    options=examples,
                    translation_key=CONF_EXAMPLE,
                    mode=selector.SelectSelectorMode.LIST,
                )
            ),
            vol.Optional(CONF_REPLAY_FOLDER): selector.TextSelector(),
        }
    )


def check_replay_choice(hass: HomeAssistant, user_input: Mapping[str, Any]) -> ReplayChoice:
    """The entry of the chosen example or folder; `LoginCheckError` with the error key.

    Blocking (looks at the folder): run it in the executor. A relative path is taken relative
    to Home Assistant's configuration folder.
    """
    text = str(user_input.get(CONF_REPLAY_FOLDER) or "").strip()
    if not text:
        name = str(user_input[CONF_EXAMPLE])
        return ReplayChoice(
            data={CONF_MODE: MODE_REPLAY, CONF_EXAMPLE: name},
            unique_id=f"example_{name}",
            title=name,
        )
    folder = Path(text).expanduser()
    if not folder.is_absolute():
        folder = Path(hass.config.path(text))
    if not folder.is_dir():
        raise LoginCheckError("folder_not_found")
    if not is_export_folder(folder):
        raise LoginCheckError("folder_not_export")
    digest = hashlib.sha1(str(folder.resolve()).encode(), usedforsecurity=False).hexdigest()
    return ReplayChoice(
        data={CONF_MODE: MODE_REPLAY, CONF_REPLAY_FOLDER: str(folder)},
        unique_id=f"replay_{digest[:16]}",
        title=folder.name,
    )
