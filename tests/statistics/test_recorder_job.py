"""A cancelled task never leaves its database job running (the recorder then closes the
connection under it at shutdown: a segmentation fault seen once at a test's teardown)."""

from __future__ import annotations

import asyncio
import threading

import pytest
from homeassistant.const import EVENT_HOMEASSISTANT_FINAL_WRITE
from homeassistant.core import CoreState, Event, HomeAssistant, callback

from custom_components.anker_solix.recorder_job import async_recorder_job

LOOKS = 20
"""Loop passes the cancelled task gets while its job is still held (no timing asserted)."""


async def test_a_cancelled_task_ends_after_its_job(hass: HomeAssistant) -> None:
    release, started = threading.Event(), threading.Event()
    finished: list[str] = []

    def held_query() -> str:
        started.set()
        release.wait()
        finished.append("query")
        return "rows"

    task = hass.async_create_background_task(
        async_recorder_job(hass, held_query), "held query", eager_start=True
    )
    await hass.async_add_executor_job(started.wait)
    task.cancel()
    for _ in range(LOOKS):
        await asyncio.sleep(0)
    assert not task.done()  # still waiting for the query in the recorder's thread
    release.set()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert finished == ["query"]


async def test_the_job_result_and_error_pass_through(hass: HomeAssistant) -> None:
    assert await async_recorder_job(hass, sum, [1, 2, 3]) == 6

    def broken() -> None:
        raise ValueError("no table")

    with pytest.raises(ValueError, match="no table"):
        await async_recorder_job(hass, broken)


async def test_home_assistant_stops_only_after_the_job(hass: HomeAssistant) -> None:
    """Stopping cancels the background task; the recorder closes only after its query."""
    release, started = threading.Event(), threading.Event()
    finished: list[str] = []

    def held_query() -> None:
        started.set()
        release.wait()
        finished.append("query")

    @callback
    def final_write(_event: Event) -> None:  # the recorder closes its database after this
        done_at_final_write.append(list(finished))

    done_at_final_write: list[list[str]] = []
    hass.bus.async_listen_once(EVENT_HOMEASSISTANT_FINAL_WRITE, final_write)
    hass.async_create_background_task(
        async_recorder_job(hass, held_query), "held query", eager_start=True
    )
    await hass.async_add_executor_job(started.wait)
    stopping = hass.async_create_task(hass.async_stop())
    for _ in range(LOOKS):
        await asyncio.sleep(0)
    release.set()
    await stopping
    assert done_at_final_write == [["query"]]


async def test_no_job_starts_once_home_assistant_is_stopping(hass: HomeAssistant) -> None:
    ran: list[str] = []
    hass.set_state(CoreState.stopping)
    try:
        with pytest.raises(asyncio.CancelledError):
            await async_recorder_job(hass, ran.append, "query")
    finally:
        hass.set_state(CoreState.running)
    assert ran == []
