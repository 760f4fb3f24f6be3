"""Home Assistant ``.storage`` files that make a development config dir ready to use.

They replace what onboarding would ask for: a user who can log in at once (owner, with a person),
onboarding marked done, and the integration's config entry pointing at the local simulator.
The formats are those Home Assistant 2025.4.4 writes itself; 2026.10.4 reads and writes the same
store versions (tests/test_develop_script.py compares them with the running release).
"""

from __future__ import annotations

import base64
import json
import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import bcrypt

ONBOARDING_STEPS = ("user", "core_config", "analytics", "integration")
"""Every onboarding step of Home Assistant 2025.4 and 2026.10 (``onboarding/const.py``)."""

_ADMIN_GROUP = "system-admin"
_SYSTEM_GROUPS = (
    (_ADMIN_GROUP, "Administrators"),
    ("system-users", "Users"),
    ("system-read-only", "Read Only"),
)
_ENTRY_STORE = "core.config_entries"
STORE_VERSIONS: Mapping[str, tuple[int, int]] = {
    "auth": (1, 1),  # auth/auth_store.py
    "auth_provider.homeassistant": (1, 1),  # auth/providers/homeassistant.py
    "onboarding": (4, 1),  # components/onboarding
    "person": (2, 1),  # components/person
    _ENTRY_STORE: (1, 5),  # config_entries.py
}
"""Version and minor version of each store written here, as Home Assistant's ``Store`` has them."""


@dataclass(frozen=True, kw_only=True)
class DevUser:
    """The Home Assistant login that scripts/develop creates."""

    username: str
    password: str
    name: str


@dataclass(frozen=True, kw_only=True)
class EntrySpec:
    """The config entry to pre-create: one per integration ``domain`` and ``unique_id``."""

    domain: str
    title: str
    unique_id: str
    data: Mapping[str, Any]
    options: Mapping[str, Any] = field(default_factory=dict)
    version: int = 1
    minor_version: int = 1


def storage_path(config_dir: Path, key: str) -> Path:
    """The file of store ``key`` in a config dir."""
    return config_dir / ".storage" / key


def read_store(config_dir: Path, key: str) -> dict[str, Any] | None:
    """The ``data`` of a store, or None when the file is missing or not a store."""
    path = storage_path(config_dir, key)
    if not path.is_file():
        return None
    loaded = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(loaded, dict) or not isinstance(loaded.get("data"), dict):
        return None
    data: dict[str, Any] = loaded["data"]
    return data


def write_store(config_dir: Path, key: str, data: Mapping[str, Any]) -> None:
    """Write a store file the way Home Assistant's ``Store`` does (private: mode 0600)."""
    version, minor_version = STORE_VERSIONS[key]
    path = storage_path(config_dir, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    content = {"version": version, "minor_version": minor_version, "key": key, "data": data}
    temp = path.with_name(path.name + ".tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(content, handle, indent=2)
    temp.replace(path)


def mark_onboarding_done(config_dir: Path) -> None:
    """Record every onboarding step as done, so the frontend shows the login page."""
    write_store(config_dir, "onboarding", {"done": list(ONBOARDING_STEPS)})


def _now_iso() -> str:
    """The current UTC time as Home Assistant stores it."""
    return datetime.now(UTC).isoformat()


def _new_id() -> str:
    """A random 32-hex id, the form Home Assistant uses for users, credentials and persons."""
    return uuid.uuid4().hex


def hash_password(password: str) -> str:
    """The password as the ``homeassistant`` auth provider stores it (base64 of bcrypt)."""
    hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=12))
    return base64.b64encode(hashed).decode()


def ensure_user(config_dir: Path, user: DevUser) -> bool:
    """Create ``user`` as owner with credentials and a person, unless the login exists.

    Returns True when the user was created. An existing login is left alone (with its
    refresh tokens), so a developer's sessions survive restarts.
    """
    provider = read_store(config_dir, "auth_provider.homeassistant") or {"users": []}
    if any(entry.get("username") == user.username for entry in provider["users"]):
        return False
    auth = read_store(config_dir, "auth") or {
        "users": [],
        "groups": [{"id": group_id, "name": name} for group_id, name in _SYSTEM_GROUPS],
        "credentials": [],
        "refresh_tokens": [],
    }
    user_id = _new_id()
    has_owner = any(existing.get("is_owner") for existing in auth["users"])
    auth["users"].append(
        {
            "id": user_id,
            "group_ids": [_ADMIN_GROUP],
            "is_owner": not has_owner,
            "is_active": True,
            "name": user.name,
            "system_generated": False,
            "local_only": False,
        }
    )
    auth["credentials"].append(
        {
            "id": _new_id(),
            "user_id": user_id,
            "auth_provider_type": "homeassistant",
            "auth_provider_id": None,
            "data": {"username": user.username},
        }
    )
    provider["users"].append({"username": user.username, "password": hash_password(user.password)})
    persons = read_store(config_dir, "person") or {"items": []}
    persons["items"].append(
        {
            "id": _new_id(),
            "name": user.name,
            "user_id": user_id,
            "device_trackers": [],
            "picture": None,
        }
    )
    write_store(config_dir, "auth_provider.homeassistant", provider)
    write_store(config_dir, "auth", auth)
    write_store(config_dir, "person", persons)
    return True


def upsert_entry(config_dir: Path, spec: EntrySpec) -> str:
    """Write the config entry of ``spec``; returns its entry id.

    An entry of the same domain and unique id keeps its id (and so its devices, entities and
    history) and its options, and gets the new title, data and version. Other entries stay.
    """
    entries: list[dict[str, Any]] = (read_store(config_dir, _ENTRY_STORE) or {"entries": []})[
        "entries"
    ]
    current = next(
        (
            entry
            for entry in entries
            if entry.get("domain") == spec.domain and entry.get("unique_id") == spec.unique_id
        ),
        None,
    )
    now = _now_iso()
    if current is None:
        current = {
            "created_at": now,
            "discovery_keys": {},
            "disabled_by": None,
            "domain": spec.domain,
            "entry_id": uuid.uuid4().hex.upper()[:26],
            "options": dict(spec.options),
            "pref_disable_new_entities": False,
            "pref_disable_polling": False,
            "source": "user",
            "subentries": [],
            "unique_id": spec.unique_id,
        }
        entries.append(current)
    current.update(
        data=dict(spec.data),
        title=spec.title,
        version=spec.version,
        minor_version=spec.minor_version,
        modified_at=now,
    )
    write_store(config_dir, _ENTRY_STORE, {"entries": entries})
    entry_id: str = current["entry_id"]
    return entry_id
