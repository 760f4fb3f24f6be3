"""Scenario folders in export format (protocol §9.1) loaded into an in-memory store.

Reading the folder (legacy names, ``*_modified_*`` files, envelopes) is the library's replay
store; the simulator adds its own meta (demo password, description, default site clock).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from custom_components.anker_solix.solixapi import (
    ACCOUNT_CACHE_FILE,
    DEFAULT_COUNTRY,
    DEFAULT_EMAIL,
    DEFAULT_NICK_NAME,
    DEFAULT_UTC_OFFSET_MINUTES,
    META_FILE,
    ReplayAccount,
    ReplayStore,
    read_response_files,
)

__all__ = [
    "META_FILE",
    "MISSING_FILES_DEFAULTS",
    "MISSING_FILES_FAIL",
    "ScenarioMeta",
    "ScenarioStore",
    "load_meta",
]

# Values of ``missing_files`` in ``scenario.json`` (read by the library's replay store).
MISSING_FILES_DEFAULTS = "defaults"
MISSING_FILES_FAIL = "fail"

DEFAULT_PASSWORD = "demo-password"  # synthetic demo account of the simulator
DEFAULT_HISTORY_DAYS = 400


@dataclass(frozen=True, kw_only=True)
class ScenarioMeta(ReplayAccount):
    """The replay account of a scenario plus what only the simulator needs (``scenario.json``)."""

    description: str
    password: str
    utc_offset_minutes: int
    """Always known: the simulator's site clock defaults to UTC+1."""
    base_time: str | None = None  # local "YYYY-MM-DD HH:MM:SS" for sites without a scene time
    time_zone: str | None = None
    """IANA zone of the site clock (days of 23/25 hours); None: the fixed UTC offset."""
    history_days: int = DEFAULT_HISTORY_DAYS
    """Days of energy history the simulated cloud holds before the first energy request."""


def default_user_id(folder_name: str) -> str:
    """A deterministic 40-hex user id derived from the scenario folder name."""
    return hashlib.sha1(folder_name.encode(), usedforsecurity=False).hexdigest()


def _export_country(path: Path) -> str | None:
    """The ``country`` of an export's account cache (``api_account.json``), if readable."""
    cache = path / ACCOUNT_CACHE_FILE
    if not cache.is_file():
        return None
    try:
        loaded = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    country = loaded.get("country") if isinstance(loaded, dict) else None
    return country if isinstance(country, str) and country.strip() else None


# Kept apart from the library's ``load_account`` on purpose: the simulator needs a password,
# a fixed default clock offset and fails loudly on a broken ``scenario.json`` of its own.
def load_meta(path: Path) -> ScenarioMeta:
    """Read ``scenario.json`` of a folder (all keys optional) and fill in the defaults.

    A folder without ``scenario.json`` (a user's export) takes the country of its account
    cache ``api_account.json`` when there is one; e-mail and password stay the defaults.
    """
    raw: dict[str, Any] = {}
    meta_path = path / META_FILE
    if meta_path.is_file():
        loaded = json.loads(meta_path.read_text(encoding="utf-8"))
        if isinstance(loaded, dict):
            raw = loaded
    else:
        country = _export_country(path)
        raw = {} if country is None else {"account": {"country": country.strip()}}
    account = raw.get("account") if isinstance(raw.get("account"), dict) else {}
    assert isinstance(account, dict)
    return ScenarioMeta(
        description=str(raw.get("description", "")),
        email=str(account.get("email") or DEFAULT_EMAIL),
        password=str(account.get("password") or DEFAULT_PASSWORD),
        country=str(account.get("country") or DEFAULT_COUNTRY).upper(),
        user_id=str(account.get("user_id") or default_user_id(path.name)),
        nick_name=str(account.get("nick_name") or DEFAULT_NICK_NAME),
        utc_offset_minutes=int(raw.get("utc_offset_minutes", DEFAULT_UTC_OFFSET_MINUTES)),
        base_time=str(raw["base_time"]) if raw.get("base_time") else None,
        time_zone=str(raw["time_zone"]) if raw.get("time_zone") else None,
        history_days=max(0, int(raw.get("history_days", DEFAULT_HISTORY_DAYS))),
    )


class ScenarioStore(ReplayStore):
    """The responses of one scenario, by file name (without ``.json``), held in memory.

    The library's :class:`ReplayStore` with the simulator's :class:`ScenarioMeta`; :meth:`put`
    changes only memory, never the folder.
    """

    def __init__(self, path: Path, meta: ScenarioMeta, files: dict[str, dict[str, Any]]) -> None:
        """Create a store from already parsed envelopes."""
        super().__init__(path, meta, files)
        self.path = path
        self.meta = meta

    @classmethod
    def load(cls, path: Path | str) -> ScenarioStore:
        """Read every response file of a scenario folder; unreadable files are skipped."""
        folder = Path(path)
        if not folder.is_dir():
            raise FileNotFoundError(f"scenario folder not found: {folder}")
        return cls(folder, load_meta(folder), read_response_files(folder))
