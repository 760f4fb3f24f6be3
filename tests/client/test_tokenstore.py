"""Token stores: memory copy semantics, file permissions, reload after external changes."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from custom_components.anker_solix.solixapi.cloud import (
    FileTokenStore,
    MemoryTokenStore,
    TokenStore,
)

LOGIN_DATA = {
    "user_id": "0123456789abcdef0123456789abcdef01234567",
    "email": "someone@example.com",
    "auth_token": "token-one",
    "token_expires_at": 1_750_604_800,
    "nick_name": "som***",
}


async def test_memory_store_round_trip_and_copies() -> None:
    """Loaded data is a copy: changing it does not change the store."""
    store = MemoryTokenStore()
    assert isinstance(store, TokenStore)
    assert await store.load() is None
    await store.save(LOGIN_DATA)
    loaded = await store.load()
    assert loaded == LOGIN_DATA
    assert loaded is not None
    loaded["auth_token"] = "changed"
    assert await store.load() == LOGIN_DATA
    await store.clear()
    assert await store.load() is None


async def test_file_store_writes_owner_only_json(tmp_path: Path) -> None:
    """The file holds the login data as JSON with mode 0600 (folder created on demand)."""
    path = tmp_path / "authcache" / "account.json"
    store = FileTokenStore(path)
    assert isinstance(store, TokenStore)
    assert await store.load() is None
    await store.save(LOGIN_DATA)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text(encoding="utf-8")) == LOGIN_DATA
    assert await FileTokenStore(path).load() == LOGIN_DATA
    assert [entry.name for entry in path.parent.iterdir()] == ["account.json"]


async def test_file_store_reloads_after_another_process_rewrote_it(tmp_path: Path) -> None:
    """A changed file (new token from another instance) is read again."""
    path = tmp_path / "account.json"
    store = FileTokenStore(path)
    await store.save(LOGIN_DATA)
    assert (await store.load() or {})["auth_token"] == "token-one"
    other = FileTokenStore(path)
    await other.save({**LOGIN_DATA, "auth_token": "token-two"})
    assert (await store.load() or {})["auth_token"] == "token-two"


async def test_file_store_clear_and_external_delete(tmp_path: Path) -> None:
    """Clear deletes the file; a file deleted by someone else reads as empty."""
    path = tmp_path / "account.json"
    store = FileTokenStore(path)
    await store.save(LOGIN_DATA)
    await store.clear()
    assert not path.exists()
    await store.clear()  # clearing twice is fine
    await store.save(LOGIN_DATA)
    os.remove(path)
    assert await store.load() is None


async def test_file_store_ignores_broken_files(tmp_path: Path) -> None:
    """Invalid JSON or a non-object counts as no login data."""
    path = tmp_path / "account.json"
    path.write_text("{not json", encoding="utf-8")
    assert await FileTokenStore(path).load() is None
    path.write_text("[1, 2]", encoding="utf-8")
    assert await FileTokenStore(path).load() is None
