"""SolixSession retries, error mapping, throttling and byte accounting against the simulator."""

from __future__ import annotations

import pytest

from custom_components.anker_solix.solixapi import (
    Endpoint,
    SessionOptions,
    SolixBusyError,
    SolixConnectionError,
    SolixError,
    SolixPayloadError,
    SolixRateLimitError,
    SolixRequestError,
    SolixServerError,
)

from .conftest import SITE_ID, Cloud
from .fakes import max_in_window

SITES = Endpoint.GET_SITE_LIST
SCENE = Endpoint.GET_SCEN_INFO
UNREAD = Endpoint.GET_MESSAGE_UNREAD
HTML_PAGE = "<html><head><title>503 Service Temporarily Unavailable</title></head></html>"


def retry_waits(cloud: Cloud) -> list[float]:
    """The random 2–5 s retry waits the session asked for (spacing waits are below 1 s)."""
    return [wait for wait in cloud.sleep.waits if wait >= 1.0]


@pytest.mark.parametrize(
    "fault",
    [{"code": 21105}, {"status": 502}, {"status": 504}],
    ids=["busy-21105", "http-502", "http-504"],
)
async def test_transient_fault_is_retried_once_after_a_random_wait(
    cloud: Cloud, fault: dict[str, int]
) -> None:
    """One fault: a 2–5 s wait, one replay, success."""
    session = cloud.session()
    await session.login()
    cloud.sim.faults.add(SITES, count=1, **fault)
    assert (await session.request("POST", SITES))["code"] == 0
    assert cloud.paths().count(SITES) == 2
    [wait] = retry_waits(cloud)
    assert 2.0 <= wait <= 5.0


@pytest.mark.parametrize(
    ("fault", "error", "code"),
    [
        ({"code": 21105}, SolixBusyError, 21105),
        ({"status": 502}, SolixConnectionError, 502),
        ({"status": 504}, SolixConnectionError, 504),
    ],
    ids=["busy-21105", "http-502", "http-504"],
)
async def test_second_transient_fault_raises(
    cloud: Cloud, fault: dict[str, int], error: type[SolixError], code: int
) -> None:
    """Two faults in a row: the mapped error, no third attempt."""
    session = cloud.session()
    cloud.sim.faults.add(SITES, count=2, **fault)
    with pytest.raises(error) as caught:
        await session.request("POST", SITES)
    assert caught.value.code == code
    assert cloud.paths().count(SITES) == 2
    assert len(retry_waits(cloud)) == 1


async def test_timeout_is_retried_once(cloud: Cloud) -> None:
    """A hanging request times out (code 522) and is replayed once."""
    session = cloud.session(options=SessionOptions(request_delay=0.3, timeout=0.3))
    await session.login()
    cloud.sim.faults.add(SITES, timeout=True, hang_seconds=5.0, count=1)
    assert (await session.request("POST", SITES))["code"] == 0
    assert session.stats.endpoints[SITES].requests == 2
    assert session.stats.endpoints[SITES].errors == 1
    assert len(retry_waits(cloud)) == 1


async def test_two_timeouts_raise_a_connection_error(cloud: Cloud) -> None:
    """Timeout twice: SolixConnectionError with the pseudo status 522."""
    session = cloud.session(options=SessionOptions(request_delay=0.3, timeout=0.3))
    await session.login()
    cloud.sim.faults.add(SITES, timeout=True, hang_seconds=5.0, count=2)
    with pytest.raises(SolixConnectionError) as caught:
        await session.request("POST", SITES)
    assert caught.value.code == 522
    assert session.stats.endpoints[SITES].requests == 2


async def test_http_429_waits_for_the_window_and_replays(cloud: Cloud) -> None:
    """A 429 the limiter did not foresee: wait until the oldest request left the window."""
    session = cloud.session()
    await session.login()
    cloud.sim.faults.add(SITES, status=429, count=1)
    started = cloud.sim.clock.now()
    assert (await session.request("POST", SITES))["code"] == 0
    first, second = [record for record in cloud.sim.recorder.records if record.path == SITES]
    assert (first.status, second.status) == (429, 200)
    assert second.ts - first.ts >= 62.0
    assert cloud.sim.clock.now() - started >= 62.0


async def test_persistent_429_raises_rate_limit_error(cloud: Cloud) -> None:
    """429 after the replay: SolixRateLimitError."""
    session = cloud.session()
    cloud.sim.faults.add(SITES, status=429, count=2)
    with pytest.raises(SolixRateLimitError) as caught:
        await session.request("POST", SITES)
    assert caught.value.code == 429
    assert cloud.paths().count(SITES) == 2


async def test_429_without_endpoint_limit_is_not_replayed(cloud: Cloud) -> None:
    """endpoint_limit 0 switches throttling off: the 429 is raised at once (§3.5)."""
    session = cloud.session(options=SessionOptions(request_delay=0.3, endpoint_limit=0))
    cloud.sim.faults.add(SITES, status=429, count=1)
    with pytest.raises(SolixRateLimitError):
        await session.request("POST", SITES)
    assert cloud.paths().count(SITES) == 1


async def test_truncated_body_raises_payload_error(cloud: Cloud) -> None:
    """Half a JSON envelope: SolixPayloadError naming the status, with a short message."""
    session = cloud.session()
    cloud.sim.faults.add(SITES, truncate=True)
    with pytest.raises(SolixPayloadError) as caught:
        await session.request("POST", SITES)
    assert "HTTP 200" in str(caught.value)
    assert len(caught.value.msg) <= 200
    # Half a JSON body may hold ids: the error names its size, never its content.
    assert "{" not in str(caught.value)
    assert "bytes)" in str(caught.value)
    assert cloud.paths().count(SITES) == 1


async def test_html_body_with_status_200_raises_payload_error(cloud: Cloud) -> None:
    """An HTML page where JSON belongs: SolixPayloadError, message capped at 200 characters."""
    session = cloud.session()
    cloud.sim.faults.add(SITES, body="<html>" + "x" * 1000 + "</html>")
    with pytest.raises(SolixPayloadError) as caught:
        await session.request("POST", SITES)
    assert caught.value.code == 200
    assert len(caught.value.msg) == 200
    assert "<html>" in caught.value.msg


async def test_http_503_html_raises_server_error(cloud: Cloud) -> None:
    """HTTP 503 with the gateway's HTML page: SolixServerError, no retry."""
    session = cloud.session()
    cloud.sim.faults.add(SITES, status=503, body=HTML_PAGE)
    with pytest.raises(SolixServerError) as caught:
        await session.request("POST", SITES)
    assert caught.value.code == 503
    assert "Service Temporarily Unavailable" in caught.value.msg
    assert cloud.paths().count(SITES) == 1


async def test_http_400_raises_request_error_with_the_text(cloud: Cloud) -> None:
    """A missing parameter: HTTP 400 with the server's text."""
    session = cloud.session()
    with pytest.raises(SolixRequestError) as caught:
        await session.request("POST", SCENE, {})
    assert caught.value.code == 400
    assert caught.value.msg == 'field "site_id" is not set'


async def test_low_unlisted_code_is_returned_not_raised(cloud: Cloud) -> None:
    """Envelope code -1 ("Failed to request.") comes back to the caller."""
    session = cloud.session()
    cloud.sim.faults.add(SITES, code=-1)
    envelope = await session.request("POST", SITES)
    assert envelope["code"] == -1
    assert envelope["msg"] == "Failed to request."
    assert "data" not in envelope
    assert session.stats.endpoints[SITES].errors == 1


async def test_throttling_keeps_the_simulator_below_its_limit(cloud: Cloud) -> None:
    """25 requests to one endpoint: never a 429 and never more than 10 in any 62 s window."""
    session = cloud.session()
    for _ in range(25):
        assert (await session.request("POST", SITES))["code"] == 0
    records = [record for record in cloud.sim.recorder.records if record.path == SITES]
    assert len(records) == 25
    assert all(record.status == 200 for record in records)
    assert max_in_window([record.ts for record in records], 62.0) == 10
    assert records[-1].ts - records[0].ts >= 2 * 62.0


async def test_stats_match_the_simulator_byte_for_byte(cloud: Cloud) -> None:
    """Requests and bytes per endpoint equal the simulator's own accounting."""
    session = cloud.session()
    cloud.sim.faults.add(SITES, status=401, count=1)
    cloud.sim.faults.add(UNREAD, code=21105, count=1)
    cloud.sim.faults.add(SCENE, code=-1, count=1)
    await session.request("POST", SITES)
    await session.request("GET", UNREAD)
    await session.request("POST", SCENE, {"site_id": SITE_ID})
    server = cloud.sim.recorder.stats()
    client = {
        path: {
            "requests": count.requests,
            "bytes_in": count.bytes_sent,
            "bytes_out": count.bytes_received,
        }
        for path, count in session.stats.endpoints.items()
    }
    assert client == server
    assert server["passport/login"]["requests"] == 2
    assert session.stats.total.requests == len(cloud.sim.recorder.records) == 7
    assert session.stats.requests_last_minute() == 7
