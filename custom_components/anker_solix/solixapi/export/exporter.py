"""Anonymized export of everything the account may read (protocol §9), as a folder and a zip.

`SolixExporter` sends its own read requests through the session (its rate limiter paces them,
so polling keeps working meanwhile), keeps every successful envelope in memory under the §9.1
file name, then anonymizes all of them with one mapping (protocol §9.2), writes the folder
(plus ``api_sites.json`` / ``api_devices.json`` / ``api_account.json`` and ``export.log``) and
zips it. It never touches a poller's caches: the caches come from a snapshot handed in (a copy)
or from a private poller of its own. With `mqtt_capture` (a coroutine giving received MQTT
messages, e.g. `MqttSession.capture`) it also writes one ``mqtt_msg_<sn>_<type>.ndjson`` per
device and message type (MQTT protocol §7.10), anonymized with the same mapping.
"""

from __future__ import annotations

import asyncio
import json
import logging
import zipfile
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Final

from ..cloud.api import SolixApi
from ..common.errors import SolixError, SolixServerError
from ..common.jsonutil import JsonDict
from ..mqtt import CAPTURE_PATTERN, CapturedMessage, ndjson_text
from ..poll.poller import SolixPoller
from .account import export_account, export_inventory
from .anonymize import Anonymizer
from .anonymize_rules import EMAIL, TEXT_KINDS, USER
from .captures import anonymized_capture_files, learn_captures
from .families import (
    FamilyUnavailableError,
    export_hes,
    export_inverters,
    export_power_panels,
)
from .plan import ExportQuery, ExportScope, Fetch
from .sites import export_power_service, export_scenes

_LOGGER = logging.getLogger(__name__)

LOG_FILE: Final = "export.log"
CACHE_FILES: Final = ("api_account", "api_sites", "api_devices")
STAGES: Final = (
    "inventory",
    "sites",
    "account",
    "power_service",
    "inverters",
    "power_panel",
    "hes",
    "mqtt",
    "caches",
    "files",
)
"""Stage keys in their order (progress reports name them; translations use them)."""

Stage = Callable[[Fetch, ExportScope], Awaitable[None]]
_QUERY_STAGES: Final[dict[str, Stage]] = {
    "inventory": export_inventory,
    "sites": export_scenes,
    "account": export_account,
    "power_service": export_power_service,
    "inverters": export_inverters,
    "power_panel": export_power_panels,
    "hes": export_hes,
}
_SERVICE_UNAVAILABLE = 503
MqttCapture = Callable[[], Awaitable[Sequence[CapturedMessage]]]


@dataclass(frozen=True)
class ExportProgress:
    """Where an export is: stage key, its number (1-based) of all, requests and files so far."""

    stage: str
    step: int
    steps: int
    requests: int
    files: int


@dataclass(frozen=True)
class ExportResult:
    """What an export produced (file names are the anonymized ones)."""

    folder: Path
    zip_path: Path
    files: list[str]
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    captures: list[str] = field(default_factory=list)
    """The MQTT capture files (``mqtt_msg_<sn>_<type>.ndjson``), anonymized names."""


def folder_name_for(nick_name: str | None) -> str:
    """Default export folder: the (server-masked) nickname with ``*`` replaced by ``x``."""
    name = (nick_name or "export").replace("*", "x").strip()
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)
    return safe.strip(".") or "export"


class SolixExporter:
    """Reads, anonymizes, writes and zips one export of the session's account."""

    def __init__(
        self,
        api: SolixApi,
        out_dir: Path | str,
        *,
        folder_name: str | None = None,
        progress: Callable[[ExportProgress], None] | None = None,
        snapshot: Mapping[str, Any] | None = None,
        seed: int | str | None = None,
        mqtt_capture: MqttCapture | None = None,
    ) -> None:
        """Prepare an export into ``out_dir/<folder_name>`` (nickname-based by default)."""
        self.api = api
        self.out_dir = Path(out_dir)
        self.folder_name = folder_name
        self.anonymizer = Anonymizer.for_export(seed)
        self._progress = progress
        self._snapshot = json.loads(json.dumps(snapshot, default=str)) if snapshot else None
        self._files: dict[str, JsonDict] = {}
        self._mqtt_capture = mqtt_capture
        self._messages: list[CapturedMessage] = []
        self._log: list[str] = []
        self._skipped: list[str] = []
        self._failed: list[str] = []
        self._requests = 0
        session: Any = api.session
        self._clock: Callable[[], float] = getattr(session, "clock", None) or _utc_now
        self.scope = ExportScope(today=self._local_now().date(), now_ts=self._clock())

    def _local_now(self) -> datetime:
        offset = int(getattr(self.api.session, "utc_offset_seconds", 0) or 0)
        return datetime.fromtimestamp(self._clock(), tz=timezone(timedelta(seconds=offset)))

    def _note(self, text: str, level: int = logging.DEBUG, public: str | None = None) -> None:
        """One line of ``export.log`` (anonymized when written); `public` (no ids) is logged."""
        self._log.append(f"{self._local_now():%Y-%m-%d %H:%M:%S} {text}")
        _LOGGER.log(level, "Export: %s", public if public is not None else text)

    def _report(self, stage: str) -> None:
        if self._progress is not None:
            step = STAGES.index(stage) + 1
            self._progress(
                ExportProgress(stage, step, len(STAGES), self._requests, len(self._files))
            )

    def _allowed(self, query: ExportQuery) -> bool:
        """Owner-only queries only for sites (or, without a site, accounts) the account owns."""
        if not query.owner_only:
            return True
        payload = query.payload
        site = payload.get("site_id") or payload.get("siteId")
        if not site:
            sn = next(
                (payload[k] for k in ("device_sn", "sn", "solarbank_sn") if payload.get(k)), ""
            )
            device = self.scope.devices.get(str(sn))
            site = device.site_id if device else ""
        return self.scope.is_owner(str(site) if site else None)

    async def fetch(self, query: ExportQuery) -> Any:
        """Send one query; keep its envelope; return its ``data`` (None if skipped/failed)."""
        if not self._allowed(query):
            self._skipped.append(query.name)
            self._note(f"{query.name} skipped: owner only", public=f"{query.endpoint} skipped")
            return None
        self._requests += 1
        try:
            envelope = await self.api.raw(query.method, query.endpoint, dict(query.payload))
        except SolixServerError as err:
            self._failed.append(query.name)
            self._note(f"{query.name} failed: code {err.code}", public=f"{query.endpoint} failed")
            if err.code == _SERVICE_UNAVAILABLE:
                raise FamilyUnavailableError(query.endpoint) from err
            return None
        except SolixError as err:
            self._failed.append(query.name)
            self._note(f"{query.name} failed: code {err.code}", public=f"{query.endpoint} failed")
            return None
        if not isinstance(envelope, dict) or envelope.get("code", 0) != 0:
            code = envelope.get("code") if isinstance(envelope, dict) else None
            self._failed.append(query.name)
            self._note(f"{query.name} failed: code {code}", public=f"{query.endpoint} failed")
            return None
        self._files[query.name] = envelope
        self._note(f"{query.name} ok ({query.endpoint})", public=f"{query.endpoint} ok")
        return envelope.get("data")

    async def run(self) -> ExportResult:
        """Run all stages; returns the folder, the zip and the file names."""
        session: Any = self.api.session
        ensure_login = getattr(session, "ensure_login", None)
        if ensure_login is not None:
            await ensure_login()
        self.anonymizer.add_id(getattr(session, "user_id", None), USER)
        self.anonymizer.add_id(getattr(session, "email", None), EMAIL)
        self._note(f"start export at {self._local_now().isoformat()}", logging.INFO)
        for stage, run_stage in _QUERY_STAGES.items():
            self._report(stage)
            try:
                await run_stage(self.fetch, self.scope)
            except FamilyUnavailableError:
                self._note(f"{stage} aborted: service family unavailable (HTTP 503)", logging.INFO)
        self._report("mqtt")
        await self._capture()
        self._report("caches")
        caches = await self._caches()
        self._report("files")
        return await self._write(caches)

    async def _capture(self) -> None:
        """Received MQTT messages for the capture files (none without `mqtt_capture`)."""
        if self._mqtt_capture is None:
            return
        try:
            self._messages = list(await self._mqtt_capture())
        except SolixError as err:
            self._note(f"mqtt capture failed: code {err.code}", logging.INFO)
            return
        devices = len({message.sn for message in self._messages})
        self._note(f"mqtt capture: {len(self._messages)} messages of {devices} devices")

    def _capture_files(self) -> dict[str, str]:
        """The anonymized capture files by name (call after the JSON files learned the ids)."""
        offset = int(getattr(self.api.session, "utc_offset_seconds", 0) or 0)
        learn_captures(self.anonymizer, self._messages)
        files = anonymized_capture_files(self.anonymizer, self._messages, offset)
        return {name: ndjson_text(lines) for name, lines in files.items()}

    async def _caches(self) -> dict[str, Any]:
        """The client caches: the snapshot handed in, or one of a private poller."""
        snapshot = self._snapshot
        if snapshot is None:
            poller = SolixPoller(self.api)
            try:
                await poller.refresh_all()
            except SolixError as err:
                self._note(f"caches incomplete: code {err.code}", logging.INFO)
            snapshot = poller.snapshot()
        return {
            "api_account": snapshot.get("account") or {},
            "api_sites": snapshot.get("sites") or {},
            "api_devices": snapshot.get("devices") or {},
        }

    def _anonymized(self, caches: dict[str, Any]) -> dict[str, Any]:
        """Every file and cache dump anonymized with one mapping, by anonymized file name."""
        anonymizer = self.anonymizer
        for name in sorted(self._files):
            anonymizer.learn(self._files[name])
        for name in CACHE_FILES:
            anonymizer.learn(caches[name], only=TEXT_KINDS)
        result: dict[str, Any] = {}
        for name in sorted(self._files):
            result[anonymizer.redact_text(name)] = anonymizer.redact(self._files[name])
        for name in CACHE_FILES:
            result[name] = anonymizer.redact(caches[name])
        return result

    async def _write(self, caches: dict[str, Any]) -> ExportResult:
        contents = self._anonymized(caches)
        captures = self._capture_files()
        skipped = sorted(self.anonymizer.redact_text(name) for name in self._skipped)
        failed = sorted(self.anonymizer.redact_text(name) for name in self._failed)
        self._note(
            f"done: {len(contents)} files, {len(skipped)} skipped, {len(failed)} failed",
            logging.INFO,
        )
        log_text = "\n".join(self.anonymizer.redact_text(line) for line in self._log) + "\n"
        folder = self.out_dir / (self.folder_name or folder_name_for(self.api.session.nick_name))
        zip_path = folder.with_name(f"{folder.name}_{self._local_now():%Y-%m-%d_%H%M}.zip")
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(
            None, _write_folder, folder, zip_path, contents, log_text, captures
        )
        return ExportResult(folder, zip_path, sorted(contents), skipped, failed, sorted(captures))


def _utc_now() -> float:
    return datetime.now(UTC).timestamp()


def _write_folder(
    folder: Path,
    zip_path: Path,
    contents: dict[str, Any],
    log_text: str,
    captures: dict[str, str] | None = None,
) -> None:
    """Clear the folder's export files, write the new ones and zip the folder (blocking I/O)."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in [*folder.glob("*.json"), *folder.glob(CAPTURE_PATTERN), folder / LOG_FILE]:
        old.unlink(missing_ok=True)
    for name, content in contents.items():
        text = json.dumps(content, indent=2, ensure_ascii=False)
        (folder / f"{name}.json").write_text(text + "\n", encoding="utf-8")
    for name, text in (captures or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / LOG_FILE).write_text(log_text, encoding="utf-8")
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.iterdir()):
            if file.is_file():
                archive.write(file, f"{folder.name}/{file.name}")
