"""`SolixSession`: login, token reuse, headers, relogin, retries and error mapping (§2, §3).

`request()` is the single door to the cloud for the rest of the library. Per logical request it
performs at most one relogin (HTTP 401/403 or envelope 26084) and at most one transient retry
(502/504/timeout or 21105 after a random 2–5 s wait; 429 after the endpoint window frees).

Transport (§2.7, `SessionOptions.transport`): `plain` speaks §2.1–§3 only; `encrypted` does the
key exchange, the app's login and seals every body; `auto` (default) speaks plain and switches to
encrypted for the rest of the session (remembered in the token store, `ClientState`) when the
cloud *refuses* the plain protocol: HTTP 403 to the plain login, or HTTP 403 to a plain request
again right after a fresh plain login. A single 401/403 stays a token matter (§2.6: relogin and
replay). A request refused with 403 was stopped by the gateway before it was processed, so it is
replayed once after the switch; nothing else is replayed because of a switch (writes are never
doubled). A new key exchange follows HTTP 401/403 and an answer that does not decrypt (that
request raises `SolixPayloadError`: it may have been processed).

Two-factor login: a login answer asking for a code raises `SolixTwoFactorRequiredError` and
keeps the limited token; `login(verify_code=...)` sends the code the app's way on the same
session. From then on the session logs in the app's way (stable terminal id, no new code).

Interactive calls (actions, control writes) run inside `max_wait(seconds)`: a request whose
endpoint limit would make it wait longer raises `SolixRateLimitWaitError` before anything is sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import random
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import aiohttp

from ..common.errors import (
    SolixAuthError,
    SolixBusyError,
    SolixConnectionError,
    SolixError,
    SolixInvalidCredentialsError,
    SolixPayloadError,
    SolixRateLimitError,
    SolixRateLimitWaitError,
    SolixRequestError,
    SolixServerError,
    SolixTwoFactorRequiredError,
    SolixVerifyCodeError,
    error_for_code,
    shorten,
)
from .applogin import app_login_body, app_login_headers, limited_token, two_factor_error
from .const import (
    BASE_HEADERS,
    CONTENT_TYPE_TEXT,
    DEFAULT_PRESET_KEY,
    DEFAULT_SERVER_PUBLIC_KEY,
    HEADER_AUTH_TOKEN,
    HEADER_CONTENT_TYPE,
    HEADER_COUNTRY,
    HEADER_GTOKEN,
    HEADER_TIMEZONE,
    LOOKUP_URL,
    TOKEN_REFRESH_MARGIN,
    TRANSPORT_AUTO,
    TRANSPORT_ENCRYPTED,
    TRANSPORT_PLAIN,
    TRANSPORTS,
    Endpoint,
    server_for_country,
)
from .crypto import LoginCipher
from .lookup import estimate_server
from .ratelimit import RateLimiter
from .stats import RequestStats
from .tokenstore import CLIENT_STATE_KEY, ClientState, MemoryTokenStore, TokenStore
from .transport import EncryptedChannel, new_ident

_LOGGER = logging.getLogger(__name__)

RELOGIN_CODES = frozenset({401, 403, 26084})
"""Codes answered with one fresh login and one replay."""
RETRY_CODES = frozenset({502, 504, 522, 21105})
"""Codes answered with one replay after a random wait (522 = timeout)."""
REFUSED_PLAIN_STATUS = 403
"""HTTP status with which a cloud requiring the encrypted transport refuses plain requests."""
RETRY_WAIT_RANGE = (2.0, 5.0)
TIMEOUT_CODE = 522
NETWORK_ERROR_CODE = 998
READ_PREFIX = "get_"
WRITE_PREFIXES = ("set_", "update_")
"""Last path segments that pair a read endpoint with its write endpoint (get_x ↔ set_x/update_x)."""


@dataclass
class _WaitBudget:
    """The longest endpoint-limit wait an interactive call accepts, and what it already checked."""

    seconds: float
    task: asyncio.Task[Any] | None
    checked: set[str] = field(default_factory=set)


_WAIT_BUDGET: ContextVar[_WaitBudget | None] = ContextVar("solix_wait_budget", default=None)


def _op_needs(endpoint: str) -> dict[str, int]:
    """Requests a read-modify-write op may still send per endpoint, seen from its first request.

    A read endpoint counts twice (fresh read and read-back) and its write endpoints once; a
    write endpoint counts once and its read endpoint once (read-back). Unused paths wait 0 s.
    """
    head, _, last = endpoint.rpartition("/")
    if last.startswith(READ_PREFIX):
        name = last.removeprefix(READ_PREFIX)
        needs = {f"{head}/{prefix}{name}": 1 for prefix in WRITE_PREFIXES}
        needs[endpoint] = 2
        return needs
    for prefix in WRITE_PREFIXES:
        if last.startswith(prefix):
            return {endpoint: 1, f"{head}/{READ_PREFIX}{last.removeprefix(prefix)}": 1}
    return {endpoint: 1}


@dataclass(frozen=True)
class SessionOptions:
    """Tunable transport settings."""

    request_delay: float = 0.3
    """Minimum seconds between any two requests."""
    timeout: float = 10.0
    """Seconds until a request counts as timed out."""
    endpoint_limit: int = 10
    """Most requests of one endpoint within 62 s (0 disables the limit)."""
    transport: str = TRANSPORT_AUTO
    """`plain`, `encrypted` or `auto` (plain, switching when the cloud refuses it, §2.7)."""
    server_lookup: bool = False
    """Ask the app's server lookup before the first login (fallback: the country table)."""

    def __post_init__(self) -> None:
        """Refuse an unknown transport."""
        if self.transport not in TRANSPORTS:
            raise ValueError(f"transport must be one of {TRANSPORTS}, not {self.transport!r}")


@dataclass(frozen=True)
class LoginInfo:
    """What the session needs from a login response `data` (§2.3); secrets stay out of repr."""

    user_id: str
    nick_name: str
    email: str
    country_code: str
    expires_at: float
    auth_token: str = field(repr=False)
    gtoken: str = field(repr=False)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> LoginInfo:
        """Build from login data; ValueError if user id, token or expiry are missing."""
        user_id = data.get("user_id")
        auth_token = data.get("auth_token")
        expires_at = data.get("token_expires_at")
        if not isinstance(user_id, str) or not user_id:
            raise ValueError("login data without user_id")
        if not isinstance(auth_token, str) or not auth_token:
            raise ValueError("login data without auth_token")
        if not isinstance(expires_at, int | float) or isinstance(expires_at, bool):
            raise ValueError("login data without token_expires_at")
        return cls(
            user_id=user_id,
            nick_name=str(data.get("nick_name") or ""),
            email=str(data.get("email") or ""),
            country_code=str(data.get("country_code") or data.get("ab_code") or ""),
            expires_at=float(expires_at),
            auth_token=auth_token,
            gtoken=hashlib.md5(user_id.encode(), usedforsecurity=False).hexdigest(),
        )


def mask_email(email: str) -> str:
    """Return an e-mail address fit for logs (`d***@e***`)."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain[:1]}***"


def format_utc_offset(offset_seconds: int) -> str:
    """Format a UTC offset as the `timezone` header wants it (`GMT+02:00`, `GMT-05:30`)."""
    sign = "-" if offset_seconds < 0 else "+"
    minutes = abs(offset_seconds) // 60
    return f"GMT{sign}{minutes // 60:02d}:{minutes % 60:02d}"


class SolixSession:
    """An authenticated, paced connection of one account to the Anker power cloud."""

    def __init__(
        self,
        websession: aiohttp.ClientSession,
        email: str,
        password: str,
        country: str,
        *,
        server_url: str | None = None,
        server_public_key: str | None = None,
        token_store: TokenStore | None = None,
        options: SessionOptions | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        utc_offset_seconds: int | None = None,
        preset_key: str | None = None,
        terminal_id: str | None = None,
        lookup_url: str | None = None,
        on_transport_switch: Callable[[], None] | None = None,
    ) -> None:
        """Prepare a session; nothing is sent before the first `login`/`request`.

        `preset_key` (hex) defaults to the app's (§2.7); `terminal_id` is the login's stable
        installation id (default: one made once and kept in the token store); `lookup_url` is
        the lookup host (default: a given `server_url`, else the app's); `on_transport_switch`
        is called once per session when the cloud forced (now or earlier) the encrypted transport.
        """
        self.email = email
        self.country = country.strip().upper()
        self.server_url = (server_url or server_for_country(self.country)).rstrip("/")
        self._lookup_url = (lookup_url or server_url or LOOKUP_URL).rstrip("/")
        self._preset_key = preset_key or DEFAULT_PRESET_KEY
        EncryptedChannel(self._preset_key)  # ValueError now for a malformed key
        self._terminal_id_option = terminal_id
        self._on_transport_switch = on_transport_switch
        self._state = ClientState()
        self._channel: EncryptedChannel | None = None
        self._channel_lock = asyncio.Lock()
        self._awaiting_code = False
        """A login waits for its two-factor code."""
        self._pending_token: str | None = None
        """The limited token of that login (None if the cloud named none, e.g. code 26052)."""
        self._looked_up = False
        self._switch_notified = False
        self.options = options or SessionOptions()
        self.clock = clock
        self.stats = RequestStats(clock)
        self.login_info: LoginInfo | None = None
        self._websession = websession
        self._password = password
        self._cipher = LoginCipher(server_public_key or DEFAULT_SERVER_PUBLIC_KEY)
        self._store: TokenStore = token_store if token_store is not None else MemoryTokenStore()
        self._sleep = sleep
        self._utc_offset_seconds = utc_offset_seconds
        self._login_lock = asyncio.Lock()
        self._refused: SolixInvalidCredentialsError | None = None
        """The answer that refused the credentials: never sent again with the same password."""
        self._limiter = RateLimiter(
            clock,
            sleep,
            request_delay=self.options.request_delay,
            endpoint_limit=self.options.endpoint_limit,
        )

    @property
    def user_id(self) -> str | None:
        """The account's user id once logged in."""
        return self.login_info.user_id if self.login_info else None

    @property
    def nick_name(self) -> str | None:
        """The account's nickname once logged in (may be masked by the server)."""
        return self.login_info.nick_name if self.login_info else None

    @property
    def transport(self) -> str:
        """The transport in use now: `plain` or `encrypted`."""
        if self.options.transport == TRANSPORT_AUTO:
            return (
                TRANSPORT_ENCRYPTED
                if self._state.transport == TRANSPORT_ENCRYPTED
                else TRANSPORT_PLAIN
            )
        return self.options.transport

    @property
    def transport_info(self) -> dict[str, Any]:
        """The transport for diagnostics (no keys): option, in use, forced by the cloud, login."""
        return {
            "option": self.options.transport,
            "in_use": self.transport,
            "switched_by_cloud": self._state.switched,
            "app_login": self._state.app_login or self.transport == TRANSPORT_ENCRYPTED,
            "server_from_lookup": bool(self._state.server_url),
            "awaiting_code": self._awaiting_code,
        }

    @property
    def utc_offset_seconds(self) -> int:
        """UTC offset (s) of the account's local time: login, `timezone` header, account times.

        The configured offset, else the host zone's offset at clock time.
        """
        if self._utc_offset_seconds is not None:
            return self._utc_offset_seconds
        offset = datetime.fromtimestamp(self.clock()).astimezone().utcoffset()
        return int(offset.total_seconds()) if offset is not None else 0

    def update_options(self, options: SessionOptions) -> None:
        """Apply new transport options to the following requests."""
        self._limiter.configure(
            request_delay=options.request_delay, endpoint_limit=options.endpoint_limit
        )
        self.options = options

    async def wait_for_slots(self, endpoint: str, count: int) -> None:
        """Wait (injected sleep) until `count` requests of `endpoint` fit in its window.

        Background readers (history import) call this before each request with more than one
        slot, so the slots they leave free stay with live polling.
        """
        while (wait := self._limiter.wait_for(endpoint, count)) > 0:
            await self._sleep(wait)

    @contextlib.contextmanager
    def max_wait(self, seconds: float) -> Iterator[None]:
        """Refuse instead of waiting: requests of this task wait at most `seconds` for the limit.

        Checked once per endpoint pair when the op first touches it, for all requests the op may
        send there (read, write, read-back), so an op never stops after its write. Raises
        `SolixRateLimitWaitError` (``retry_after`` set) before sending. Background tasks started
        inside keep waiting as usual.
        """
        token = _WAIT_BUDGET.set(_WaitBudget(seconds, asyncio.current_task()))
        try:
            yield
        finally:
            _WAIT_BUDGET.reset(token)

    def _check_wait(self, endpoint: str) -> None:
        """Raise `SolixRateLimitWaitError` if an interactive op would wait too long (§3.6)."""
        budget = _WAIT_BUDGET.get()
        if (
            budget is None
            or endpoint in budget.checked
            or budget.task is not asyncio.current_task()
        ):
            return
        needs = _op_needs(endpoint)
        wait = max(self._limiter.wait_for(path, count) for path, count in needs.items())
        if wait > budget.seconds:
            _LOGGER.debug("%s would wait %.1f s for the endpoint limit: refused", endpoint, wait)
            raise SolixRateLimitWaitError(wait, endpoint=endpoint)
        budget.checked.update(needs)

    async def login(self, verify_code: str | None = None) -> LoginInfo:
        """Log in afresh: forget the stored token first ("restart" login, §2.4).

        With `verify_code`: complete the login that raised `SolixTwoFactorRequiredError` (no new
        code is asked for); `SolixVerifyCodeError` if none waits or the cloud refuses the code.
        """
        async with self._login_lock:
            return await self._fresh_login(verify_code)

    async def ensure_login(self) -> LoginInfo:
        """Return a token valid for more than 60 s: the current or stored one, else log in."""
        async with self._login_lock:
            await self._adopt_stored_login()
            if self.login_info is not None and self._is_fresh(self.login_info):
                return self.login_info
            return await self._fresh_login()

    async def request(
        self, method: str, endpoint: str, payload: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Send one logical request and return the full response envelope.

        Raises a `SolixError` subclass for HTTP errors and for envelope codes of §3.4; unlisted
        codes below 10000 (e.g. -1) are returned in the envelope.
        """
        endpoint = endpoint.strip("/")
        body = payload if payload is not None else {}
        self._check_wait(endpoint)
        login = await self.ensure_login()
        relogged_in = retried = False
        while True:
            try:
                return await self._exchange(method.upper(), endpoint, body, login)
            except SolixAuthError as err:
                if err.code not in RELOGIN_CODES:
                    raise
                if relogged_in:
                    # Refused again right after a fresh login: the plain protocol itself.
                    if not self._may_switch(err):
                        raise
                    await self._switch(endpoint)
                    _LOGGER.debug("Replaying %s once over the encrypted transport", endpoint)
                else:
                    relogged_in = True
                    _LOGGER.debug("Code %s on %s: logging in again", err.code, endpoint)
                login = await self._relogin(login)
            except (SolixConnectionError, SolixBusyError) as err:
                if retried or err.code not in RETRY_CODES:
                    raise
                retried = True
                wait = random.uniform(*RETRY_WAIT_RANGE)
                _LOGGER.debug("Code %s on %s: retry in %.1f s", err.code, endpoint, wait)
                await self._sleep(wait)
            except SolixRateLimitError:
                if retried or self.options.endpoint_limit == 0:
                    raise
                retried = True
                wait = self._limiter.time_until_slot_frees(endpoint)
                _LOGGER.debug("HTTP 429 on %s: retry in %.1f s", endpoint, wait)
                await self._sleep(wait)

    async def _adopt_stored_login(self) -> None:
        """Take over the stored login data if it is new (e.g. written by another process)."""
        data = await self._store.load()
        if data is not None:
            self._adopt_state(ClientState.from_data(data))
        if data is None or str(data.get("email", "")).lower() != self.email.lower():
            return
        try:
            stored = LoginInfo.from_data(data)
        except ValueError:
            return
        if self.login_info is None or stored.auth_token != self.login_info.auth_token:
            self.login_info = stored

    def _is_fresh(self, login: LoginInfo) -> bool:
        """True if the token is valid for more than the refresh margin."""
        return login.expires_at - self.clock() > TOKEN_REFRESH_MARGIN

    async def _relogin(self, stale: LoginInfo) -> LoginInfo:
        """Log in again unless a concurrent request already replaced the stale token."""
        async with self._login_lock:
            current = self.login_info
            if current is not None and current.auth_token != stale.auth_token:
                return current
            return await self._fresh_login()

    async def _fresh_login(self, verify_code: str | None = None) -> LoginInfo:
        """Clear the stored token, log in and store the new login data (lock held)."""
        if self._refused is not None:
            # The cloud refused this password: asking again only risks the 24 h login lock.
            raise SolixInvalidCredentialsError(
                self._refused.msg, code=self._refused.code, endpoint=Endpoint.LOGIN
            )
        if verify_code is not None and not self._awaiting_code:
            raise SolixVerifyCodeError(
                "no login waits for a code", code=26054, endpoint=Endpoint.LOGIN
            )
        if verify_code is None:
            # A new attempt makes the cloud send a new code.
            self._awaiting_code, self._pending_token = False, None
        self.login_info = None
        stored = await self._store.load()
        if stored is not None:
            self._adopt_state(ClientState.from_data(stored))
        await self._store.clear()
        if self._state != ClientState():
            await self._store.save({CLIENT_STATE_KEY: self._state.as_dict()})
        await self._lookup_server()
        _LOGGER.debug("Logging in %s at %s", mask_email(self.email), self.server_url)
        try:
            envelope = await self._login_exchange(verify_code)
        except SolixInvalidCredentialsError as err:
            self._refused = err
            raise
        except SolixTwoFactorRequiredError:
            self._awaiting_code = True  # code 26052: a code without a limited token
            raise
        data = envelope.get("data")
        if isinstance(data, dict) and (two_factor := two_factor_error(data)) is not None:
            self._awaiting_code, self._pending_token = True, limited_token(data)
            await self._store.save({CLIENT_STATE_KEY: self._state.as_dict()})
            _LOGGER.debug("Login of %s needs a two-factor code", mask_email(self.email))
            raise two_factor
        try:
            if not isinstance(data, dict):
                raise ValueError("login response without data")
            login = LoginInfo.from_data(data)
        except ValueError as err:
            raise SolixAuthError(
                f"login failed: {err}; {envelope.get('msg', '')}",
                code=int(envelope.get("code", 0)),
                endpoint=Endpoint.LOGIN,
            ) from None
        if verify_code is not None:
            self._state.app_login = True
        self._awaiting_code, self._pending_token = False, None
        await self._store.save({**data, CLIENT_STATE_KEY: self._state.as_dict()})
        self.login_info = login
        return login

    async def _login_exchange(self, verify_code: str | None) -> dict[str, Any]:
        """The plain login (§2.1) or the app's (§2.7); auto switches when plain is refused."""
        app = (
            verify_code is not None
            or self._state.app_login
            or self.transport == TRANSPORT_ENCRYPTED
        )
        if app:
            return await self._app_login(verify_code)
        try:
            return await self._exchange("POST", Endpoint.LOGIN, self._login_body(), None)
        except SolixAuthError as err:
            if not self._may_switch(err):
                raise
        await self._switch(Endpoint.LOGIN)
        return await self._app_login(None)

    async def _app_login(self, verify_code: str | None) -> dict[str, Any]:
        """Key exchange, then the sealed app login (with the code and the limited token)."""
        self._channel = None
        headers = app_login_headers(
            self._terminal_id(), self._pending_token if verify_code else None
        )
        body = app_login_body(self._login_body(), verify_code)
        return await self._sealed_exchange("POST", Endpoint.LOGIN, body, None, headers)

    def _terminal_id(self) -> str:
        """The login's stable installation id: given, remembered, else made now (and kept)."""
        if self._terminal_id_option:
            return self._terminal_id_option
        if not self._state.terminal_id:
            self._state.terminal_id = str(uuid.uuid4())
        return self._state.terminal_id

    def _may_switch(self, err: SolixError) -> bool:
        """Whether `err` is the cloud refusing the plain protocol and auto may switch."""
        return (
            self.options.transport == TRANSPORT_AUTO
            and self.transport == TRANSPORT_PLAIN
            and err.code == REFUSED_PLAIN_STATUS
        )

    async def _switch(self, endpoint: str) -> None:
        """Use the encrypted transport for the rest of the session and remember it."""
        self._state.transport = TRANSPORT_ENCRYPTED
        self._state.switched = True
        self._channel = None
        _LOGGER.warning(
            "The Anker cloud refused the plain protocol (%s): switching to the encrypted transport",
            endpoint,
        )
        stored = await self._store.load() or {}
        await self._store.save({**stored, CLIENT_STATE_KEY: self._state.as_dict()})
        self._notify_switch()

    def _notify_switch(self) -> None:
        """Tell the owner once per session that the cloud forced the encrypted transport."""
        if self._switch_notified or self._on_transport_switch is None:
            return
        self._switch_notified = True
        self._on_transport_switch()

    def _adopt_state(self, state: ClientState) -> None:
        """Take over what the store remembers (transport, app login, looked-up server)."""
        if state == self._state:
            return
        if not state.terminal_id:
            state.terminal_id = self._state.terminal_id
        self._state = state
        if state.server_url:
            self.server_url = state.server_url
        if state.switched and self.transport == TRANSPORT_ENCRYPTED:
            self._notify_switch()

    async def _lookup_server(self) -> None:
        """Ask the server lookup once per session if enabled and nothing is remembered."""
        if not self.options.server_lookup or self._state.server_url or self._looked_up:
            return
        self._looked_up = True
        await self._limiter.acquire(Endpoint.ESTIMATE_DOMAIN)
        server = await estimate_server(
            self._websession,
            self.country,
            lookup_url=self._lookup_url,
            seconds=self.options.timeout,
            stats=self.stats,
        )
        if server is not None:
            self._state.server_url = server
            self.server_url = server

    def _login_body(self) -> dict[str, Any]:
        """The `passport/login` body of §2.1."""
        return {
            "ab": self.country,
            "client_secret_info": {"public_key": self._cipher.public_key_hex},
            "enc": 0,
            "email": self.email,
            "password": self._cipher.encrypt_password(self._password),
            "time_zone": self.utc_offset_seconds * 1000,
            "transaction": str(int(self.clock() * 1000)),
        }

    def _headers(self, login: LoginInfo | None) -> dict[str, str]:
        """The headers of §2.5; token headers only once logged in."""
        headers = dict(BASE_HEADERS)
        headers[HEADER_COUNTRY] = self.country
        headers[HEADER_TIMEZONE] = format_utc_offset(self.utc_offset_seconds)
        if login is not None:
            headers[HEADER_GTOKEN] = login.gtoken
            headers[HEADER_AUTH_TOKEN] = login.auth_token
        return headers

    async def _exchange(
        self, method: str, endpoint: str, body: dict[str, Any], login: LoginInfo | None
    ) -> dict[str, Any]:
        """One paced exchange on the transport in use: the envelope or the mapped error."""
        if self.transport == TRANSPORT_ENCRYPTED:
            return await self._sealed_exchange(method, endpoint, body, login)
        return await self._send(
            method, endpoint, json.dumps(body).encode("utf-8"), self._headers(login)
        )

    async def _sealed_exchange(
        self,
        method: str,
        endpoint: str,
        body: dict[str, Any],
        login: LoginInfo | None,
        extra_headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """One exchange over the encrypted transport: sealed body, signed, answer opened."""
        channel = await self._ready_channel()
        text, signed = channel.request(*self._stamp(), json.dumps(body))
        headers = {**self._headers(login), **signed, **(extra_headers or {})}
        headers[HEADER_CONTENT_TYPE] = CONTENT_TYPE_TEXT
        try:
            envelope = await self._send(method, endpoint, text.encode("utf-8"), headers)
        except SolixAuthError as err:
            if err.code in (401, 403):
                self._channel = None  # a new key exchange before the next request
            raise
        try:
            return channel.open(envelope)
        except ValueError:
            self._channel = None
            raise SolixPayloadError(
                "encrypted answer does not decrypt", code=200, endpoint=endpoint
            ) from None

    def _stamp(self) -> tuple[str, str]:
        """`x-request-ts` (Unix seconds) and a fresh `x-request-once`."""
        return str(int(self.clock())), new_ident()

    async def _ready_channel(self) -> EncryptedChannel:
        """The encrypted channel, after a key exchange if there is none (§2.7 handshake)."""
        async with self._channel_lock:
            if self._channel is not None and self._channel.ready:
                return self._channel
            channel = EncryptedChannel(self._preset_key)
            text, signed = channel.handshake(*self._stamp())
            headers = {**self._headers(None), **signed}
            envelope = await self._send(
                "POST", Endpoint.KEY_EXCHANGE, text.encode("utf-8"), headers
            )
            try:
                channel.complete(envelope.get("data"))
            except ValueError:
                raise SolixPayloadError(
                    "key exchange answer without a usable server key",
                    code=200,
                    endpoint=Endpoint.KEY_EXCHANGE,
                ) from None
            self._channel = channel
            _LOGGER.debug("Key exchange done at %s", self.server_url)
            return channel

    async def _send(
        self, method: str, endpoint: str, sent: bytes, headers: dict[str, str]
    ) -> dict[str, Any]:
        """One paced HTTP exchange: returns the envelope or raises the mapped error."""
        await self._limiter.acquire(endpoint)
        try:
            async with (
                asyncio.timeout(self.options.timeout),
                self._websession.request(
                    method, f"{self.server_url}/{endpoint}", data=sent, headers=headers
                ) as response,
            ):
                status = response.status
                received = await response.read()
                retry_after = response.headers.get("Retry-After")
        except TimeoutError:
            self.stats.record(endpoint, len(sent), 0, error=True)
            raise SolixConnectionError(
                f"no response within {self.options.timeout} s", code=TIMEOUT_CODE, endpoint=endpoint
            ) from None
        except aiohttp.ClientPayloadError as err:
            self.stats.record(endpoint, len(sent), 0, error=True)
            raise SolixPayloadError(f"broken response body: {err}", endpoint=endpoint) from None
        except aiohttp.ClientError as err:
            self.stats.record(endpoint, len(sent), 0, error=True)
            raise SolixConnectionError(
                f"network error: {type(err).__name__}", code=NETWORK_ERROR_CODE, endpoint=endpoint
            ) from None
        try:
            envelope = self._check_response(status, received, endpoint)
        except SolixError as err:
            self.stats.record(endpoint, len(sent), len(received), error=True)
            if isinstance(err, SolixRateLimitError):
                err.retry_after = _seconds(retry_after)
            raise
        self.stats.record(endpoint, len(sent), len(received), error=envelope["code"] != 0)
        _LOGGER.debug("%s %s -> %s code %s", method, endpoint, status, envelope["code"])
        return envelope

    @staticmethod
    def _check_response(status: int, received: bytes, endpoint: str) -> dict[str, Any]:
        """Map an HTTP status and body to the envelope or to the error to raise."""
        text = received.decode("utf-8", errors="replace")
        if not 200 <= status < 300:
            raise _http_error(status, text, endpoint)
        try:
            envelope = json.loads(text)
        except ValueError:
            envelope = None
        if not isinstance(envelope, dict) or not isinstance(envelope.get("code"), int):
            # A broken JSON body may carry tokens, serials or site ids: quote only non-JSON text
            # (an HTML gateway page, say), never a login response.
            quotable = endpoint != Endpoint.LOGIN and not text.lstrip().startswith(("{", "["))
            snippet = f": {shorten(text)}" if quotable else f" ({len(received)} bytes)"
            raise SolixPayloadError(
                f"HTTP {status}: response is not a JSON envelope{snippet}",
                code=status,
                endpoint=endpoint,
            )
        error = error_for_code(envelope["code"], str(envelope.get("msg", "")), endpoint)
        if error is not None:
            raise error
        return envelope


def _http_error(status: int, text: str, endpoint: str) -> SolixError:
    """The error for an HTTP error status (§3.3); the body text is kept shortened."""
    message = text or f"HTTP {status}"
    error = error_for_code(status, message, endpoint)
    if error is not None:
        return error
    if status >= 500:
        return SolixServerError(message, code=status, endpoint=endpoint)
    return SolixRequestError(message, code=status, endpoint=endpoint)


def _seconds(retry_after: str | None) -> float | None:
    """The seconds of a ``Retry-After`` header given in seconds (dates are ignored)."""
    try:
        seconds = float(retry_after) if retry_after is not None else None
    except ValueError:
        return None
    return seconds if seconds is not None and 0 < seconds < 86400 else None
