"""The server lookup's answers that fall back to the country table (served on loopback)."""

from __future__ import annotations

import pytest
from aiohttp import ClientSession, web

from custom_components.anker_solix.solixapi.cloud import RequestStats, estimate_server


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (200, '{"code":0,"msg":"ok","data":{"domain":"127.0.0.1:9"}}', "http://127.0.0.1:9"),
        (503, "<html>busy</html>", None),
        (200, "not json", None),
        (200, "[1, 2]", None),
        (200, '{"code":10000,"msg":"Failed to request."}', None),
        (200, '{"code":0,"msg":"ok","data":{"domain":5}}', None),
        (200, '{"code":0,"msg":"ok","data":null}', None),
        (200, '{"code":0,"msg":"ok","data":{"domain":"ftp://127.0.0.1:9"}}', None),
    ],
)
async def test_lookup_answers(
    socket_enabled: None, unused_tcp_port: int, status: int, body: str, expected: str | None
) -> None:
    """Only a success envelope naming a usable host counts; each lookup is counted."""
    seen: list[dict[str, object]] = []

    async def answer(request: web.Request) -> web.Response:
        seen.append(await request.json())
        return web.Response(status=status, text=body)

    app = web.Application()
    app.router.add_post("/passport/estimate_domain", answer)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", unused_tcp_port).start()
    stats = RequestStats(lambda: 0.0)
    try:
        async with ClientSession() as http:
            url = f"http://127.0.0.1:{unused_tcp_port}"
            assert await estimate_server(http, " in ", lookup_url=url, stats=stats) == expected
    finally:
        await runner.cleanup()
    assert seen == [{"ab": "IN", "mode": 1}]
    assert stats.as_dict()["total"]["requests"] == 1
