"""Exception hierarchy of the client library and the mapping of cloud error codes (§3.4).

Every error is a `SolixError` carrying the numeric `code` (envelope code or HTTP status) and the
`endpoint` path it happened on.
"""

from __future__ import annotations

MESSAGE_LIMIT = 200
"""Longest server text (characters) copied into an error message."""


def shorten(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """Return `text` stripped and cut to `limit` characters (marked with an ellipsis)."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


class SolixError(Exception):
    """Base class of every error raised by the client library."""

    def __init__(self, msg: str, *, code: int = 0, endpoint: str = "") -> None:
        """Keep the server message (shortened), the numeric code and the endpoint path."""
        self.msg = shorten(msg)
        self.code = code
        self.endpoint = endpoint
        where = f", endpoint {endpoint}" if endpoint else ""
        super().__init__(f"{self.msg} (code {code}{where})")


class SolixConnectionError(SolixError):
    """Network failure, timeout (code 522), gateway error (502/504) or codes 997/998."""


class SolixServerError(SolixError):
    """Server side failure: code 999, HTTP 5xx (503 is an HTML page of the gateway)."""


class SolixPayloadError(SolixError):
    """The response body is not a JSON envelope (HTML, truncated, wrong shape)."""


class SolixRateLimitError(SolixError):
    """HTTP 429: too many requests to one endpoint within a minute."""

    retry_after: float | None = None
    """Seconds from the ``Retry-After`` header, if the cloud sent one."""


class SolixRateLimitWaitError(SolixRateLimitError):
    """An interactive request would wait longer than allowed for the endpoint limit.

    Raised before anything is sent (see `SolixSession.max_wait`); ``retry_after`` holds the
    seconds until the request fits.
    """

    reason = "rate_limit_wait"

    def __init__(self, retry_after: float, *, endpoint: str = "") -> None:
        """Keep the seconds until the endpoint's window has room."""
        super().__init__(
            f"the endpoint limit allows the next request in {retry_after:.0f} s",
            code=429,
            endpoint=endpoint,
        )
        self.retry_after = retry_after


class SolixBusyError(SolixError):
    """Envelope code 21105: the server is busy."""


class SolixAuthError(SolixError):
    """Not authorized: HTTP 401/403 after a relogin, token kicked out (26084), key error (26070)."""


class SolixInvalidCredentialsError(SolixAuthError):
    """Wrong e-mail or password (26108, 26156); never retried."""


class SolixLoginLockedError(SolixAuthError):
    """Too many login attempts (100053): logins are locked for about 24 hours."""


class SolixVerifyCodeError(SolixAuthError):
    """A verification code is needed, wrong, expired or exhausted (26050–26055)."""


class SolixTwoFactorRequiredError(SolixVerifyCodeError):
    """The login needs a two-factor code (26052, or `fa_info.info` set, §2.7 app login 3).

    The cloud sent a code to `destination` (its own, already masked text, may be empty). Submit
    it with `SolixSession.login(verify_code=...)` on the same session; a new plain `login()`
    would make the cloud send another code and invalidate this one.
    """

    def __init__(
        self, msg: str = "", *, code: int = 26052, endpoint: str = "", destination: str = ""
    ) -> None:
        """Keep where the cloud says it sent the code."""
        super().__init__(msg or "a verification code is required", code=code, endpoint=endpoint)
        self.destination = destination


class SolixRequestError(SolixError):
    """The request was rejected: HTTP 400 and generic codes ≥ 10000."""


class SolixNotFoundError(SolixRequestError):
    """Code 10004: the requested item does not exist."""


class SolixPermissionError(SolixRequestError):
    """Code 160003: the account has no access permission for the device."""


class SolixItemExistsError(SolixRequestError):
    """Code 31001: the item already exists."""


class SolixItemLimitError(SolixRequestError):
    """Code 31003: an item limit was exceeded (e.g. more than 5 vehicles)."""


class SolixControlError(SolixError):
    """A control or schedule change refused by the client before any request is sent.

    `reason` is a stable snake_case key (the integration translates it), `field` names the
    offending input (None when the refusal is not about one field), `placeholders` fill the text.
    """

    def __init__(
        self,
        reason: str,
        *,
        field: str | None = None,
        placeholders: dict[str, str] | None = None,
    ) -> None:
        """Keep the reason key, the field and the message placeholders."""
        self.reason = reason
        self.field = field
        self.placeholders = dict(placeholders or {})
        detail = ", ".join(f"{key}={value}" for key, value in sorted(self.placeholders.items()))
        where = f" [{field}]" if field else ""
        super().__init__(f"{reason}{where}{': ' + detail if detail else ''}")


class SolixValidationError(SolixControlError):
    """Bad input: a value out of range, a malformed time, overlapping or empty slots."""


class SolixNotAllowedError(SolixControlError):
    """The change is not possible here: member account, SB1 schedule enforced by an SB2, no
    usable plan for the mode, the device lacks the feature, or an increase within the cool-down.
    """


class SolixVerifyError(SolixError):
    """A write was accepted, but reading it back shows a different value."""


class SolixUnconfirmedError(SolixVerifyError):
    """A write was accepted, but reading it back failed: the change is not confirmed yet."""


CODE_ERRORS: dict[int, type[SolixError]] = {
    400: SolixRequestError,
    401: SolixAuthError,
    403: SolixAuthError,
    429: SolixRateLimitError,
    502: SolixConnectionError,
    504: SolixConnectionError,
    522: SolixConnectionError,
    997: SolixConnectionError,
    998: SolixConnectionError,
    999: SolixServerError,
    10000: SolixRequestError,
    10003: SolixRequestError,
    10004: SolixNotFoundError,
    10007: SolixRequestError,
    21105: SolixBusyError,
    26050: SolixVerifyCodeError,
    26051: SolixVerifyCodeError,
    26052: SolixTwoFactorRequiredError,
    26053: SolixVerifyCodeError,
    26054: SolixVerifyCodeError,
    26055: SolixVerifyCodeError,
    26070: SolixAuthError,
    26084: SolixAuthError,
    26108: SolixInvalidCredentialsError,
    26156: SolixInvalidCredentialsError,
    26161: SolixRequestError,
    31001: SolixItemExistsError,
    31003: SolixItemLimitError,
    100053: SolixLoginLockedError,
    160003: SolixPermissionError,
}
"""Codes with a dedicated error class (§3.4); 522 is the pseudo status of a timeout."""

GENERIC_ERROR_THRESHOLD = 10000
"""Unlisted codes from here on raise `SolixRequestError`; lower unlisted codes do not raise."""


def error_for_code(code: int, msg: str, endpoint: str = "") -> SolixError | None:
    """Return the error for an envelope code or HTTP status, or None if it must not raise.

    Code 0 (success) and unlisted codes below 10000 (notably -1, "Failed to request.") return
    None: the caller receives the envelope. Unlisted HTTP 5xx statuses map to `SolixServerError`.
    """
    error_class = CODE_ERRORS.get(code)
    if error_class is None:
        if code >= GENERIC_ERROR_THRESHOLD:
            error_class = SolixRequestError
        elif 500 <= code <= 599:
            error_class = SolixServerError
        else:
            return None
    return error_class(msg, code=code, endpoint=endpoint)
