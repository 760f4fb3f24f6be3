"""The encrypted transport (§2.7) end to end: our session against the simulator on loopback.

Plain, encrypted from the start, auto switching mid-session (no lost or doubled write), the
remembered switch, new key exchanges, refused keys, and no secret in the log.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

import pytest

from custom_components.anker_solix.solixapi import (
    ClientState,
    Endpoint,
    MemoryTokenStore,
    SolixApi,
    SolixAuthError,
    SolixPayloadError,
)

from .transport_cloud import Cloud, serve_cloud

LOGIN = Endpoint.LOGIN
EXCHANGE = Endpoint.KEY_EXCHANGE
SITES = Endpoint.GET_SITE_LIST
GET_UPGRADE = Endpoint.GET_AUTO_UPGRADE
SET_UPGRADE = Endpoint.SET_AUTO_UPGRADE


@pytest.fixture
async def cloud(socket_enabled: None) -> AsyncIterator[Cloud]:
    """The scenario's simulator on loopback."""
    async with serve_cloud() as served:
        yield served


async def test_plain_by_default(cloud: Cloud) -> None:
    """auto starts plain: no key exchange, JSON bodies, the plain login's headers."""
    session = cloud.session()
    await SolixApi(session).get_site_list()
    assert session.transport == "plain"
    assert cloud.paths() == [LOGIN, SITES]
    assert all("x-encryption-info" not in headers for _path, headers in cloud.sent)
    assert cloud.sent[0][1]["model-type"] == "DESKTOP"
    assert cloud.sim.secure.handshakes == 0


async def test_encrypted_from_the_start(cloud: Cloud) -> None:
    """Key exchange, the app's login, sealed bodies and answers with the same data as plain."""
    plain = await SolixApi(cloud.session("plain")).get_site_list()
    cloud.sim.recorder.records.clear()
    cloud.sent.clear()
    session = cloud.session("encrypted")
    sites = await SolixApi(session).get_site_list()
    assert sites == plain
    assert session.transport == "encrypted"
    assert cloud.paths() == [EXCHANGE, LOGIN, SITES]
    assert [r.status for r in cloud.records()] == [200, 200, 200]
    login_headers, read_headers = cloud.sent[1][1], cloud.sent[2][1]
    for headers in (login_headers, read_headers):
        assert headers["x-encryption-info"] == "algo_ecdh"
        assert headers["content-type"] == "text/plain"
        assert len(headers["x-signature"]) == 64
    assert login_headers["x-terminal-id"] == login_headers["openudid"]
    assert login_headers["model-type"] == "PHONE"
    assert "x-terminal-id" not in read_headers
    assert "openudid" not in read_headers
    assert read_headers["x-request-once"] != login_headers["x-request-once"]
    # The simulator opened the sealed login body: the app's fields, the password masked.
    body = cloud.records(LOGIN)[0].body
    assert body["email"] == cloud.sim.store.meta.email
    assert body["verify_code"] == "***"
    assert body["password"] == "***"


async def test_wrong_preset_key_is_refused(cloud: Cloud) -> None:
    """A handshake signed with another preset key gets 403 from the gateway."""
    session = cloud.session("encrypted", preset_key="00" * 16)
    with pytest.raises(SolixAuthError) as err:
        await session.login()
    assert err.value.code == 403
    assert cloud.paths() == [EXCHANGE]
    assert cloud.sim.auth.tokens == {}


async def test_auto_switch_mid_session_keeps_every_write_once(cloud: Cloud) -> None:
    """Plain refused from one moment on: the write is replayed once encrypted, polling goes on."""
    store = MemoryTokenStore()
    switches: list[str] = []
    session = cloud.session(token_store=store, on_transport_switch=lambda: switches.append("x"))
    api = SolixApi(session)
    before = await api.get_auto_upgrade()
    assert before["main_switch"] is True
    cloud.sim.secure.require_encrypted = True

    await api.set_auto_upgrade(False)

    writes = cloud.records(SET_UPGRADE)
    assert [(r.status, r.code) for r in writes] == [(403, None), (200, 0)]
    assert (await api.get_auto_upgrade())["main_switch"] is False
    assert session.transport == "encrypted"
    assert switches == ["x"]
    assert cloud.paths()[2:] == [SET_UPGRADE, LOGIN, EXCHANGE, LOGIN, SET_UPGRADE, GET_UPGRADE]
    assert [r.status for r in cloud.records(LOGIN)] == [200, 403, 200]
    state = ClientState.from_data(await store.load())
    assert (state.transport, state.switched) == ("encrypted", True)
    assert session.transport_info["switched_by_cloud"] is True

    # Polling goes on; a new session of the same store starts encrypted (no plain attempt).
    cloud.sim.recorder.records.clear()
    again = cloud.session(token_store=store, on_transport_switch=lambda: switches.append("y"))
    await SolixApi(again).get_site_list()
    assert cloud.paths() == [EXCHANGE, SITES]
    assert switches == ["x", "y"]


async def test_forced_plain_never_switches(cloud: Cloud) -> None:
    """transport=plain: a cloud refusing plain is an authorization error."""
    cloud.sim.secure.require_encrypted = True
    session = cloud.session("plain")
    with pytest.raises(SolixAuthError) as err:
        await SolixApi(session).get_site_list()
    assert err.value.code == 403
    assert EXCHANGE not in cloud.paths()


async def test_a_single_403_stays_a_token_matter(cloud: Cloud) -> None:
    """One 403 on a plain read: relogin and replay, still plain."""
    session = cloud.session()
    cloud.sim.faults.add(SITES, status=403, count=1)
    await SolixApi(session).get_site_list()
    assert session.transport == "plain"
    assert cloud.paths() == [LOGIN, SITES, LOGIN, SITES]


async def test_new_key_exchange_when_the_cloud_forgets_the_key(cloud: Cloud) -> None:
    """An unknown key ident answers 401: new key exchange and login, the read is replayed."""
    session = cloud.session("encrypted")
    api = SolixApi(session)
    await api.get_site_list()
    cloud.sim.secure.forget_sessions()
    await api.get_site_list()
    assert cloud.paths() == [EXCHANGE, LOGIN, SITES, SITES, EXCHANGE, LOGIN, SITES]
    assert cloud.sim.secure.handshakes == 2


async def test_an_answer_that_does_not_decrypt(cloud: Cloud) -> None:
    """Not replayed (it may have been processed); the next request makes a new key exchange."""
    session = cloud.session("encrypted")
    api = SolixApi(session)
    await api.get_site_list()
    garbage = '{"code":0,"msg":"success!","data":"AAECAwQFBgcICQoLDA0OD3T5j91JnOIZ+Ls+NJmcpsw="}'
    cloud.sim.faults.add(SITES, body=garbage, count=1)
    with pytest.raises(SolixPayloadError):
        await api.get_site_list()
    await api.get_site_list()
    assert cloud.paths()[3:] == [SITES, EXCHANGE, SITES]


async def test_secrets_stay_out_of_the_log(cloud: Cloud, caplog: pytest.LogCaptureFixture) -> None:
    """Preset key, session key, signatures, tokens and codes never reach the log."""
    caplog.set_level(logging.DEBUG)
    cloud.sim.auth.require_two_factor = True
    session = cloud.session("encrypted")
    with contextlib.suppress(SolixAuthError):
        await session.login()
    code = cloud.sim.auth.two_factor_code
    assert code is not None
    await session.login(verify_code=code)
    await SolixApi(session).get_site_list()
    cloud.sim.secure.require_encrypted = True
    text = caplog.text
    secrets = [cloud.sim.secure.preset_key_hex, code, session.login_info.auth_token]  # type: ignore[union-attr]
    secrets += [key.hex() for key in cloud.sim.secure.sessions.values()]
    secrets += [headers["x-signature"] for _path, headers in cloud.sent if "x-signature" in headers]
    secrets += [
        headers["x-terminal-id"] for _path, headers in cloud.sent if "x-terminal-id" in headers
    ]
    assert "Key exchange done" in text
    for secret in secrets:
        assert secret not in text


async def test_unusable_key_exchange_answer(cloud: Cloud, monkeypatch: pytest.MonkeyPatch) -> None:
    """A key exchange answer without a server key the preset key opens: a payload error."""
    from solixsim.reply import SimReply

    monkeypatch.setattr(
        cloud.sim.secure, "_handshake", lambda *_: SimReply(data={"server_public_key": "junk"})
    )
    session = cloud.session("encrypted")
    with pytest.raises(SolixPayloadError) as err:
        await session.login()
    assert err.value.endpoint == EXCHANGE
    assert cloud.paths() == [EXCHANGE]


async def test_given_terminal_id_goes_with_the_login_only(cloud: Cloud) -> None:
    """An installation's own terminal id is sent as openudid and x-terminal-id on the login."""
    session = cloud.session("encrypted", terminal_id="install-1")
    await SolixApi(session).get_site_list()
    login_headers = cloud.sent[1][1]
    assert (login_headers["x-terminal-id"], login_headers["openudid"]) == ("install-1", "install-1")
    assert "x-terminal-id" not in cloud.sent[2][1]
