"""Form schemas and the login check shared by the config and options flows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import voluptuous as vol
from homeassistant.const import CONF_EMAIL, CONF_PASSWORD
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import section
from homeassistant.helpers import selector

from .cleanup import async_find_shared_entry
from .const import (
    CONF_ACCEPT_TERMS,
    CONF_COUNTRY,
    CONF_SERVER_PUBLIC_KEY,
    CONF_SERVER_URL,
    LOGGER,
)
from .session_factory import build_session
from .solixapi import (
    COM_COUNTRIES,
    EU_COUNTRIES,
    MemoryTokenStore,
    SolixApi,
    SolixAuthError,
    SolixError,
    SolixLoginLockedError,
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

SECTION_CUSTOM_SERVER = "custom_server"
"""The collapsed form section with the custom cloud server (developers: our simulator)."""
SERVER_KEYS = (CONF_SERVER_URL, CONF_SERVER_PUBLIC_KEY)


class LoginCheckError(Exception):
    """The login check failed; `key` is the translated error of the form."""

    def __init__(self, key: str) -> None:
        """Keep the error key."""
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class AccountCheck:
    """What a successful login check found out about the account."""

    user_id: str
    home_country: str
    identifiers: frozenset[str]
    """Site ids and serials of bound devices (empty: no systems on this server)."""
    login_data: dict[str, Any]


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
        vol.Schema(
            {
                vol.Optional(CONF_SERVER_URL): URL_SELECTOR,
                vol.Optional(CONF_SERVER_PUBLIC_KEY): selector.TextSelector(),
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


async def async_check_login(hass: HomeAssistant, data: Mapping[str, Any]) -> AccountCheck:
    """Log in afresh and list the account's systems; raise `LoginCheckError` with the error key."""
    if bool(data.get(CONF_SERVER_URL)) != bool(data.get(CONF_SERVER_PUBLIC_KEY)):
        # A custom server needs both; half of it would send the login to the wrong place.
        raise LoginCheckError("invalid_server")
    store = MemoryTokenStore()
    try:
        session = build_session(hass, data, {}, store)
    except ValueError as err:
        raise LoginCheckError("invalid_server") from err
    try:
        login = await session.login()
        api = SolixApi(session)
        sites = await api.get_site_list()
        bound = await api.get_bind_devices()
    except SolixLoginLockedError as err:
        raise LoginCheckError("login_locked") from err
    except SolixAuthError as err:
        raise LoginCheckError("invalid_auth") from err
    except SolixError as err:
        raise LoginCheckError("cannot_connect") from err
    except Exception as err:
        LOGGER.exception("Unexpected error while checking the Anker account")
        raise LoginCheckError("unknown") from err
    identifiers = {
        str(site["site_id"])
        for site in sites.get("site_list") or []
        if isinstance(site, dict) and site.get("site_id")
    } | {
        str(device["device_sn"])
        for device in bound.get("data") or []
        if isinstance(device, dict) and device.get("device_sn")
    }
    return AccountCheck(
        user_id=login.user_id,
        home_country=login.country_code,
        identifiers=frozenset(identifiers),
        login_data=await store.load() or {},
    )
