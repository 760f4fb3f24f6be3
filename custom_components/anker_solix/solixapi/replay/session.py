"""`ReplaySession`: a `SolixSession` that answers from an export folder instead of the cloud.

Reads are answered from the folder's stored envelopes by their §9.1 file names (see
`replay_routes`), writes change the in-memory copy only (see `replay_writes`), so the next read
shows them and the folder on disk never changes. Login, token handling, error mapping and request
statistics are those of `SolixSession`; only the HTTP exchange is replaced, so nothing ever goes
to the network and there is no pacing.

The session clock starts at the export moment (the folder's base time) and runs on from there,
so schedules, energy days and data times look as they did when the export was taken. With
``present_at`` (Home Assistant: the real time at setup) the export is presented as current: the
clock and every date of the answers move by the whole days between the export and that moment,
so the time of day, and with it every schedule slot and value, stays exactly as recorded.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, cast

import aiohttp

from ..cloud.const import Endpoint
from ..cloud.session import LoginInfo, SessionOptions, SolixSession
from ..cloud.tokenstore import MemoryTokenStore
from ..common.errors import SolixRequestError, error_for_code
from .energy import shift_energy_response
from .request import ReplayRequest
from .routes import READ_ROUTES
from .routes_energy import ENERGY_ROUTES
from .store import DEFAULT_UTC_OFFSET_MINUTES, ReplayStore
from .writes import WRITE_ROUTES, accepted, is_write

_LOGGER = logging.getLogger(__name__)

REPLAY_SERVER = "replay://"
"""Prefix of the `server_url` of a replay session (followed by the folder name)."""
REPLAY_TOKEN = "replay-token"
TOKEN_LIFETIME = 30 * 86400
UNKNOWN_ENDPOINT = 404
NO_PACING = SessionOptions(request_delay=0.0, timeout=10.0, endpoint_limit=0)
DAY = 86400
_EPOCH_DAY = date(2000, 1, 1)


def anchored_clock(base: float | None) -> Callable[[], float]:
    """A clock that reads ``base`` now and runs on in real time (the wall clock without base)."""
    if base is None:
        return lambda: time.time()
    start = time.time()
    return lambda: base + (time.time() - start)


def day_shift(base: float | None, present_at: float | None) -> int:
    """Whole days that move the export moment into the 24 hours up to ``present_at``."""
    if base is None or present_at is None:
        return 0
    return math.floor((present_at - base) / DAY)


def redate(value: dict[str, Any], days: int) -> dict[str, Any]:
    """A copy of an answer or request body with every leading ``YYYY-MM-DD`` moved by ``days``."""
    if not days:
        return value
    return shift_energy_response(value, _EPOCH_DAY, _EPOCH_DAY + timedelta(days=days))


class ReplaySession(SolixSession):
    """Answers every request from an export folder held in memory; writes stay in memory."""

    def __init__(
        self,
        folder: Path | str,
        *,
        clock: Callable[[], float] | None = None,
        utc_offset_seconds: int | None = None,
        options: SessionOptions | None = None,
        present_at: float | None = None,
    ) -> None:
        """Load the folder (FileNotFoundError if it is missing).

        The export's local times use the folder's ``scenario.json`` offset, else
        ``utc_offset_seconds`` (e.g. Home Assistant's zone), else UTC+1. Without ``clock`` the
        session clock starts at the folder's base time, moved by whole days to the 24 hours
        up to ``present_at`` when given (answers are re-dated by the same days).
        """
        store = ReplayStore.load(folder)
        account = store.account
        if account.utc_offset_minutes is not None:
            offset_minutes = account.utc_offset_minutes
        elif utc_offset_seconds is not None:
            offset_minutes = utc_offset_seconds // 60
        else:
            offset_minutes = DEFAULT_UTC_OFFSET_MINUTES
        self.store = store
        self.offset_minutes = offset_minutes
        self.base_time = store.base_time(offset_minutes)
        self.day_shift = 0 if clock is not None else day_shift(self.base_time, present_at)
        """Days the answers' dates are moved by (0: replayed as recorded)."""
        start = None if self.base_time is None else self.base_time + self.day_shift * DAY
        self.writes: list[tuple[str, dict[str, Any]]] = []
        """Every write request received (endpoint, body), in order."""
        super().__init__(
            # Never used: `_exchange` below answers every request without HTTP.
            cast(aiohttp.ClientSession, None),
            account.email,
            "",
            account.country,
            server_url=f"{REPLAY_SERVER}{store.folder.name}",
            token_store=MemoryTokenStore(),
            options=options or NO_PACING,
            clock=clock or anchored_clock(start),
            utc_offset_seconds=offset_minutes * 60,
        )

    def update_options(self, options: SessionOptions) -> None:
        """Keep the options for display; a replay is never paced."""
        self.options = options

    def answer(self, method: str, endpoint: str, payload: dict[str, Any]) -> dict[str, Any]:
        """The envelope the export gives for one request, re-dated by `day_shift`.

        Energy routes re-date to the session clock themselves; writes are stored as recorded.
        """
        endpoint = endpoint.strip("/")
        if not self.day_shift or endpoint == Endpoint.LOGIN or endpoint in ENERGY_ROUTES:
            return self._answer(method, endpoint, payload)
        stored = self._answer(method, endpoint, redate(payload, -self.day_shift))
        return redate(stored, self.day_shift)

    def _answer(self, method: str, endpoint: str, payload: dict[str, Any]) -> dict[str, Any]:
        """The envelope of the export as recorded (writes are applied first)."""
        if endpoint == Endpoint.LOGIN:
            return self._login_envelope()
        if is_write(endpoint):
            self.writes.append((endpoint, payload))
            handler = WRITE_ROUTES.get(endpoint)
            if handler is not None:
                handler(self.store, payload)
            return accepted()
        read = READ_ROUTES.get(endpoint)
        if read is None:
            raise SolixRequestError(
                f"{method} {endpoint}: not an endpoint a replay knows",
                code=UNKNOWN_ENDPOINT,
                endpoint=endpoint,
            )
        return read(ReplayRequest(self.store, payload, self.clock(), self.offset_minutes))

    def _login_envelope(self) -> dict[str, Any]:
        """A login answer for the folder's account (token valid for 30 days of replay time)."""
        account = self.store.account
        data = {
            "user_id": account.user_id,
            "email": account.email,
            "nick_name": account.nick_name,
            "country_code": account.country,
            "auth_token": REPLAY_TOKEN,
            "token_expires_at": int(self.clock()) + TOKEN_LIFETIME,
        }
        return {"code": 0, "msg": "success!", "data": data, "trace_id": ""}

    async def _exchange(
        self, method: str, endpoint: str, body: dict[str, Any], login: LoginInfo | None
    ) -> dict[str, Any]:
        """Answer from the folder; account and map errors like the real exchange."""
        sent = len(json.dumps(body).encode("utf-8"))
        try:
            envelope = self.answer(method, endpoint, body)
        except SolixRequestError:
            self.stats.record(endpoint, sent, 0, error=True)
            raise
        received = len(json.dumps(envelope).encode("utf-8"))
        code = envelope.get("code")
        code = code if isinstance(code, int) else 0
        error = error_for_code(code, str(envelope.get("msg", "")), endpoint)
        self.stats.record(endpoint, sent, received, error=code != 0)
        _LOGGER.debug("replay %s %s -> code %s", method, endpoint, code)
        if error is not None:
            raise error
        return envelope
