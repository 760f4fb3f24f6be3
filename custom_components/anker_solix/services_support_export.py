"""The `export_systems` action: the library exporter, progress as a notification, retention.

The exporter sends its own requests through the entry's session (the rate limiter paces them
between the regular polls) and reads the coordinator's current data as a copy, so polling and
the entities keep working during an export. One export per entry runs at a time.

Exports are written to `<config>/anker_solix/exports/<entry_id>/` and downloaded through the
authenticated view of `export_view.py` (the action returns a signed link). Retention, applied
after each export and at setup: a zip is deleted once it is older than `KEEP_YOUNGER` and not one
of the `KEEP_NEWEST` newest zips of its entry; the folders of entries that no longer exist are
deleted. Earlier releases wrote to `<config>/www/anker_solix/exports/`, which Home Assistant
serves without authentication: that folder is deleted at setup.

With ``include_mqtt`` and live data connected, the export also records the live-data messages
of the account's devices for a short window (each device is asked for its status once, no
real-time trigger) and writes them as anonymized capture files (``mqtt_msg_<sn>_<type>.ndjson``);
without a connection it writes the last message of each device and type the session holds.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any, Final

from homeassistant.components import persistent_notification
from homeassistant.core import HomeAssistant, ServiceResponse, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers.translation import async_get_translations

from .const import DOMAIN, LOGGER
from .coordinator import SolixConfigEntry
from .export_view import (
    ZIP_NAME_PATTERN,
    async_signed_export_url,
    entry_export_dir,
    exports_root,
)
from .mqtt_link import link_of
from .solixapi import ExportProgress, MqttCapturedMessage, SolixError, SolixExporter

KEEP_NEWEST: Final = 3
"""Zips of an entry always kept (the newest ones)."""
KEEP_YOUNGER: Final = timedelta(hours=24)
"""Zips younger than this are kept even beyond `KEEP_NEWEST`."""
_RUNNING_KEY: Final = f"{DOMAIN}_exports_running"
CAPTURE_WINDOW: Final = 60.0
"""Longest recording of live-data messages for an export (real seconds)."""
CAPTURE_SETTLE: Final = 20.0
"""The recording ends early once every device has answered and this much time has passed."""


def legacy_export_dir(hass: HomeAssistant) -> Path:
    """The public folder of earlier releases (`/local/anker_solix/exports`), deleted at setup."""
    return Path(hass.config.path("www", DOMAIN, "exports"))


def prune_entry_exports(folder: Path, now: float) -> list[str]:
    """Delete the zips of one entry folder the retention rule lets go; returns their names.

    Blocking I/O. Newest first by modification time (then name); the first `KEEP_NEWEST` and every
    zip younger than `KEEP_YOUNGER` stay. Other files (the unzipped export folder) stay.
    """
    zips = [
        (path.stat().st_mtime, path)
        for path in folder.glob("*.zip")
        if path.is_file() and ZIP_NAME_PATTERN.fullmatch(path.name)
    ]
    zips.sort(key=lambda item: (item[0], item[1].name), reverse=True)
    limit = now - KEEP_YOUNGER.total_seconds()
    removed = []
    for mtime, path in zips[KEEP_NEWEST:]:
        if mtime < limit:
            path.unlink(missing_ok=True)
            removed.append(path.name)
    return removed


def clean_up_exports(root: Path, legacy: Path, entry_ids: set[str], now: float) -> list[str]:
    """Setup cleanup (blocking I/O): the public legacy folder, folders of removed entries, and
    the retention rule in every other entry folder. Returns what was deleted, for the log."""
    removed = []
    if legacy.is_dir():
        shutil.rmtree(legacy, ignore_errors=True)
        removed.append(str(legacy))
        parent = legacy.parent
        if parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
    if root.is_dir():
        for folder in sorted(root.iterdir()):
            if not folder.is_dir():
                continue
            if folder.name not in entry_ids:
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder.name)
                continue
            removed += [f"{folder.name}/{name}" for name in prune_entry_exports(folder, now)]
    return removed


async def async_clean_up_exports(hass: HomeAssistant) -> None:
    """Delete the legacy public exports and the exports the retention rule lets go."""
    entry_ids = {entry.entry_id for entry in hass.config_entries.async_entries(DOMAIN)}
    try:
        removed = await hass.async_add_executor_job(
            clean_up_exports, exports_root(hass), legacy_export_dir(hass), entry_ids, time.time()
        )
    except OSError as err:
        LOGGER.warning("Could not clean up old exports: %s", err)
        return
    if removed:
        LOGGER.debug("Deleted old exports: %s", ", ".join(removed))


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


async def async_export_systems(
    hass: HomeAssistant, entry: SolixConfigEntry, *, include_mqtt: bool = False
) -> ServiceResponse:
    """Run one export of the entry's account; returns `{"export_filename": url, ...}`."""
    running: set[str] = hass.data.setdefault(_RUNNING_KEY, set())
    if entry.entry_id in running:
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="export_running")
    running.add(entry.entry_id)
    try:
        return await _run(hass, entry, include_mqtt)
    finally:
        running.discard(entry.entry_id)


def _mqtt_capture(entry: SolixConfigEntry) -> Any:
    """The exporter's capture source: a recording while connected, else the held messages
    (None while live data is off: the export then has no capture files)."""
    link = link_of(entry.runtime_data.coordinator)
    session = link.session if link is not None else None
    if session is None:
        return None

    async def capture() -> Sequence[MqttCapturedMessage]:
        if session.connected:
            return await session.capture(CAPTURE_WINDOW, settle=CAPTURE_SETTLE)
        return session.recorder.last_messages()

    return capture


async def _run(hass: HomeAssistant, entry: SolixConfigEntry, include_mqtt: bool) -> dict[str, Any]:
    runtime = entry.runtime_data
    texts = await _messages(hass)
    note_id = notification_id(entry)

    @callback
    def progress(step: ExportProgress) -> None:
        message = texts["export_progress"].format(
            stage=step.stage, step=step.step, steps=step.steps, requests=step.requests
        )
        persistent_notification.async_create(hass, message, texts["export_title"], note_id)

    folder = entry_export_dir(hass, entry.entry_id)
    exporter = SolixExporter(
        runtime.api,
        folder,
        progress=progress,
        snapshot=runtime.coordinator.data,
        mqtt_capture=_mqtt_capture(entry) if include_mqtt else None,
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
    try:
        await hass.async_add_executor_job(prune_entry_exports, folder, time.time())
    except OSError as err:
        LOGGER.warning("Could not delete old exports: %s", err)
    url = async_signed_export_url(hass, entry.entry_id, result.zip_path.name)
    message = texts["export_done"].format(url=url, files=len(result.files))
    persistent_notification.async_create(hass, message, texts["export_title"], note_id)
    return {
        "export_filename": url,
        "files": len(result.files),
        "skipped": len(result.skipped),
        "failed": len(result.failed),
        "mqtt_files": len(result.captures),
    }
