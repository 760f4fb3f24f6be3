"""An export folder (protocol §9.1) held in memory: responses by file name, account facts.

Legacy names of older exports are stored under their current names, a ``*_modified_*`` file wins
over the file it modifies, and :meth:`ReplayStore.put` changes memory only, never the folder.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

_LOGGER = logging.getLogger(__name__)

META_FILE = "scenario.json"
"""Optional facts an export cannot carry (account, site clock offset, base time)."""
ACCOUNT_CACHE_FILE = "api_account.json"
"""The client cache dump of an export; its ``country`` stands in for a missing meta file."""
SITE_LIST_FILE = "site_list.json"
DEFAULT_EMAIL = "demo@example.com"
DEFAULT_COUNTRY = "DE"
DEFAULT_NICK_NAME = "dem***"
DEFAULT_UTC_OFFSET_MINUTES = 60
MODIFIED_MARK = "modified_"
MISSING_FILES_KEY = "missing_files"
"""``scenario.json`` key: ``"defaults"`` (derive answers of missing files) or ``"fail"``."""
MISSING_FILES_DEFAULTS = "defaults"
MISSING_FILES_FAIL = "fail"
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
_EARLIEST_VALID_YEAR = 2000
_IGNORED_PREFIXES = ("api_",)
_LEGACY_NAMES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^site_rules$"), "list_site_rules"),
    (re.compile(r"^device_parm_(?P<mod>modified_)?(?P<id>[0-9a-fA-F]{8}-.+)$"), "device_parm_4_"),
    (re.compile(r"^get_upgrade_record_(?P<id>.+)$"), "upgrade_record_2_"),
)


def is_export_folder(path: Path) -> bool:
    """True for a folder with a site list or at least one scene file (an export or scenario)."""
    if not path.is_dir():
        return False
    return (path / SITE_LIST_FILE).is_file() or any(path.glob("scene_*.json"))


@dataclass(frozen=True)
class ReplayAccount:
    """The account a replay logs in as (``scenario.json``, else neutral defaults)."""

    email: str
    country: str
    user_id: str
    nick_name: str
    utc_offset_minutes: int | None
    """The offset of the export's local times; None when the folder does not say."""
    base_time: str | None
    """Local ``YYYY-MM-DD HH:MM:SS`` of the export moment, if the folder names one."""


def _read_json(path: Path) -> Any:
    """The parsed content of a JSON file, None when missing or unreadable."""
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def load_account(folder: Path) -> ReplayAccount:
    """Account facts of a folder: ``scenario.json``, else the export's account cache country."""
    raw = _read_json(folder / META_FILE)
    meta: dict[str, Any] = raw if isinstance(raw, dict) else {}
    account = meta.get("account") if isinstance(meta.get("account"), dict) else {}
    assert isinstance(account, dict)
    country = account.get("country")
    if not country:
        cache = _read_json(folder / ACCOUNT_CACHE_FILE)
        country = cache.get("country") if isinstance(cache, dict) else None
    offset = meta.get("utc_offset_minutes")
    valid_offset = isinstance(offset, int) and not isinstance(offset, bool)
    return ReplayAccount(
        email=str(account.get("email") or DEFAULT_EMAIL),
        country=str(country or DEFAULT_COUNTRY).strip().upper(),
        user_id=str(
            account.get("user_id")
            or hashlib.sha1(folder.name.encode(), usedforsecurity=False).hexdigest()
        ),
        nick_name=str(account.get("nick_name") or DEFAULT_NICK_NAME),
        utc_offset_minutes=offset if valid_offset else None,
        base_time=str(meta["base_time"]) if meta.get("base_time") else None,
    )


def serves_defaults(folder: Path) -> bool:
    """Whether missing files get derived answers (``scenario.json`` ``missing_files``)."""
    raw = _read_json(folder / META_FILE)
    mode = raw.get(MISSING_FILES_KEY) if isinstance(raw, dict) else None
    return mode != MISSING_FILES_FAIL


def as_envelope(content: Any) -> dict[str, Any]:
    """A file's content as a response envelope (older exports stored the bare ``data``)."""
    if (
        isinstance(content, dict)
        and isinstance(content.get("code"), int)
        and ("msg" in content or "data" in content or "trace_id" in content)
    ):
        return content
    return {"code": 0, "msg": "success!", "data": content, "trace_id": ""}


def current_name(name: str) -> str:
    """The current export name of a (possibly legacy) file name without ``.json``."""
    for pattern, replacement in _LEGACY_NAMES:
        match = pattern.match(name)
        if match is None:
            continue
        groups = match.groupdict()
        if "id" not in groups:
            return replacement
        return f"{replacement}{groups.get('mod') or ''}{groups['id']}"
    return name


def parse_local(text: str, offset_minutes: int) -> float | None:
    """Unix seconds of a local ``YYYY-MM-DD HH:MM:SS``; None if not a valid (post-2000) time."""
    try:
        local = datetime.strptime(text, TIME_FORMAT).replace(
            tzinfo=timezone(timedelta(minutes=offset_minutes))
        )
    except ValueError:
        return None
    return local.timestamp() if local.year >= _EARLIEST_VALID_YEAR else None


def scene_updated_time(scene: Any) -> str:
    """The raw ``solarbank_info.updated_time`` of a scene ``data`` (``""`` when absent)."""
    info = scene.get("solarbank_info") if isinstance(scene, dict) else None
    value = info.get("updated_time") if isinstance(info, dict) else None
    return value if isinstance(value, str) else ""


def read_response_files(path: Path) -> dict[str, dict[str, Any]]:
    """The response envelopes of a folder by current file name (without ``.json``).

    Skips the meta file, ``api_*`` client caches and unreadable files (with a warning); a file
    under its current name wins over a legacy duplicate. Raises FileNotFoundError for a missing
    folder.
    """
    if not path.is_dir():
        raise FileNotFoundError(f"export folder not found: {path}")
    files: dict[str, dict[str, Any]] = {}
    for file in sorted(path.glob("*.json")):
        stem = file.stem
        if file.name == META_FILE or stem.startswith(_IGNORED_PREFIXES):
            continue
        try:
            content = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            _LOGGER.warning("Skipping unreadable export file %s: %s", file.name, err)
            continue
        name = current_name(stem)
        if name != stem and name in files:
            continue  # the current name wins over a legacy duplicate
        files[name] = as_envelope(content)
    return files


CAPTURE_GLOB = "mqtt_msg_*.ndjson"
"""MQTT captures of an export (MQTT protocol §7.10), replayed by the example-data mode."""


def read_capture_files(path: Path) -> dict[str, str]:
    """The text of every MQTT capture file of a folder by file name (unreadable ones skipped)."""
    texts: dict[str, str] = {}
    for file in sorted(path.glob(CAPTURE_GLOB)):
        try:
            texts[file.name] = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            _LOGGER.warning("Skipping unreadable capture file %s: %s", file.name, err)
    return texts


class ReplayStore:
    """The responses of one export folder by file name (without ``.json``), in memory."""

    def __init__(
        self,
        folder: Path,
        account: ReplayAccount,
        files: dict[str, dict[str, Any]],
        captures: dict[str, str] | None = None,
    ):
        """Keep parsed envelopes; ``*_modified_*`` files replace the files they modify."""
        self.folder = folder
        self.account = account
        self.captures: dict[str, str] = dict(captures or {})
        """The MQTT capture files (``mqtt_msg_*.ndjson``) as text, by file name."""
        self.serve_defaults = serves_defaults(folder)
        """Answer missing files with derived defaults (``replay.defaults``); False: error codes."""
        self._files = {name: env for name, env in files.items() if MODIFIED_MARK not in name}
        for name, envelope in files.items():
            if MODIFIED_MARK in name:
                self._files[name.replace(MODIFIED_MARK, "", 1)] = envelope

    @classmethod
    def load(cls, folder: Path | str) -> ReplayStore:
        """Read every response file of a folder; unreadable files are skipped with a warning.

        Raises FileNotFoundError for a missing folder.
        """
        path = Path(folder)
        files = read_response_files(path)
        return cls(path, load_account(path), files, read_capture_files(path))

    def get(self, name: str) -> dict[str, Any] | None:
        """A deep copy of the envelope of ``<name>.json``, or None."""
        envelope = self._files.get(name)
        return None if envelope is None else copy.deepcopy(envelope)

    def put(self, name: str, envelope: dict[str, Any]) -> None:
        """Replace (or add) a file's envelope in memory."""
        self._files[name] = copy.deepcopy(envelope)

    def names(self) -> list[str]:
        """All file names (without ``.json``), sorted."""
        return sorted(self._files)

    def data(self, name: str) -> Any:
        """The ``data`` of a file, None when the file or its data is missing."""
        envelope = self._files.get(name)
        return None if envelope is None else copy.deepcopy(envelope.get("data"))

    def sites(self) -> list[dict[str, Any]]:
        """The entries of ``site_list``."""
        data = self.data("site_list")
        sites = data.get("site_list") if isinstance(data, dict) else None
        return [site for site in sites or [] if isinstance(site, dict)]

    def site_ids(self) -> list[str]:
        """The ids of all sites in ``site_list``."""
        return [str(site["site_id"]) for site in self.sites() if site.get("site_id")]

    def is_owner(self, site_id: str | None = None) -> bool:
        """Whether the account owns the site (``ms_type`` 0 or 1); without a site: any site.

        An account without sites counts as owner (it may own standalone devices).
        """
        sites = self.sites()
        if site_id is None:
            return not sites or any(site.get("ms_type") in (0, 1) for site in sites)
        return any(
            site.get("site_id") == site_id and site.get("ms_type") in (0, 1) for site in sites
        )

    def base_time(self, offset_minutes: int) -> float | None:
        """The export moment: ``base_time`` of the meta file, else the earliest scene time."""
        if self.account.base_time:
            configured = parse_local(self.account.base_time, offset_minutes)
            if configured is not None:
                return configured
        times = [
            ts
            for name in self.names()
            if name.startswith("scene_")
            and (ts := parse_local(scene_updated_time(self.data(name)), offset_minutes)) is not None
        ]
        return min(times) if times else None

    def site_base_time(self, site_id: str | None, offset_minutes: int) -> float | None:
        """The export moment of one site (its scene time), else the folder's."""
        if site_id:
            own = parse_local(scene_updated_time(self.data(f"scene_{site_id}")), offset_minutes)
            if own is not None:
                return own
        return self.base_time(offset_minutes)
