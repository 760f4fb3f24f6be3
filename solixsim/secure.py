"""The encrypted transport (protocol §2.7) and the server lookup of the simulated cloud.

`SecureGate.open` looks at every request before the pipeline parses it:

* ``openapi/oauth/key/exchange``: checks the handshake signature (HMAC with the simulator's
  own preset key), opens the client key, answers the simulator's ephemeral key sealed under the
  preset key and keeps the session key under the request's ``x-key-ident``.
* ``passport/estimate_domain``: answers ``data.domain`` from `lookup` (country → host or URL),
  else this simulator's own host (``mode`` 1, like the app's lookup host).
* ``x-encryption-info: algo_ecdh``: unknown key ident → HTTP 401; a signature that is not the
  session key's (for example one made with the preset key) or a reused ``x-request-once`` →
  HTTP 403, as the gateway does; a body that does not open → HTTP 400. The opened JSON goes on
  through the pipeline, and the answer's ``data`` is sealed with the session key and signed
  (``signature`` = HMAC of the session key's hex text over the sealed data; the real cloud's
  signed text is not documented, clients do not check it).
* A plain request while `require_encrypted` is on: HTTP 403 ``403 Forbidden`` (login included).
* The login-only ``x-terminal-id`` header on any other request: HTTP 401 ``401 token error``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from solixsim.crypto import ClientKeyError, EphemeralKey, hmac_hex, seal, unseal
from solixsim.reply import SimReply

KEY_EXCHANGE_PATH = "openapi/oauth/key/exchange"
LOOKUP_PATH = "passport/estimate_domain"
LOGIN_PATH = "passport/login"
TERMINAL_HEADER = "x-terminal-id"
ALGO = "algo_ecdh"
DEFAULT_PRESET_KEY_HEX = "5ec0de5a1d0c0ffee0ddba11ab1e5eed"
"""The simulator's own preset key (the real app's is useless here: the cloud never sends it)."""
_NONCE_MEMORY = 4096
"""How many recent ``x-request-once`` values are remembered to refuse a replayed request."""


def _text(status: int, text: str) -> SimReply:
    """A plain-text answer of the gateway."""
    return SimReply(status=status, text=text)


@dataclass
class Opened:
    """A request after the gate: its plain body, its session key, or the gate's own answer."""

    raw: bytes
    key: bytes | None = None
    reply: SimReply | None = None
    encrypted: bool = False


@dataclass
class SecureGate:
    """Key exchanges, sealed requests and answers, the lookup, and the plain-refusal switch."""

    preset_key_hex: str = DEFAULT_PRESET_KEY_HEX
    require_encrypted: bool = False
    lookup: dict[str, str] = field(default_factory=dict)
    """Country (upper case) → the host (``host:port``) or URL the lookup names for it."""
    sessions: dict[str, bytes] = field(default_factory=dict, repr=False)
    handshakes: int = 0
    _nonces: list[str] = field(default_factory=list, repr=False)

    @property
    def preset_key(self) -> bytes:
        """The preset key's 16 bytes."""
        return bytes.fromhex(self.preset_key_hex)

    def forget_sessions(self) -> None:
        """Drop every session key: the next sealed request of a client answers 401."""
        self.sessions.clear()

    def open(self, path: str, headers: Mapping[str, str], raw: bytes, host: str) -> Opened:
        """The request's plain body and key, or the answer the gate gives itself."""
        encrypted = headers.get("x-encryption-info") == ALGO
        if path == KEY_EXCHANGE_PATH:
            return Opened(raw, reply=self._handshake(headers, raw), encrypted=True)
        if path == LOOKUP_PATH:
            return Opened(raw, reply=self._lookup(raw, host))
        if path != LOGIN_PATH and TERMINAL_HEADER in headers:
            # Login-only headers on an authenticated request: the gateway's "token error".
            return Opened(raw, reply=_text(401, "401 token error"), encrypted=encrypted)
        if not encrypted:
            refused = _text(403, "403 Forbidden") if self.require_encrypted else None
            return Opened(raw, reply=refused)
        key = self.sessions.get(headers.get("x-key-ident", ""))
        if key is None:
            return Opened(raw, reply=_text(401, "401 Unauthorized"), encrypted=True)
        body = raw.decode("utf-8", errors="replace")
        if not self._signed(key.hex(), headers, body):
            return Opened(raw, reply=_text(403, "403 Forbidden"), encrypted=True)
        if not body:
            return Opened(b"", key=key, encrypted=True)
        plain = unseal(key, body)
        if plain is None:
            reply = _text(400, "error: request body does not decrypt\n")
            return Opened(raw, reply=reply, encrypted=True)
        return Opened(plain, key=key, encrypted=True)

    def seal_envelope(self, key: bytes, envelope: dict[str, Any]) -> dict[str, Any]:
        """The envelope with its ``data`` sealed under the session key and signed."""
        if "data" not in envelope:
            return envelope
        sealed = seal(key, json.dumps(envelope["data"], separators=(",", ":")).encode())
        return {**envelope, "data": sealed, "signature": hmac_hex(key.hex(), sealed)}

    def _signed(self, key_hex: str, headers: Mapping[str, str], body: str) -> bool:
        """Whether the request's signature is the key's, with a fresh nonce."""
        ts = headers.get("x-request-ts", "")
        once = headers.get("x-request-once", "")
        text = f"{ts}+{once}+{body}" if body else f"{ts}+{once}"
        if not ts or not once or headers.get("x-signature") != hmac_hex(key_hex, text):
            return False
        if once in self._nonces:
            return False
        self._nonces.append(once)
        del self._nonces[:-_NONCE_MEMORY]
        return True

    def _handshake(self, headers: Mapping[str, str], raw: bytes) -> SimReply:
        """``openapi/oauth/key/exchange``: a session key for the request's key ident."""
        try:
            body = json.loads(raw) if raw.strip() else {}
        except ValueError:
            body = None
        sealed = body.get("client_public_key") if isinstance(body, dict) else None
        ident = headers.get("x-key-ident", "")
        if not isinstance(sealed, str) or not ident:
            return _text(400, 'field "client_public_key" is not set\n')
        if not self._signed(self.preset_key_hex, headers, sealed):
            return _text(403, "403 Forbidden")
        client_hex = unseal(self.preset_key, sealed)
        ephemeral = EphemeralKey()
        try:
            key = ephemeral.session_key((client_hex or b"").decode("ascii", errors="replace"))
        except ClientKeyError:
            return SimReply(code=26070, msg="Client public key error.")
        self.sessions[ident] = key
        self.handshakes += 1
        server_sealed = seal(self.preset_key, ephemeral.public_key_hex.encode())
        return SimReply(data={"server_public_key": server_sealed})

    def _lookup(self, raw: bytes, host: str) -> SimReply:
        """``passport/estimate_domain``: the server of a country."""
        try:
            body = json.loads(raw) if raw.strip() else {}
        except ValueError:
            body = None
        country = body.get("ab") if isinstance(body, dict) else None
        if not isinstance(country, str) or not country.strip():
            return _text(400, 'field "ab" is not set\n')
        domain = self.lookup.get(country.strip().upper(), host)
        return SimReply(data={"domain": domain})
