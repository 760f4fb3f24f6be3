"""The app's login (§2.7, app login 2–5): body, login-only headers and the two-factor answer.

The body travels sealed over the encrypted transport (the session does that); the password in
it is still encrypted with the static scheme of §2.2. `openudid` and `x-terminal-id` carry a
stable per-installation id and are sent on the login only (an authenticated read carrying them
is refused by the gateway). A login answer whose `fa_info.info` is set means a code was sent
and the token is limited: `two_factor_error` turns it into `SolixTwoFactorRequiredError`.
"""

from __future__ import annotations

from typing import Any

from ..common.errors import SolixTwoFactorRequiredError, shorten
from .const import (
    APP_LOGIN_HEADERS,
    HEADER_AUTH_TOKEN,
    HEADER_OPENUDID,
    HEADER_TERMINAL_ID,
    Endpoint,
)

TWO_FACTOR_CODE = 26052


def app_login_body(plain_body: dict[str, Any], verify_code: str | None) -> dict[str, Any]:
    """The app login body: the plain login's fields (§2.1) plus the app's empty extras."""
    return {
        **plain_body,
        "answer": "",
        "captcha_id": "",
        "verify_code": verify_code or "",
        "login_id": "",
    }


def app_login_headers(terminal_id: str, limited_token: str | None) -> dict[str, str]:
    """The login-only headers; the limited token of a two-factor login goes along with the code."""
    headers = {**APP_LOGIN_HEADERS, HEADER_OPENUDID: terminal_id, HEADER_TERMINAL_ID: terminal_id}
    if limited_token:
        headers[HEADER_AUTH_TOKEN] = limited_token
    return headers


def two_factor_error(data: dict[str, Any]) -> SolixTwoFactorRequiredError | None:
    """The error for a login answer that asks for a code, None for a complete login."""
    info = data.get("fa_info")
    text = info.get("info") if isinstance(info, dict) else None
    if not isinstance(text, str) or not text.strip():
        return None
    return SolixTwoFactorRequiredError(
        "a verification code was sent",
        code=TWO_FACTOR_CODE,
        endpoint=Endpoint.LOGIN,
        destination=shorten(text, 80),
    )


def limited_token(data: dict[str, Any]) -> str | None:
    """The limited token of a two-factor answer (sent again with the code)."""
    token = data.get("auth_token")
    return token if isinstance(token, str) and token else None
