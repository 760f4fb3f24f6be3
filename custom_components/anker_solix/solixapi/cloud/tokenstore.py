"""Where the login `data` dict (§2.3) is kept between requests and restarts (§2.4).

A store holds the login response's `data` object and, under `CLIENT_STATE_KEY`, what the session
remembers about the account between restarts (`ClientState`: transport in use, the app's login,
the server a lookup named, the terminal id). `FileTokenStore` keeps it as a JSON file readable by
the owner only and notices when another process rewrote the file.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

FILE_MODE = 0o600
CLIENT_STATE_KEY = "solix_client"
"""Key of the session's own `ClientState` beside the login data (never a cloud field)."""


@dataclass
class ClientState:
    """What a session remembers about its account beside the token.

    `transport` is the transport the session settled on (`auto` starts plain and may switch),
    `switched` tells that the cloud forced the switch (it refused the plain protocol),
    `app_login` that logins go the app's way (the account needed a two-factor code once),
    `server_url` the server a lookup named, `terminal_id` the login's installation id.
    """

    transport: str = ""
    switched: bool = False
    app_login: bool = False
    server_url: str = ""
    terminal_id: str = field(default="", repr=False)

    @classmethod
    def from_data(cls, data: dict[str, Any] | None) -> ClientState:
        """The state kept in stored data (defaults for missing or malformed values)."""
        raw = (data or {}).get(CLIENT_STATE_KEY)
        if not isinstance(raw, dict):
            return cls()
        return cls(
            transport=str(raw.get("transport") or ""),
            switched=raw.get("switched") is True,
            app_login=raw.get("app_login") is True,
            server_url=str(raw.get("server_url") or ""),
            terminal_id=str(raw.get("terminal_id") or ""),
        )

    def as_dict(self) -> dict[str, Any]:
        """The JSON form kept under `CLIENT_STATE_KEY`."""
        return asdict(self)


@runtime_checkable
class TokenStore(Protocol):
    """Persistence of the login `data` dict."""

    async def load(self) -> dict[str, Any] | None:
        """Return the stored login data, or None if there is none."""

    async def save(self, data: dict[str, Any]) -> None:
        """Replace the stored login data."""

    async def clear(self) -> None:
        """Forget the stored login data."""


class MemoryTokenStore:
    """Keeps the login data in memory only (lost on restart)."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        """Start empty or with given login data."""
        self._data = dict(data) if data is not None else None

    async def load(self) -> dict[str, Any] | None:
        """Return a copy of the stored login data."""
        return dict(self._data) if self._data is not None else None

    async def save(self, data: dict[str, Any]) -> None:
        """Store a copy of the login data."""
        self._data = dict(data)

    async def clear(self) -> None:
        """Forget the login data."""
        self._data = None


FileSignature = tuple[int, int, int]
"""(inode, modification time in ns, size) of the token file: tells whether it changed on disk."""


class FileTokenStore:
    """Keeps the login data in a JSON file (mode 0600); reloads it when it changed on disk.

    File access runs in a worker thread so the event loop never blocks. A file that is missing,
    unreadable or not a JSON object counts as "no login data".
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        """Use the file at `path` (its folder is created on the first save)."""
        self.path = Path(path)
        self._signature: FileSignature | None = None
        self._data: dict[str, Any] | None = None

    async def load(self) -> dict[str, Any] | None:
        """Return the file's login data, read again only if the file changed since last time."""
        signature = await asyncio.to_thread(self._read_signature)
        if signature is None:
            self._signature, self._data = None, None
        elif signature != self._signature:
            self._data = await asyncio.to_thread(self._read)
            self._signature = signature
        return dict(self._data) if self._data is not None else None

    async def save(self, data: dict[str, Any]) -> None:
        """Write the login data atomically with owner-only permissions."""
        snapshot = dict(data)
        self._signature = await asyncio.to_thread(self._write, snapshot)
        self._data = snapshot

    async def clear(self) -> None:
        """Delete the file."""
        await asyncio.to_thread(self._delete)
        self._signature, self._data = None, None

    def _read_signature(self) -> FileSignature | None:
        """Return the file's signature, or None if it does not exist."""
        try:
            status = self.path.stat()
        except FileNotFoundError:
            return None
        return (status.st_ino, status.st_mtime_ns, status.st_size)

    def _read(self) -> dict[str, Any] | None:
        """Return the file's JSON object, or None if it is unreadable or not an object."""
        try:
            content = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return content if isinstance(content, dict) else None

    def _write(self, data: dict[str, Any]) -> FileSignature | None:
        """Write through a temporary file (created 0600) and move it into place."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2)
        os.chmod(temporary, FILE_MODE)
        os.replace(temporary, self.path)
        return self._read_signature()

    def _delete(self) -> None:
        """Remove the file if it exists."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
