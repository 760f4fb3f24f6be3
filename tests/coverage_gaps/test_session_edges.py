"""Session edges against the simulator: unlisted HTTP statuses, broken login answers, stored
login data that is unusable, and an unknown transport."""

from __future__ import annotations

import pytest

from custom_components.anker_solix.solixapi import (
    Endpoint,
    SessionOptions,
    SolixAuthError,
    SolixRequestError,
)
from custom_components.anker_solix.solixapi.cloud import MemoryTokenStore
from tests.client.conftest import EMAIL, Cloud, cloud

__all__ = ["cloud"]

SITES = Endpoint.GET_SITE_LIST


async def test_unlisted_http_status_is_a_request_error(cloud: Cloud) -> None:
    """An HTTP status the protocol does not list (418) is a request error with that code."""
    session = cloud.session()
    await session.login()
    cloud.sim.faults.add(SITES, status=418, count=1)
    with pytest.raises(SolixRequestError) as err:
        await session.request("POST", SITES)
    assert (err.value.code, err.value.endpoint) == (418, SITES)
    assert cloud.paths().count(SITES) == 1


@pytest.mark.parametrize("field", ["auth_token", "user_id", "token_expires_at"])
async def test_login_answer_without_a_token_is_an_auth_error(cloud: Cloud, field: str) -> None:
    """A login answer lacking the token, user id or expiry fails the login; nothing is kept."""
    session = cloud.session()
    cloud.sim.faults.add(Endpoint.LOGIN, drop=[field], count=1)
    with pytest.raises(SolixAuthError) as err:
        await session.login()
    assert field in str(err.value)
    assert session.login_info is None


async def test_login_answer_without_data_is_an_auth_error(cloud: Cloud) -> None:
    """A successful login envelope whose data is no object fails the login."""
    session = cloud.session()
    cloud.sim.faults.add(Endpoint.LOGIN, mutate=lambda _data: [], count=1)
    with pytest.raises(SolixAuthError):
        await session.login()
    assert session.login_info is None


async def test_unusable_stored_login_is_replaced_by_a_fresh_one(cloud: Cloud) -> None:
    """Stored data of the same account without a token: ignored, one fresh login."""
    store = MemoryTokenStore({"email": EMAIL, "user_id": "someone", "auth_token": ""})
    session = cloud.session(token_store=store)
    await session.request("POST", SITES)
    assert cloud.logins() == 1
    saved = await store.load()
    assert saved is not None
    assert saved["auth_token"]


def test_unknown_transport_is_refused() -> None:
    """Session options name one of the known transports."""
    with pytest.raises(ValueError, match="transport"):
        SessionOptions(transport="carrier-pigeon")
