"""Long-term statistics with history for the Energy dashboard (issue 11).

One job per file: ``series`` (which value → which statistic), ``shape`` (a day's energy over
its hours), ``fetch`` (a balcony system's daily values and curves through the library's backfill
planner, politely), ``fetch_inverter`` (standalone inverters, ``statisticsPv``),
``fetch_statistics`` (X1 and Power Panels, energy statistics), ``importer`` (external statistics
with continued running sums), ``progress`` (stored, resumable state), ``job`` (the backfill and
the hourly refresh of recent days), ``status`` (what the account's history import sensors show),
``action`` (``anker_solix.import_history``).
Nothing here runs without Home Assistant's recorder.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant, callback

from custom_components.anker_solix.const import CONF_MODE, MODE_REPLAY
from custom_components.anker_solix.coordinator import SolixConfigEntry

from .job import HISTORY_JOBS, HistoryJob
from .progress import ProgressStore

__all__ = ["HISTORY_JOBS", "HistoryJob", "async_remove_history", "async_setup_history"]


async def async_setup_history(hass: HomeAssistant, entry: SolixConfigEntry) -> None:
    """Start the entry's history job (not without the recorder, not for example data)."""
    if "recorder" not in hass.config.components or entry.data.get(CONF_MODE) == MODE_REPLAY:
        return  # no recorder, or example data (no real history to keep)
    job = HistoryJob(hass, entry)
    jobs = hass.data.setdefault(HISTORY_JOBS, {})
    jobs[entry.entry_id] = job

    @callback
    def poll_done() -> None:
        job.async_poll_done()

    async def stop() -> None:
        jobs.pop(entry.entry_id, None)
        await job.async_stop()

    entry.async_on_unload(entry.runtime_data.coordinator.async_add_listener(poll_done))
    entry.async_on_unload(stop)
    await job.async_start()


async def async_remove_history(hass: HomeAssistant, entry_id: str) -> None:
    """Forget a removed entry's import progress (its statistics stay with the user)."""
    await ProgressStore(hass, entry_id).async_remove()
