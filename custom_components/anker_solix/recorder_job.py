"""Database work in the recorder's thread pool that Home Assistant's stop waits for.

At shutdown the recorder closes its database connection (final write stage) without waiting
for the jobs still running in its thread pool, and a query on a closing SQLite connection
crashes the whole process. Home Assistant cancels background tasks such as the history import
when it stops, but does not wait for cancelled tasks. So the jobs started here are tracked:
the stop event waits for the running ones (the stop stage waits for its listeners), a
cancelled caller waits for its own job, and no job starts once Home Assistant is stopping.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers.recorder import get_instance
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN

_JOBS: HassKey[set[asyncio.Future[Any]]] = HassKey(f"{DOMAIN}_recorder_jobs")


async def async_recorder_job[T](hass: HomeAssistant, target: Callable[..., T], *args: Any) -> T:
    """Run ``target(*args)`` in the recorder's pool; on cancellation wait until it ended.

    Raises :class:`asyncio.CancelledError` once Home Assistant is stopping.
    """
    if hass.is_stopping:
        raise asyncio.CancelledError("Home Assistant is stopping")
    jobs = _running_jobs(hass)
    job = get_instance(hass).async_add_executor_job(target, *args)
    jobs.add(job)
    job.add_done_callback(jobs.discard)
    try:
        return await asyncio.shield(job)
    except asyncio.CancelledError:
        await asyncio.wait([job])  # the thread cannot be stopped: let its query finish
        if not job.cancelled():
            job.exception()  # retrieved: a failure of an abandoned job is not logged
        raise


def _running_jobs(hass: HomeAssistant) -> set[asyncio.Future[Any]]:
    """The running jobs; the first call makes Home Assistant's stop wait for them."""
    jobs = hass.data.get(_JOBS)
    if jobs is None:
        jobs = hass.data[_JOBS] = set()

        async def wait_for_jobs(_event: Event) -> None:
            if jobs:
                await asyncio.wait(list(jobs))

        hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, wait_for_jobs)
    return jobs
