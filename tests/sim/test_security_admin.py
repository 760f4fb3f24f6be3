"""The simulator's §2.7 switches through its admin API, and the gateway refusals they cause."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from solixsim import CloudSimulator
from tests.client.transport_cloud import simulator

SECURITY = "/_sim/security"
SITES = "power_service/v1/site/get_site_list"


@pytest.fixture
async def served(socket_enabled: None) -> AsyncIterator[tuple[CloudSimulator, str]]:
    """The simulator on loopback."""
    sim = simulator()
    async with sim.serve() as url:
        yield sim, url


async def test_switches_and_code_through_the_admin_api(
    served: tuple[CloudSimulator, str],
) -> None:
    """GET shows the switches; POST sets them; unusable values change nothing."""
    sim, url = served
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{url}{SECURITY}") as response:
            state = await response.json()
        assert state["require_encrypted"] is False
        assert state["two_factor_code"] is None
        body = {"require_encrypted": True, "require_two_factor": True, "lookup": {"in": "h:1"}}
        async with http.post(f"{url}{SECURITY}", json=body) as response:
            assert response.status == 200
        assert sim.secure.require_encrypted
        assert sim.auth.require_two_factor
        assert sim.secure.lookup == {"IN": "h:1"}
        for bad in ({"require_encrypted": "yes"}, {"lookup": ["x"]}, {"preset_key": "12"}):
            async with http.post(f"{url}{SECURITY}", json=bad) as response:
                assert response.status == 400
        assert sim.secure.require_encrypted is True
        async with http.post(f"{url}{SECURITY}", json={"preset_key": "ab" * 16}) as response:
            assert (await response.json())["require_encrypted"] is True
        assert sim.secure.preset_key_hex == "ab" * 16
        headers = {"content-type": "application/json"}
        async with http.post(f"{url}/{SITES}", data="{}", headers=headers) as response:
            assert response.status == 403  # plain refused


async def test_terminal_header_on_a_read_is_a_token_error(
    served: tuple[CloudSimulator, str],
) -> None:
    """The login-only terminal id on another request answers 401 (the gateway's rule)."""
    _sim, url = served
    async with aiohttp.ClientSession() as http:
        headers = {"x-terminal-id": "t"}
        async with http.post(f"{url}/{SITES}", data="{}", headers=headers) as response:
            assert response.status == 401
            assert await response.text() == "401 token error"


async def test_lookup_answers_its_own_host_or_the_table(
    served: tuple[CloudSimulator, str],
) -> None:
    """estimate_domain: the table's host for a listed country, else the simulator's own."""
    sim, url = served
    sim.secure.lookup = {"IN": "other:1"}
    async with aiohttp.ClientSession() as http:
        for country, domain in (("in", "other:1"), ("DE", url.removeprefix("http://"))):
            body = {"ab": country, "mode": 1}
            async with http.post(f"{url}/passport/estimate_domain", json=body) as response:
                assert (await response.json())["data"] == {"domain": domain}
        async with http.post(f"{url}/passport/estimate_domain", json={}) as response:
            assert response.status == 400
