"""Accounts, login (protocol §2.1-2.3) and token checks (§2.5, §2.6) of the simulator."""

from __future__ import annotations

import hashlib
import secrets
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

_MSG_BY_CODE = {
    CODE_INVALID_CREDENTIALS: "Your email or password is incorrect.",
    CODE_CLIENT_KEY: "Client public key error.",
    CODE_LOCKED: "Too many login attempts, please try again after 24 hours.",
    CODE_KICKED_OUT: "Token does not exist.",
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
    _attempts: dict[str, _Attempts] = field(default_factory=dict)
    _token_counter: int = 0

    def login(self, body: dict[str, Any]) -> SimReply:
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
        return SimReply(data=self._issue(body, now))

    def _issue(self, body: dict[str, Any], now: float) -> dict[str, Any]:
        """Create a token and the login ``data`` of §2.3."""
        self._token_counter += 1
        token = secrets.token_hex(32)
        expires_at = int(now) + TOKEN_LIFETIME_SECONDS
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
