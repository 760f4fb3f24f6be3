"""The app's login (§2.7): two-factor codes and the server lookup, against the simulator."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from custom_components.anker_solix.solixapi import (
    ClientState,
    Endpoint,
    MemoryTokenStore,
    SessionOptions,
    SolixApi,
    SolixTwoFactorRequiredError,
    SolixVerifyCodeError,
)
from custom_components.anker_solix.solixapi.cloud import LOOKUP_URL, server_from_domain
from solixsim import CloudSimulator

from .transport_cloud import Cloud, serve_cloud, simulator

LOGIN = Endpoint.LOGIN
LOOKUP = Endpoint.ESTIMATE_DOMAIN
SITES = Endpoint.GET_SITE_LIST
SHARED_KEY = "c0ffee" + "11" * 29
"""One server key pair for both simulated hosts (the real hosts share theirs too, §1.2)."""


@pytest.fixture
async def cloud(socket_enabled: None) -> AsyncIterator[Cloud]:
    """The scenario's simulator on loopback."""
    async with serve_cloud() as served:
        yield served


@pytest.fixture
async def two_clouds(socket_enabled: None) -> AsyncIterator[tuple[Cloud, Cloud]]:
    """Two simulated hosts of the same account with the same login key."""
    async with (
        serve_cloud(simulator(SHARED_KEY)) as first,
        serve_cloud(simulator(SHARED_KEY)) as second,
    ):
        yield first, second


@pytest.mark.parametrize("transport", ["auto", "encrypted"])
async def test_two_factor_login(cloud: Cloud, transport: str) -> None:
    """A code is asked for; a wrong one is refused without a new code; the right one logs in."""
    cloud.sim.auth.require_two_factor = True
    store = MemoryTokenStore()
    session = cloud.session(transport, token_store=store)
    with pytest.raises(SolixTwoFactorRequiredError) as asked:
        await session.login()
    assert asked.value.destination == "t***@e***"
    assert session.transport_info["awaiting_code"] is True
    code = cloud.sim.auth.two_factor_code
    assert code is not None
    # The limited token does not read.
    assert session.login_info is None

    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    with pytest.raises(SolixVerifyCodeError) as refused:
        await session.login(verify_code=wrong)
    assert refused.value.code == 26050
    assert not isinstance(refused.value, SolixTwoFactorRequiredError)
    assert cloud.sim.auth.codes_sent == 1
    assert cloud.sim.auth.two_factor_code == code

    await session.login(verify_code=code)
    await SolixApi(session).get_site_list()
    assert session.transport == ("encrypted" if transport == "encrypted" else "plain")
    assert ClientState.from_data(await store.load()).app_login is True

    # Later logins go the app's way with the same terminal id: trusted, no new code.
    await session.login()
    again = cloud.session(transport, token_store=store)
    await again.login()
    assert cloud.sim.auth.codes_sent == 1
    assert len(cloud.sim.auth.trusted_terminals) == 1


async def test_code_without_a_pending_login_is_refused(cloud: Cloud) -> None:
    """`login(verify_code=...)` without a login waiting for one sends nothing."""
    session = cloud.session()
    with pytest.raises(SolixVerifyCodeError):
        await session.login(verify_code="123456")
    assert cloud.paths() == []


async def test_too_many_wrong_codes_void_the_code(cloud: Cloud) -> None:
    """The fifth wrong code answers 26053 and the code is gone."""
    cloud.sim.auth.require_two_factor = True
    session = cloud.session("encrypted")
    with pytest.raises(SolixTwoFactorRequiredError):
        await session.login()
    codes = []
    for _ in range(5):
        with pytest.raises(SolixVerifyCodeError) as refused:
            await session.login(verify_code="x")
        codes.append(refused.value.code)
    assert codes == [26050] * 4 + [26053]
    assert cloud.sim.auth.two_factor_code is None


async def test_lookup_sends_a_country_to_the_other_server(two_clouds: tuple[Cloud, Cloud]) -> None:
    """The lookup names the second host for IN: the login and reads go there."""
    first, second = two_clouds
    first.sim.secure.lookup = {"IN": second.url.removeprefix("http://")}
    store = MemoryTokenStore()
    session = first.session(
        options=SessionOptions(request_delay=0, timeout=5.0, server_lookup=True),
        token_store=store,
    )
    session.country = "IN"
    await SolixApi(session).get_site_list()
    assert first.paths() == [LOOKUP]
    assert first.records(LOOKUP)[0].body == {"ab": "IN", "mode": 1}
    assert second.paths() == [LOGIN, SITES]
    assert session.server_url == second.url
    assert ClientState.from_data(await store.load()).server_url == second.url
    assert session.stats.as_dict()  # the lookup is counted like any request

    # Remembered: a new session of the store goes to the second host without asking again.
    again = first.session(
        options=SessionOptions(request_delay=0, timeout=5.0, server_lookup=True),
        token_store=store,
    )
    await SolixApi(again).get_site_list()
    assert first.paths() == [LOOKUP]
    assert second.paths() == [LOGIN, SITES, SITES]


async def test_lookup_of_a_listed_country_stays(cloud: Cloud) -> None:
    """A country the lookup leaves on this host logs in here."""
    session = cloud.session(
        options=SessionOptions(request_delay=0, timeout=5.0, server_lookup=True)
    )
    await SolixApi(session).get_site_list()
    assert cloud.paths() == [LOOKUP, LOGIN, SITES]
    assert session.server_url == cloud.url


async def test_failed_lookup_falls_back(cloud: Cloud, unused_tcp_port: int) -> None:
    """No lookup host: the configured server (or the country table) is used."""
    session = cloud.session(
        options=SessionOptions(request_delay=0, timeout=5.0, server_lookup=True),
        lookup_url=f"http://127.0.0.1:{unused_tcp_port}",
    )
    await SolixApi(session).get_site_list()
    assert cloud.paths() == [LOGIN, SITES]
    assert session.server_url == cloud.url


@pytest.mark.parametrize(
    ("domain", "lookup", "expected"),
    [
        ("ankerpower-api-eu.anker.com", LOOKUP_URL, "https://ankerpower-api-eu.anker.com"),
        ("https://ankerpower-api.anker.com/", LOOKUP_URL, "https://ankerpower-api.anker.com"),
        ("evil.example.com", LOOKUP_URL, None),
        ("http://ankerpower-api.anker.com", LOOKUP_URL, None),
        ("anker.com.evil.example", LOOKUP_URL, None),
        ("host.anker.com/path", LOOKUP_URL, None),
        ("", LOOKUP_URL, None),
        ("127.0.0.1:8080", "http://127.0.0.1:9000", "http://127.0.0.1:8080"),
    ],
)
def test_server_from_domain(domain: str, lookup: str, expected: str | None) -> None:
    """The real lookup may only name https hosts under anker.com; a custom one any host."""
    assert server_from_domain(domain, lookup) == expected


def test_simulator_type() -> None:
    """The fixture module's simulator is the cloud simulator."""
    assert isinstance(simulator(), CloudSimulator)


async def test_code_asked_by_error_code(cloud: Cloud) -> None:
    """Code 26052 (no limited token named): the code goes in with the app's login."""
    cloud.sim.faults.add(LOGIN, code=26052)
    session = cloud.session()
    with pytest.raises(SolixTwoFactorRequiredError):
        await session.login()
    assert session.transport_info["awaiting_code"] is True
    await session.login(verify_code="123456")
    assert cloud.paths() == [LOGIN, Endpoint.KEY_EXCHANGE, LOGIN]
    assert cloud.records(LOGIN)[-1].body["verify_code"] == "***"
    assert session.transport_info["awaiting_code"] is False
