"""Accounts, login (protocol §2.1-2.3), two-factor login (§2.7) and token checks (§2.5, §2.6).

With `AuthService.require_two_factor` on, a login with the right password from a terminal that
has not completed a code yet (plain logins carry no terminal id) gets a limited token and
``fa_info.info`` set, and a new 6-digit code (`two_factor_code`, readable through the admin API)
replaces any earlier one. The login with ``verify_code`` and ``x-auth-token: <limited token>``
then gets a full token and trusts its ``x-terminal-id``. A wrong code answers 26050; the fifth
wrong one voids the code (26053).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from solixsim.clock import SimClock
from solixsim.crypto import ClientKeyError, ServerKeyPair
from solixsim.reply import SimReply
from solixsim.scenario import ScenarioMeta

TOKEN_LIFETIME_SECONDS = 7 * 24 * 3600
LOCKOUT_SECONDS = 24 * 3600
CODE_INVALID_CREDENTIALS = 26108
CODE_CLIENT_KEY = 26070
CODE_LOCKED = 100053
CODE_KICKED_OUT = 26084
CODE_WRONG_CODE = 26050
CODE_CODE_EXHAUSTED = 26053
CODE_NO_CODE = 26054
MAX_CODE_ATTEMPTS = 5

_MSG_BY_CODE = {
    CODE_INVALID_CREDENTIALS: "Your email or password is incorrect.",
    CODE_CLIENT_KEY: "Client public key error.",
    CODE_LOCKED: "Too many login attempts, please try again after 24 hours.",
    CODE_KICKED_OUT: "Token does not exist.",
    CODE_WRONG_CODE: "Verification code error.",
    CODE_CODE_EXHAUSTED: "Too many verification attempts.",
    CODE_NO_CODE: "Verification code does not match.",
}


def md5_hex(text: str) -> str:
    """Lower-case MD5 hex of a string (the ``gtoken`` header is md5 of the user id)."""
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def error_reply(code: int) -> SimReply:
    """An HTTP 200 envelope carrying an authentication error code."""
    return SimReply(code=code, msg=_MSG_BY_CODE.get(code, "Failed to request."))


@dataclass
class IssuedToken:
    """A token handed out by a login."""

    user_id: str
    expires_at: float
    kicked_code: int | None = None
    kicked: bool = False


@dataclass
class _Attempts:
    """Failed login attempts of one e-mail address."""

    failures: int = 0
    locked_until: float = 0.0


@dataclass
class AuthService:
    """Logs the scenario account in and checks the tokens of later requests."""

    meta: ScenarioMeta
    keys: ServerKeyPair
    clock: SimClock
    max_failed_logins: int = 5
    tokens: dict[str, IssuedToken] = field(default_factory=dict)
    require_two_factor: bool = False
    two_factor_code: str | None = None
    """The code last sent (None: no code pending)."""
    codes_sent: int = 0
    trusted_terminals: set[str] = field(default_factory=set)
    _limited: set[str] = field(default_factory=set)
    _code_failures: int = 0
    _attempts: dict[str, _Attempts] = field(default_factory=dict)
    _token_counter: int = 0

    def login(self, body: dict[str, Any], headers: Mapping[str, str] | None = None) -> SimReply:
        """Answer ``passport/login`` with the §2.3 data or an error envelope."""
        email = str(body.get("email", "")).strip().lower()
        attempts = self._attempts.setdefault(email, _Attempts())
        now = self.clock.now()
        if attempts.locked_until > now:
            return error_reply(CODE_LOCKED)
        secret_info = body.get("client_secret_info")
        client_key = secret_info.get("public_key") if isinstance(secret_info, dict) else None
        if not isinstance(client_key, str) or not client_key:
            return error_reply(CODE_CLIENT_KEY)
        try:
            password = self.keys.decrypt_password(client_key, str(body.get("password", "")))
        except ClientKeyError:
            return error_reply(CODE_CLIENT_KEY)
        if email != self.meta.email.lower() or password != self.meta.password:
            attempts.failures += 1
            if attempts.failures >= self.max_failed_logins:
                attempts.locked_until = now + LOCKOUT_SECONDS
            return error_reply(CODE_INVALID_CREDENTIALS)
        attempts.failures = 0
        if self.require_two_factor:
            challenge = self._two_factor(body, headers or {}, now)
            if challenge is not None:
                return challenge
        return SimReply(data=self._issue(body, now))

    def _two_factor(
        self, body: dict[str, Any], headers: Mapping[str, str], now: float
    ) -> SimReply | None:
        """The limited answer or code error of a two-factor login; None when it may pass."""
        terminal = headers.get("x-terminal-id") or ""
        code = str(body.get("verify_code") or "")
        if not code:
            if terminal and terminal in self.trusted_terminals:
                return None
            # A new attempt: a new code, the old one is void.
            self.two_factor_code = f"{secrets.randbelow(1_000_000):06d}"
            self.codes_sent += 1
            self._code_failures = 0
            data = self._issue(body, now, limited=True)
            data["fa_info"] = {"step": 1, "info": "t***@e***"}
            return SimReply(data=data)
        if headers.get("x-auth-token") not in self._limited or self.two_factor_code is None:
            return error_reply(CODE_NO_CODE)
        if not secrets.compare_digest(code, self.two_factor_code):
            self._code_failures += 1
            if self._code_failures >= MAX_CODE_ATTEMPTS:
                self.two_factor_code = None
                return error_reply(CODE_CODE_EXHAUSTED)
            return error_reply(CODE_WRONG_CODE)
        self.two_factor_code = None
        self._limited.clear()
        if terminal:
            self.trusted_terminals.add(terminal)
        return None

    def _issue(self, body: dict[str, Any], now: float, *, limited: bool = False) -> dict[str, Any]:
        """Create a token (limited: good only for sending the code) and the §2.3 login data."""
        self._token_counter += 1
        token = secrets.token_hex(32)
        expires_at = int(now) + TOKEN_LIFETIME_SECONDS
        if limited:
            self._limited.add(token)
        else:
            self.tokens[token] = IssuedToken(user_id=self.meta.user_id, expires_at=expires_at)
        country = self.meta.country
        return {
            "user_id": self.meta.user_id,
            "email": self.meta.email,
            "nick_name": self.meta.nick_name,
            "auth_token": token,
            "token_expires_at": expires_at,
            "avatar": "",
            "mac_addr": "",
            "domain": "",
            "ab_code": str(body.get("ab") or country).upper(),
            "token_id": self._token_counter,
            "geo_key": secrets.token_hex(8),
            "privilege": 0,
            "phone_code": "",
            "phone": "",
            "phone_number": "",
            "phone_code_2fa": "",
            "phone_2fa": "",
            "server_secret_info": {"public_key": self.keys.public_key_hex},
            "params": [],
            "trust_list": None,
            "fa_info": {"step": 0, "info": ""},
            "country_code": country,
            "ap_cloud_user_id": hashlib.sha1(
                f"ap-cloud/{self.meta.user_id}".encode(), usedforsecurity=False
            ).hexdigest(),
        }

    def check(self, token: str | None, gtoken: str | None) -> tuple[SimReply | None, str | None]:
        """Check the token headers of a request.

        Returns ``(None, user_id)`` when authorized, otherwise ``(reply, None)`` with an HTTP 401
        reply or, for a token kicked out with a code, that code in an HTTP 200 envelope.
        """
        issued = self.tokens.get(token or "")
        if issued is None or gtoken != md5_hex(issued.user_id):
            return SimReply(status=401, text="401 Unauthorized"), None
        if issued.kicked:
            if issued.kicked_code is None:
                return SimReply(status=401, text="401 Unauthorized"), None
            return error_reply(issued.kicked_code), None
        if issued.expires_at <= self.clock.now():
            return SimReply(status=401, text="401 Unauthorized"), None
        return None, issued.user_id

    def invalidate_tokens(self, code: int | None = CODE_KICKED_OUT) -> None:
        """Kick out every issued token: later requests answer ``code`` (HTTP 401 when None)."""
        for issued in self.tokens.values():
            if not issued.kicked:
                issued.kicked = True
                issued.kicked_code = code
