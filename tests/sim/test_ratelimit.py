"""Server-side rate limit (§3.6): HTTP 429 after 12 requests per endpoint in 60 s."""

from __future__ import annotations

from tests.sim.conftest import ClientFactory
from tests.sim.helpers import SimClient

SITE_LIST = "power_service/v1/site/get_site_list"
RULES = "power_service/v1/site/get_site_rules"
LIMIT_BODY = {"error_msg": "Request too soon. Your actions have been recorded."}


async def test_thirteenth_request_in_a_minute_is_429(logged_in: SimClient) -> None:
    statuses = [(await logged_in.post(SITE_LIST)).status for _ in range(12)]
    assert statuses == [200] * 12
    limited = await logged_in.post(SITE_LIST)
    assert limited.status == 429
    assert limited.json == LIMIT_BODY
    assert (await logged_in.post(RULES)).status == 200


async def test_limit_recovers_when_the_clock_moves_on(logged_in: SimClient) -> None:
    for _ in range(12):
        await logged_in.post(SITE_LIST)
    logged_in.sim.clock.advance(59)
    assert (await logged_in.post(SITE_LIST)).status == 429
    logged_in.sim.clock.advance(2)
    assert (await logged_in.post(SITE_LIST)).status == 200


async def test_rate_limit_zero_is_off(make_client: ClientFactory) -> None:
    client = await make_client(rate_limit=0)
    await client.login()
    statuses = {(await client.post(SITE_LIST)).status for _ in range(20)}
    assert statuses == {200}
