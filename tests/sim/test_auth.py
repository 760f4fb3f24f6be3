"""Token and header checks (§2.5, §2.6): 400 for missing headers, 401, expiry, kick-out."""

from __future__ import annotations

import pytest

from tests.sim.helpers import SimClient

SITE_LIST = "power_service/v1/site/get_site_list"


@pytest.mark.parametrize(
    "header", ["content-type", "model-type", "app-name", "os-type", "country", "timezone"]
)
async def test_missing_common_header_answers_400_naming_it(
    logged_in: SimClient, header: str
) -> None:
    headers = logged_in.headers()
    del headers[header]
    async with logged_in.session.post(
        f"{logged_in.url}/{SITE_LIST}",
        data=b"{}",
        headers=headers,
        skip_auto_headers=["Content-Type"],
    ) as response:
        status, text = response.status, await response.text()
    assert status == 400
    assert f'"{header}"' in text


async def test_without_token_or_with_wrong_gtoken_answers_401(client: SimClient) -> None:
    assert (await client.post(SITE_LIST)).status == 401
    await client.login()
    headers = client.headers()
    headers["gtoken"] = "0" * 32
    assert (await client.request("POST", SITE_LIST, {}, headers)).status == 401
    assert (await client.post(SITE_LIST)).status == 200


async def test_token_expires_by_simulator_clock(logged_in: SimClient) -> None:
    logged_in.sim.clock.advance(7 * 24 * 3600 - 10)
    assert (await logged_in.post(SITE_LIST)).status == 200
    logged_in.sim.clock.advance(20)
    assert (await logged_in.post(SITE_LIST)).status == 401


async def test_invalidated_tokens_answer_26084_until_relogin(logged_in: SimClient) -> None:
    logged_in.sim.invalidate_tokens()
    kicked = await logged_in.post(SITE_LIST)
    assert kicked.status == 200
    assert kicked.json["code"] == 26084
    assert "data" not in kicked.json
    assert (await logged_in.login()).json["code"] == 0
    assert (await logged_in.post(SITE_LIST)).json["code"] == 0


async def test_invalidated_tokens_without_code_answer_401(logged_in: SimClient) -> None:
    logged_in.sim.invalidate_tokens(code=None)
    assert (await logged_in.post(SITE_LIST)).status == 401
