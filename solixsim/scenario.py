"""Scenario folders in export format (protocol §9.1) loaded into an in-memory store."""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_LOGGER = logging.getLogger(__name__)

META_FILE = "scenario.json"
# The client cache of an export; its ``country`` stands in for a missing ``scenario.json``.
ACCOUNT_CACHE_FILE = "api_account.json"
DEFAULT_EMAIL = "demo@example.com"
DEFAULT_PASSWORD = "demo-password"  # synthetic demo account of the simulator
DEFAULT_COUNTRY = "DE"
DEFAULT_NICK_NAME = "dem***"
DEFAULT_UTC_OFFSET_MINUTES = 60
MODIFIED_MARK = "modified_"

# Files of an export folder that are not responses: client caches, logs, the scenario meta.
_IGNORED_PREFIXES = ("api_",)
# Older exports used other names; each pattern maps a legacy name to the current one.
_LEGACY_NAMES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^site_rules$"), "list_site_rules"),
    (re.compile(r"^device_parm_(?P<mod>modified_)?(?P<id>[0-9a-fA-F]{8}-.+)$"), "device_parm_4_"),
    (re.compile(r"^get_upgrade_record_(?P<id>.+)$"), "upgrade_record_2_"),
)


@dataclass(frozen=True)
class ScenarioMeta:
    """What an export cannot carry: the account and the site clock (from ``scenario.json``)."""

    description: str
    email: str
    password: str
    country: str
    user_id: str
    nick_name: str
    utc_offset_minutes: int
    base_time: str | None = None  # local "YYYY-MM-DD HH:MM:SS" for sites without a scene time


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
    )


def as_envelope(content: Any) -> dict[str, Any]:
    """Wrap a file's content into a response envelope unless it already is one."""
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


def base_name(name: str) -> str:
    """The name a ``*_modified_*`` file overrides (``device_parm_6_modified_x`` → ``…_6_x``)."""
    return name.replace(MODIFIED_MARK, "", 1)


class ScenarioStore:
    """The responses of one scenario, by file name (without ``.json``), held in memory.

    Legacy file names are stored under their current names; a ``*_modified_*`` file wins over
    the file it modifies. :meth:`put` changes only memory, never the folder.
    """

    def __init__(self, path: Path, meta: ScenarioMeta, files: dict[str, dict[str, Any]]) -> None:
        """Create a store from already parsed envelopes."""
        self.path = path
        self.meta = meta
        self._files = {name: env for name, env in files.items() if MODIFIED_MARK not in name}
        for name, envelope in files.items():
            if MODIFIED_MARK in name:
                self._files[base_name(name)] = envelope

    @classmethod
    def load(cls, path: Path | str) -> ScenarioStore:
        """Read every response file of a scenario folder; unreadable files are skipped."""
        folder = Path(path)
        if not folder.is_dir():
            raise FileNotFoundError(f"scenario folder not found: {folder}")
        files: dict[str, dict[str, Any]] = {}
        for file in sorted(folder.glob("*.json")):
            stem = file.stem
            if file.name == META_FILE or stem.startswith(_IGNORED_PREFIXES):
                continue
            try:
                content = json.loads(file.read_text(encoding="utf-8"))
            except (OSError, ValueError) as err:
                _LOGGER.warning("Skipping unreadable scenario file %s: %s", file.name, err)
                continue
            name = current_name(stem)
            if name != stem and name in files:
                continue  # the current name wins over a legacy duplicate
            files[name] = as_envelope(content)
        return cls(folder, load_meta(folder), files)

    def get(self, name: str) -> dict[str, Any] | None:
        """A deep copy of the envelope of file ``<name>.json``, or None."""
        envelope = self._files.get(name)
        return None if envelope is None else copy.deepcopy(envelope)

    def put(self, name: str, envelope: dict[str, Any]) -> None:
        """Replace (or add) a file's envelope in memory."""
        self._files[name] = copy.deepcopy(envelope)

    def names(self) -> list[str]:
        """All file names (without ``.json``), sorted."""
        return sorted(self._files)

    def data(self, name: str) -> Any:
        """The ``data`` of a file, or None when the file or its data is missing."""
        envelope = self.get(name)
        return None if envelope is None else envelope.get("data")

    def sites(self) -> list[dict[str, Any]]:
        """The entries of ``site_list``."""
        data = self.data("site_list")
        sites = data.get("site_list") if isinstance(data, dict) else None
        return [site for site in sites or [] if isinstance(site, dict)]

    def site_ids(self) -> list[str]:
        """The ids of all sites in ``site_list``."""
        return [str(site["site_id"]) for site in self.sites() if site.get("site_id")]

    def is_owner(self, site_id: str | None = None) -> bool:
        """True when the account owns the site (``ms_type`` 0 or 1).

        Without a site id: whether it owns any site; an account without sites counts as
        owner (it can still own standalone devices).
        """
        sites = self.sites()
        if site_id is None:
            return not sites or any(site.get("ms_type") in (0, 1) for site in sites)
        return any(
            site.get("site_id") == site_id and site.get("ms_type") in (0, 1) for site in sites
        )
