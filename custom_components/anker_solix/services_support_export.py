"""The `export_systems` action: the library exporter under `www`, progress as a notification.

The exporter sends its own requests through the entry's session (the rate limiter paces them
between the regular polls) and reads the coordinator's current data as a copy, so polling and
the entities keep working during an export. One export per entry runs at a time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

from homeassistant.components import persistent_notification
from homeassistant.core import HomeAssistant, ServiceResponse, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers.translation import async_get_translations

from .const import DOMAIN, LOGGER
from .coordinator import SolixConfigEntry
from .solixapi import ExportProgress, SolixError, SolixExporter

EXPORT_URL_BASE: Final = "/local/anker_solix/exports"
_RUNNING_KEY: Final = f"{DOMAIN}_exports_running"


def export_dir(hass: HomeAssistant) -> Path:
    """Folder of the exports (served by Home Assistant under `/local/anker_solix/exports`)."""
    return Path(hass.config.path("www", "anker_solix", "exports"))


def notification_id(entry: SolixConfigEntry) -> str:
    """Id of the persistent notification that shows an export's progress."""
    return f"{DOMAIN}_export_{entry.entry_id}"


async def _messages(hass: HomeAssistant) -> dict[str, str]:
    """The translated notification texts (`exceptions` category, language of the instance)."""
    strings = await async_get_translations(hass, hass.config.language, "exceptions", [DOMAIN])
    prefix = f"component.{DOMAIN}.exceptions."
    return {
        key: strings.get(f"{prefix}{key}.message", "")
        for key in ("export_progress", "export_done", "export_title")
    }


async def async_export_systems(hass: HomeAssistant, entry: SolixConfigEntry) -> ServiceResponse:
    """Run one export of the entry's account; returns `{"export_filename": url, ...}`."""
    running: set[str] = hass.data.setdefault(_RUNNING_KEY, set())
    if entry.entry_id in running:
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="export_running")
    running.add(entry.entry_id)
    try:
        return await _run(hass, entry)
    finally:
        running.discard(entry.entry_id)


async def _run(hass: HomeAssistant, entry: SolixConfigEntry) -> dict[str, Any]:
    runtime = entry.runtime_data
    texts = await _messages(hass)
    note_id = notification_id(entry)

    @callback
    def progress(step: ExportProgress) -> None:
        message = texts["export_progress"].format(
            stage=step.stage, step=step.step, steps=step.steps, requests=step.requests
        )
        persistent_notification.async_create(hass, message, texts["export_title"], note_id)

    exporter = SolixExporter(
        runtime.api,
        export_dir(hass),
        progress=progress,
        snapshot=runtime.coordinator.data,
    )
    try:
        result = await exporter.run()
    except (SolixError, OSError) as err:
        LOGGER.debug("Export failed: %s", type(err).__name__)
        persistent_notification.async_dismiss(hass, note_id)
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="export_failed",
            translation_placeholders={"error": type(err).__name__},
        ) from err
    url = f"{EXPORT_URL_BASE}/{quote(result.zip_path.name)}"
    message = texts["export_done"].format(url=url, files=len(result.files))
    persistent_notification.async_create(hass, message, texts["export_title"], note_id)
    return {
        "export_filename": url,
        "files": len(result.files),
        "skipped": len(result.skipped),
        "failed": len(result.failed),
    }
