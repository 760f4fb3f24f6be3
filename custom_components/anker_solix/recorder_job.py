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
from dataclasses import dataclass, field
from typing import Any

from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers.recorder import get_instance
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN


@dataclass
class _Jobs:
    """The running jobs of one Home Assistant; ``stopped`` from its stop event on for good
    (its state is ``not_running`` again at the end of a stop that timed out, while the
    recorder may still be closing)."""

    running: set[asyncio.Future[Any]] = field(default_factory=set)
    stopped: bool = False


_JOBS: HassKey[_Jobs] = HassKey(f"{DOMAIN}_recorder_jobs")


async def async_recorder_job[T](hass: HomeAssistant, target: Callable[..., T], *args: Any) -> T:
    """Run ``target(*args)`` in the recorder's pool; on cancellation wait until it ended.

    Raises :class:`asyncio.CancelledError` once Home Assistant is stopping.
    """
    jobs = _jobs(hass)
    if hass.is_stopping or jobs.stopped:
        raise asyncio.CancelledError("Home Assistant is stopping")
    job = get_instance(hass).async_add_executor_job(target, *args)
    jobs.running.add(job)
    job.add_done_callback(jobs.running.discard)
    try:
        return await asyncio.shield(job)
    except asyncio.CancelledError:
        await asyncio.wait([job])  # the thread cannot be stopped: let its query finish
        if not job.cancelled():
            job.exception()  # retrieved: a failure of an abandoned job is not logged
        raise


def _jobs(hass: HomeAssistant) -> _Jobs:
    """The jobs of ``hass``; the first call makes Home Assistant's stop wait for them."""
    if (found := hass.data.get(_JOBS)) is not None:
        return found
    jobs = hass.data[_JOBS] = _Jobs()

    async def wait_for_jobs(_event: Event) -> None:
        jobs.stopped = True
        if jobs.running:
            await asyncio.wait(list(jobs.running))

    hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, wait_for_jobs)
    return jobs
