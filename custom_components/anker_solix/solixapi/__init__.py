"""Async client library for the Anker power cloud (no Home Assistant imports)."""

from .api import SolixApi
from .const import (
    API_SERVERS,
    COM_COUNTRIES,
    DEFAULT_SERVER_PUBLIC_KEY,
    EU_COUNTRIES,
    GET_ENDPOINTS,
    Endpoint,
    server_for_country,
)
from .crypto import LoginCipher, decrypt_password, encrypt_password
from .errors import (
    SolixAuthError,
    SolixBusyError,
    SolixConnectionError,
    SolixControlError,
    SolixError,
    SolixInvalidCredentialsError,
    SolixItemExistsError,
    SolixItemLimitError,
    SolixLoginLockedError,
    SolixNotAllowedError,
    SolixNotFoundError,
    SolixPayloadError,
    SolixPermissionError,
    SolixRateLimitError,
    SolixRequestError,
    SolixServerError,
    SolixValidationError,
    SolixVerifyCodeError,
    SolixVerifyError,
    error_for_code,
)
from .poller import SolixPoller
from .ratelimit import RateLimiter
from .session import LoginInfo, SessionOptions, SolixSession
from .stats import RequestStats, TrafficCount
from .tokenstore import FileTokenStore, MemoryTokenStore, TokenStore

__all__ = [
    "API_SERVERS",
    "COM_COUNTRIES",
    "DEFAULT_SERVER_PUBLIC_KEY",
    "EU_COUNTRIES",
    "GET_ENDPOINTS",
    "Endpoint",
    "FileTokenStore",
    "LoginCipher",
    "LoginInfo",
    "MemoryTokenStore",
    "RateLimiter",
    "RequestStats",
    "SessionOptions",
    "SolixApi",
    "SolixAuthError",
    "SolixBusyError",
    "SolixConnectionError",
    "SolixControlError",
    "SolixError",
    "SolixInvalidCredentialsError",
    "SolixItemExistsError",
    "SolixItemLimitError",
    "SolixLoginLockedError",
    "SolixNotAllowedError",
    "SolixNotFoundError",
    "SolixPayloadError",
    "SolixPermissionError",
    "SolixPoller",
    "SolixRateLimitError",
    "SolixRequestError",
    "SolixServerError",
    "SolixSession",
    "SolixValidationError",
    "SolixVerifyCodeError",
    "SolixVerifyError",
    "TokenStore",
    "TrafficCount",
    "decrypt_password",
    "encrypt_password",
    "error_for_code",
    "server_for_country",
]
