"""Login (§2.1-2.3): crypto, data fields, wrong passwords, lockout, client key errors."""

from __future__ import annotations

import hashlib
from pathlib import Path

from solixsim import CloudSimulator, SimClock
from tests.sim.helpers import BASE_TS, COMMON_HEADERS, EMAIL, USER_ID, SimClient

LOGIN = "passport/login"


async def test_login_returns_token_and_account_fields(client: SimClient) -> None:
    answer = await client.login()
    assert answer.status == 200
    body = answer.json
    assert body["code"] == 0
    assert body["msg"] == "success!"
    data = body["data"]
    assert data["user_id"] == USER_ID
    assert data["email"] == EMAIL
    assert data["nick_name"] == "tes***"
    assert data["ab_code"] == "DE"
    assert data["country_code"] == "DE"
    assert data["token_expires_at"] == int(BASE_TS) + 7 * 24 * 3600
    assert data["server_secret_info"] == {"public_key": client.sim.public_key_hex}
    assert data["fa_info"] == {"step": 0, "info": ""}
    assert len(data["auth_token"]) >= 32
    assert len(data["ap_cloud_user_id"]) == 40


async def test_wrong_password_and_unknown_email_answer_26108(client: SimClient) -> None:
    wrong = await client.login(password="not-the-password")
    unknown = await client.login(email="nobody@example.com")
    assert (wrong.status, wrong.json["code"]) == (200, 26108)
    assert (unknown.status, unknown.json["code"]) == (200, 26108)
    assert client.token == ""


async def test_locked_after_five_failures_even_with_right_password(client: SimClient) -> None:
    codes = [(await client.login(password=f"wrong-{n}")).json["code"] for n in range(5)]
    assert codes == [26108] * 5
    locked = await client.login()
    assert locked.json["code"] == 100053
    client.sim.clock.advance(24 * 3600 + 1)
    assert (await client.login()).json["code"] == 0


async def test_missing_or_invalid_client_key_answers_26070(client: SimClient) -> None:
    body = client.login_body()
    body["client_secret_info"] = {"public_key": "04abcd"}
    invalid = await client.request("POST", LOGIN, body, dict(COMMON_HEADERS))
    del body["client_secret_info"]
    missing = await client.request("POST", LOGIN, body, dict(COMMON_HEADERS))
    assert invalid.json["code"] == 26070
    assert missing.json["code"] == 26070


async def test_fixed_private_key_and_overridden_account(scenario: Path) -> None:
    key = "1f" * 32
    first = CloudSimulator.from_scenario(scenario, private_key_hex=key)
    second = CloudSimulator.from_scenario(
        scenario,
        private_key_hex=key,
        clock=SimClock.manual(BASE_TS),
        email="other@example.com",
        password="other-pass",
    )
    assert first.public_key_hex == second.public_key_hex
    assert len(first.public_key_hex) == 130
    assert first.public_key_hex.startswith("04")
    assert second.store.meta.email == "other@example.com"
    assert second.store.meta.password == "other-pass"


async def test_login_ok_yields_working_token(logged_in: SimClient) -> None:
    assert logged_in.headers()["gtoken"] == hashlib.md5(USER_ID.encode()).hexdigest()
    answer = await logged_in.post("power_service/v1/site/get_site_list")
    assert answer.status == 200
    assert answer.json["data"]["site_list"][0]["ms_type"] == 1
