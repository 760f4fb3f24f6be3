"""Talking to the Anker cloud: servers and endpoint paths, login crypto, token stores, the
per-endpoint rate limit, request accounting, the session and one typed call per endpoint.

May import from the library: common.
"""

from .api import SolixApi, compact_json
from .const import (
    API_SERVERS,
    COM_COUNTRIES,
    DEFAULT_SERVER_PUBLIC_KEY,
    EU_COUNTRIES,
    GET_ENDPOINTS,
    RATE_LIMIT_WINDOW,
    Endpoint,
    server_for_country,
)
from .crypto import (
    LoginCipher,
    decrypt_password,
    encrypt_password,
    generate_private_key,
    public_key_from_hex,
    public_key_hex,
)
from .ratelimit import RateLimiter
from .session import LoginInfo, SessionOptions, SolixSession, format_utc_offset, mask_email
from .stats import RequestStats, TrafficCount
from .tokenstore import FileTokenStore, MemoryTokenStore, TokenStore

__all__ = [
    "API_SERVERS",
    "COM_COUNTRIES",
    "DEFAULT_SERVER_PUBLIC_KEY",
    "EU_COUNTRIES",
    "GET_ENDPOINTS",
    "RATE_LIMIT_WINDOW",
    "Endpoint",
    "FileTokenStore",
    "LoginCipher",
    "LoginInfo",
    "MemoryTokenStore",
    "RateLimiter",
    "RequestStats",
    "SessionOptions",
    "SolixApi",
    "SolixSession",
    "TokenStore",
    "TrafficCount",
    "compact_json",
    "decrypt_password",
    "encrypt_password",
    "format_utc_offset",
    "generate_private_key",
    "mask_email",
    "public_key_from_hex",
    "public_key_hex",
    "server_for_country",
]
