"""Talking to the Anker cloud: servers and endpoint paths, login crypto, token stores, the
per-endpoint rate limit, request accounting, the session and one typed call per endpoint; the
encrypted transport, the app's login and the server lookup (§2.7).

May import from the library: common.
"""

from .api import SolixApi, compact_json
from .applogin import app_login_body, app_login_headers, two_factor_error
from .const import (
    API_SERVERS,
    COM_COUNTRIES,
    DEFAULT_PRESET_KEY,
    DEFAULT_SERVER_PUBLIC_KEY,
    EU_COUNTRIES,
    GET_ENDPOINTS,
    LOOKUP_URL,
    RATE_LIMIT_WINDOW,
    TRANSPORT_AUTO,
    TRANSPORT_ENCRYPTED,
    TRANSPORT_PLAIN,
    TRANSPORTS,
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
from .lookup import estimate_server, server_from_domain
from .ratelimit import RateLimiter
from .session import LoginInfo, SessionOptions, SolixSession, format_utc_offset, mask_email
from .stats import RequestStats, TrafficCount
from .tokenstore import CLIENT_STATE_KEY, ClientState, FileTokenStore, MemoryTokenStore, TokenStore
from .transport import EncryptedChannel, seal, sign, unseal

__all__ = [
    "API_SERVERS",
    "CLIENT_STATE_KEY",
    "COM_COUNTRIES",
    "DEFAULT_PRESET_KEY",
    "DEFAULT_SERVER_PUBLIC_KEY",
    "EU_COUNTRIES",
    "GET_ENDPOINTS",
    "LOOKUP_URL",
    "RATE_LIMIT_WINDOW",
    "TRANSPORTS",
    "TRANSPORT_AUTO",
    "TRANSPORT_ENCRYPTED",
    "TRANSPORT_PLAIN",
    "ClientState",
    "EncryptedChannel",
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
    "app_login_body",
    "app_login_headers",
    "compact_json",
    "decrypt_password",
    "encrypt_password",
    "estimate_server",
    "format_utc_offset",
    "generate_private_key",
    "mask_email",
    "public_key_from_hex",
    "public_key_hex",
    "seal",
    "server_for_country",
    "server_from_domain",
    "sign",
    "two_factor_error",
    "unseal",
]
