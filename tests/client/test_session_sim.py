"""SolixSession against the simulator on loopback: login, token reuse, relogin, errors."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from pathlib import Path

import pytest

from custom_components.anker_solix.solixapi import (
    Endpoint,
    FileTokenStore,
    MemoryTokenStore,
    SessionOptions,
    SolixAuthError,
    SolixInvalidCredentialsError,
    SolixLoginLockedError,
)

from .conftest import EMAIL, PASSWORD, SITE_ID, USER_ID, Cloud
from .fakes import START_TS

SITES = Endpoint.GET_SITE_LIST
UNREAD = Endpoint.GET_MESSAGE_UNREAD
WEEK = 7 * 24 * 3600


async def test_login_round_trip(cloud: Cloud) -> None:
    """Login body and headers follow §2.1/§2.5; later requests carry the token headers."""
    session = cloud.session()
    info = await session.login()
    assert info.user_id == USER_ID
    assert session.user_id == USER_ID
    assert session.nick_name == "tes***"
    assert info.expires_at == int(START_TS) + WEEK
    [record] = cloud.sim.recorder.records
    assert (record.path, record.status, record.code) == ("passport/login", 200, 0)
    body = record.body
    assert body["ab"] == "DE"
    assert body["enc"] == 0
    assert body["email"] == EMAIL
    assert body["time_zone"] == 7_200_000
    assert body["transaction"] == str(int(START_TS * 1000))
    assert len(body["client_secret_info"]["public_key"]) == 130
    assert "gtoken" not in record.header_names
    assert "x-auth-token" not in record.header_names
    login_headers = cloud.sent_headers[0]
    assert login_headers["timezone"] == "GMT+02:00"
    assert login_headers["country"] == "DE"
    assert login_headers["model-type"] == "DESKTOP"

    envelope = await session.request("GET", UNREAD)
    assert envelope["code"] == 0
    assert envelope["data"] == {"has_unread_msg": False, "system_msg": False, "device_msg": False}
    assert cloud.sim.recorder.records[-1].method == "GET"
    headers = cloud.sent_headers[-1]
    assert headers["gtoken"] == hashlib.md5(USER_ID.encode()).hexdigest()
    assert headers["x-auth-token"] == info.auth_token


async def test_request_logs_in_on_demand_and_returns_the_envelope(cloud: Cloud) -> None:
    """The first request logs in by itself; the envelope is returned whole."""
    envelope = await cloud.session().request("POST", SITES, {})
    assert envelope["code"] == 0
    assert envelope["msg"] == "success!"
    assert len(envelope["trace_id"]) == 32
    assert envelope["data"]["site_list"][0]["site_id"] == SITE_ID
    assert cloud.paths() == ["passport/login", SITES]


async def test_concurrent_first_requests_log_in_once(cloud: Cloud) -> None:
    """Parallel requests of a fresh session share one login."""
    session = cloud.session()
    results = await asyncio.gather(*(session.request("POST", SITES) for _ in range(5)))
    assert [result["code"] for result in results] == [0] * 5
    assert cloud.logins() == 1
    assert cloud.paths().count(SITES) == 5


async def test_token_is_reused_from_the_store(cloud: Cloud) -> None:
    """A second session object with the same store sends no login."""
    store = MemoryTokenStore()
    await cloud.session(token_store=store).login()
    envelope = await cloud.session(token_store=store).request("POST", SITES)
    assert envelope["code"] == 0
    assert cloud.paths() == ["passport/login", SITES]


async def test_stored_token_of_another_account_is_ignored(cloud: Cloud) -> None:
    """A store holding another e-mail's login data leads to a login of our own."""
    store = MemoryTokenStore(
        {
            "user_id": USER_ID,
            "email": "other@example.com",
            "auth_token": "foreign-token",
            "token_expires_at": int(START_TS) + WEEK,
        }
    )
    session = cloud.session(token_store=store)
    assert (await session.request("POST", SITES))["code"] == 0
    assert cloud.paths() == ["passport/login", SITES]
    assert (await store.load() or {})["email"] == EMAIL


async def test_token_is_shared_through_a_file(cloud: Cloud, tmp_path: Path) -> None:
    """FileTokenStore: a restarted client reuses the token; a relogin elsewhere is picked up."""
    path = tmp_path / "auth" / "account.json"
    first = cloud.session(token_store=FileTokenStore(path))
    second = cloud.session(token_store=FileTokenStore(path))
    await first.login()
    assert (await second.request("POST", SITES))["code"] == 0
    assert cloud.logins() == 1
    await first.login()  # new token written to the file
    assert (await second.request("POST", SITES))["code"] == 0
    assert cloud.logins() == 2
    assert second.login_info is not None
    assert first.login_info is not None
    assert second.login_info.auth_token == first.login_info.auth_token


async def test_expired_token_triggers_a_silent_relogin(cloud: Cloud) -> None:
    """Less than 60 s left: a new login before the request, no 401 seen."""
    session = cloud.session()
    await session.request("POST", SITES)
    cloud.sim.clock.advance(WEEK - 30)
    assert (await session.request("POST", SITES))["code"] == 0
    assert cloud.paths() == ["passport/login", SITES, "passport/login", SITES]
    assert all(record.status == 200 for record in cloud.sim.recorder.records)


async def test_http_401_relogs_in_and_replays_once(cloud: Cloud) -> None:
    """One 401: fresh login, the request is replayed and succeeds."""
    session = cloud.session()
    await session.login()
    cloud.sim.faults.add(SITES, status=401, count=1)
    assert (await session.request("POST", SITES))["code"] == 0
    assert cloud.paths() == ["passport/login", SITES, "passport/login", SITES]
    assert [record.status for record in cloud.sim.recorder.records] == [200, 401, 200, 200]


async def test_persistent_401_raises_after_one_relogin(cloud: Cloud) -> None:
    """401 again after the relogin: SolixAuthError, at most two logins in total."""
    session = cloud.session()
    cloud.sim.faults.add(SITES, status=401, count=10)
    with pytest.raises(SolixAuthError) as caught:
        await session.request("POST", SITES)
    assert caught.value.code == 401
    assert caught.value.endpoint == SITES
    assert cloud.logins() == 2
    assert cloud.paths().count(SITES) == 2


async def test_kicked_out_token_26084_relogs_in(cloud: Cloud) -> None:
    """Envelope 26084 (token kicked out) is answered with one relogin and a replay."""
    session = cloud.session()
    await session.login()
    cloud.sim.invalidate_tokens(26084)
    assert (await session.request("POST", SITES))["code"] == 0
    assert [record.code for record in cloud.sim.recorder.records] == [0, 26084, 0, 0]
    assert cloud.logins() == 2


async def test_wrong_password_raises_invalid_credentials_without_retry(cloud: Cloud) -> None:
    """26108: no retry, no relogin loop."""
    session = cloud.session(password="wrong-password")
    with pytest.raises(SolixInvalidCredentialsError) as caught:
        await session.request("POST", SITES)
    assert caught.value.code == 26108
    assert cloud.paths() == ["passport/login"]
    assert session.login_info is None


async def test_too_many_failed_logins_lock_the_account(cloud: Cloud) -> None:
    """After five wrong passwords the simulator locks the login: 100053."""
    for _ in range(5):
        with pytest.raises(SolixInvalidCredentialsError):
            await cloud.session(password="wrong-password").login()
    with pytest.raises(SolixLoginLockedError) as caught:
        await cloud.session().login()
    assert caught.value.code == 100053
    assert cloud.logins() == 6


async def test_secrets_never_reach_the_log(cloud: Cloud, caplog: pytest.LogCaptureFixture) -> None:
    """Password, e-mail and token stay out of debug logs, error texts and reprs."""
    caplog.set_level(logging.DEBUG)
    session = cloud.session()
    cloud.sim.faults.add(SITES, status=401, count=1)
    await session.request("POST", SITES)
    info = session.login_info
    assert info is not None
    assert "Logging in" in caplog.text
    for secret in (PASSWORD, EMAIL, info.auth_token):
        assert secret not in caplog.text
    assert info.auth_token not in repr(info)
    assert info.gtoken not in repr(info)


async def test_update_options_takes_effect(cloud: Cloud) -> None:
    """New options are used by the following requests."""
    session = cloud.session()
    session.update_options(SessionOptions(request_delay=5.0, timeout=2.0, endpoint_limit=10))
    await session.request("POST", SITES)
    await session.request("POST", SITES)
    login, first, second = cloud.sim.recorder.records
    assert first.ts - login.ts == pytest.approx(5.0)
    assert second.ts - first.ts == pytest.approx(5.0)
    assert session.options.request_delay == 5.0


async def test_failing_relogin_raises_without_looping(cloud: Cloud) -> None:
    """401, then the relogin itself is refused: the login's error, two logins in total."""
    session = cloud.session()
    await session.login()
    cloud.sim.faults.add(SITES, status=401, count=5)
    cloud.sim.faults.add("passport/login", code=26108, count=5)
    with pytest.raises(SolixInvalidCredentialsError):
        await session.request("POST", SITES)
    assert cloud.paths() == ["passport/login", SITES, "passport/login"]
    assert session.login_info is None
