"""Request recorder and the ``/_sim/`` admin API."""

from __future__ import annotations

import json

from tests.sim.helpers import BASE_TS, SITE_ID, SimClient

SITE_LIST = "power_service/v1/site/get_site_list"
SCENE = "power_service/v1/site/get_scen_info"


async def test_recorder_keeps_every_request_with_bytes(client: SimClient) -> None:
    await client.post(SITE_LIST)
    login = await client.login()
    answer = await client.post(SCENE, {"site_id": SITE_ID})
    records = client.sim.recorder.records
    assert [(r.path, r.status) for r in records] == [
        (SITE_LIST, 401),
        ("passport/login", 200),
        (SCENE, 200),
    ]
    assert records[1].body["password"] == "***"
    assert records[1].code == 0
    assert records[0].code is None
    assert "x-auth-token" in records[2].header_names
    assert records[2].bytes_in == len(json.dumps({"site_id": SITE_ID}))
    assert records[2].bytes_out == len(answer.text.encode())
    stats = client.sim.recorder.stats()
    assert stats["passport/login"]["bytes_out"] == len(login.text.encode())
    assert stats[SCENE] == {
        "requests": 1,
        "bytes_in": records[2].bytes_in,
        "bytes_out": records[2].bytes_out,
    }


async def test_admin_stats_and_requests(logged_in: SimClient) -> None:
    await logged_in.post(SITE_LIST)
    async with logged_in.session.get(f"{logged_in.url}/_sim/stats") as response:
        stats = await response.json()
    assert stats[SITE_LIST]["requests"] == 1
    assert stats["passport/login"]["requests"] == 1
    async with logged_in.session.get(f"{logged_in.url}/_sim/requests") as response:
        requests = await response.json()
    assert [entry["path"] for entry in requests] == ["passport/login", SITE_LIST]
    assert requests[0]["body"]["password"] == "***"
    assert "_sim/stats" not in logged_in.sim.recorder.stats()


async def test_admin_clock_get_set_advance(logged_in: SimClient) -> None:
    url = f"{logged_in.url}/_sim/clock"
    async with logged_in.session.get(url) as response:
        state = await response.json()
    assert state == {"now": BASE_TS, "local": "2025-06-04 12:00:00", "manual": True}
    async with logged_in.session.post(url, json={"advance": 90}) as response:
        assert (await response.json())["now"] == BASE_TS + 90
    async with logged_in.session.post(url, json={"set": "2025-06-05T08:30:00+02:00"}) as response:
        assert (await response.json())["local"] == "2025-06-05 08:30:00"
    async with logged_in.session.post(url, json={"set": "2025-06-05 09:00:00"}) as response:
        assert (await response.json())["local"] == "2025-06-05 09:00:00"
    async with logged_in.session.post(url, json={"set": BASE_TS}) as response:
        assert (await response.json())["now"] == BASE_TS
    async with logged_in.session.post(url, json={"jump": 1}) as response:
        assert response.status == 400


async def test_admin_faults_and_token_invalidation(logged_in: SimClient) -> None:
    faults = f"{logged_in.url}/_sim/faults"
    async with logged_in.session.post(faults, json={"endpoint": SITE_LIST, "code": 21105}) as r:
        assert (await r.json()) == {"armed": 1}
    assert (await logged_in.post(SITE_LIST)).json["code"] == 21105
    async with logged_in.session.post(faults, json={"endpoint": "*", "status": 502, "count": 3}):
        pass
    async with logged_in.session.delete(faults) as response:
        assert (await response.json()) == {"armed": 0}
    async with logged_in.session.post(faults, json={"code": 1}) as response:
        assert response.status == 400
    assert (await logged_in.post(SITE_LIST)).json["code"] == 0
    async with logged_in.session.post(f"{logged_in.url}/_sim/tokens/invalidate", json={}):
        pass
    assert (await logged_in.post(SITE_LIST)).json["code"] == 26084
