"""SolixSession pieces that need no server: server choice, header formats, login data."""

from __future__ import annotations

import aiohttp
import pytest

from custom_components.anker_solix.solixapi import (
    API_SERVERS,
    LoginInfo,
    MemoryTokenStore,
    SolixSession,
    server_for_country,
)
from custom_components.anker_solix.solixapi.cloud import format_utc_offset, mask_email

LOGIN_DATA = {
    "user_id": "0123456789abcdef0123456789abcdef01234567",
    "email": "someone@example.com",
    "nick_name": "som***",
    "auth_token": "secret-token-value",
    "token_expires_at": 1_750_604_800,
    "country_code": "DE",
}


@pytest.mark.parametrize(
    ("country", "region"),
    [
        ("DE", "eu"),
        ("de", "eu"),
        ("UK", "eu"),
        ("GB", "eu"),
        ("US", "com"),
        ("au", "com"),
        ("XX", "eu"),
        ("IL", "com"),
    ],
)
def test_server_follows_the_country_lists(country: str, region: str) -> None:
    """com list → com server; EU list and unknown countries → EU server (§1.2)."""
    assert server_for_country(country) == API_SERVERS[region]


async def test_session_picks_server_and_upper_cases_country() -> None:
    """Without server_url the country decides; a custom URL wins (trailing slash dropped)."""
    async with aiohttp.ClientSession() as websession:
        us = SolixSession(websession, "a@example.com", "pw", "us")
        assert us.country == "US"
        assert us.server_url == "https://ankerpower-api.anker.com"
        custom = SolixSession(
            websession, "a@example.com", "pw", "DE", server_url="http://127.0.0.1:8080/"
        )
        assert custom.server_url == "http://127.0.0.1:8080"
        assert custom.user_id is None
        assert custom.nick_name is None


async def test_invalid_server_public_key_fails_at_construction() -> None:
    """A broken key is a configuration error, noticed before any request."""
    async with aiohttp.ClientSession() as websession:
        with pytest.raises(ValueError, match="invalid P-256 public key"):
            SolixSession(websession, "a@example.com", "pw", "DE", server_public_key="04abc")


@pytest.mark.parametrize(
    ("offset", "text"),
    [
        (7200, "GMT+02:00"),
        (0, "GMT+00:00"),
        (-18000, "GMT-05:00"),
        (19800, "GMT+05:30"),
        (-12600, "GMT-03:30"),
    ],
)
def test_timezone_header_format(offset: int, text: str) -> None:
    """`GMT±hh:mm` (§2.5)."""
    assert format_utc_offset(offset) == text


def test_mask_email_hides_the_address() -> None:
    """Only the first letters of both parts remain."""
    assert mask_email("someone@example.com") == "s***@e***"
    assert "someone" not in mask_email("someone@example.com")


def test_login_info_from_data() -> None:
    """Fields of §2.3; gtoken is the MD5 of the user id; secrets are not in the repr."""
    info = LoginInfo.from_data(LOGIN_DATA)
    assert info.user_id == LOGIN_DATA["user_id"]
    assert info.expires_at == 1_750_604_800.0
    assert info.gtoken == "7a3b1efa99183d93e609f37947304db9"
    assert "secret-token-value" not in repr(info)


@pytest.mark.parametrize("missing", ["user_id", "auth_token", "token_expires_at"])
def test_login_info_requires_its_key_fields(missing: str) -> None:
    """Data without user id, token or expiry is rejected."""
    data = {key: value for key, value in LOGIN_DATA.items() if key != missing}
    with pytest.raises(ValueError, match=missing):
        LoginInfo.from_data(data)


async def test_valid_stored_token_is_used_without_network() -> None:
    """ensure_login takes a stored token with more than 60 s left; nothing is sent."""
    store = MemoryTokenStore(LOGIN_DATA)
    async with aiohttp.ClientSession() as websession:
        session = SolixSession(
            websession,
            "Someone@Example.com",
            "pw",
            "DE",
            token_store=store,
            clock=lambda: LOGIN_DATA["token_expires_at"] - 61.0,
        )
        info = await session.ensure_login()
        assert info.auth_token == "secret-token-value"
        assert session.user_id == LOGIN_DATA["user_id"]
        assert session.stats.total.requests == 0
