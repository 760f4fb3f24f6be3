"""The encrypted transport `algo_ecdh` of newer app versions (§2.7): envelope, signature, keys.

* Envelope: ``base64(IV ‖ AES-128-CBC(key, IV, PKCS#7(plaintext)))`` with a random 16-byte IV.
* Signature: hex HMAC-SHA256, keyed with the *hex text* of a key, over ``"<ts>+<once>+<body>"``
  (``"<ts>+<once>"`` for an empty body). The handshake signs with the preset key, every later
  request with the session key.
* Handshake: the client's fresh P-256 public key (130-char hex text) travels enveloped under the
  preset key; the server answers its own the same way; the session key is the first 16 bytes of
  the raw ECDH secret (no KDF).

`EncryptedChannel` holds one key pair, its `key_ident` and (after the handshake) the session key.
Nothing in here logs, and no repr shows a key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from .const import (
    ENCRYPTION_ALGO,
    HEADER_APP_KEY,
    HEADER_ENCRYPTION_INFO,
    HEADER_KEY_IDENT,
    HEADER_REPLAY_INFO,
    HEADER_REQUEST_ONCE,
    HEADER_REQUEST_TS,
    HEADER_SIGNATURE,
    REPLAY_INFO,
)
from .crypto import generate_private_key, public_key_hex, shared_secret

IV_LENGTH = 16
SESSION_KEY_LENGTH = 16
AES_BLOCK_BITS = 128
CLIENT_KEY_FIELD = "client_public_key"
SERVER_KEY_FIELD = "server_public_key"


def seal(key: bytes, plaintext: bytes, iv: bytes | None = None) -> str:
    """The envelope of `plaintext`: Base64 of IV ‖ AES-128-CBC ciphertext (random IV if None)."""
    if len(key) != SESSION_KEY_LENGTH:
        raise ValueError("the envelope key must be 16 bytes")
    iv = os.urandom(IV_LENGTH) if iv is None else iv
    padder = padding.PKCS7(AES_BLOCK_BITS).padder()
    padded = padder.update(plaintext) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return base64.b64encode(iv + encryptor.update(padded) + encryptor.finalize()).decode("ascii")


def unseal(key: bytes, envelope: str) -> bytes:
    """The plaintext of an envelope; ValueError if it is no envelope of this key."""
    try:
        raw = base64.b64decode(envelope, validate=True)
    except (binascii.Error, ValueError) as err:
        raise ValueError("envelope is not Base64") from err
    if len(raw) < 2 * IV_LENGTH or len(raw) % IV_LENGTH:
        raise ValueError("envelope has no whole cipher blocks")
    decryptor = Cipher(algorithms.AES(key), modes.CBC(raw[:IV_LENGTH])).decryptor()
    padded = decryptor.update(raw[IV_LENGTH:]) + decryptor.finalize()
    unpadder = padding.PKCS7(AES_BLOCK_BITS).unpadder()
    try:
        return unpadder.update(padded) + unpadder.finalize()
    except ValueError as err:
        raise ValueError("envelope does not decrypt with this key") from err


def sign(key_hex: str, ts: str, once: str, body: str) -> str:
    """Hex HMAC-SHA256 keyed with the key's hex text over ``<ts>+<once>[+<body>]``."""
    text = f"{ts}+{once}+{body}" if body else f"{ts}+{once}"
    return hmac.new(key_hex.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).hexdigest()


def new_ident() -> str:
    """A random 32-hex identifier (`key_ident`, `once`)."""
    return secrets.token_hex(16)


@dataclass
class EncryptedChannel:
    """One key pair of the encrypted transport and, after the handshake, its session key."""

    preset_key_hex: str = field(repr=False)
    key_ident: str = field(default_factory=new_ident)
    private_key: ec.EllipticCurvePrivateKey | None = field(default=None, repr=False)
    """The key pair (None: a fresh random one; tests give a fixed one)."""
    _session_key: bytes | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        """Check the preset key and make the key pair."""
        self._preset_key = bytes.fromhex(self.preset_key_hex)
        if len(self._preset_key) != SESSION_KEY_LENGTH:
            raise ValueError("the preset key must be 16 bytes (32 hex characters)")
        self._private_key = self.private_key or generate_private_key()

    @property
    def ready(self) -> bool:
        """True once the handshake gave a session key."""
        return self._session_key is not None

    def handshake(self, ts: str, once: str) -> tuple[str, dict[str, str]]:
        """The key exchange body (JSON text) and its headers, signed with the preset key."""
        sealed = seal(self._preset_key, public_key_hex(self._private_key).encode("ascii"))
        headers = {
            HEADER_ENCRYPTION_INFO: ENCRYPTION_ALGO,
            HEADER_REPLAY_INFO: REPLAY_INFO,
            HEADER_KEY_IDENT: self.key_ident,
            HEADER_REQUEST_TS: ts,
            HEADER_REQUEST_ONCE: once,
            HEADER_SIGNATURE: sign(self.preset_key_hex, ts, once, sealed),
            HEADER_APP_KEY: "",
        }
        return json.dumps({CLIENT_KEY_FIELD: sealed}), headers

    def complete(self, data: Any) -> None:
        """Derive the session key from the handshake answer's `data`; ValueError if unusable."""
        sealed = data.get(SERVER_KEY_FIELD) if isinstance(data, dict) else None
        if not isinstance(sealed, str):
            raise ValueError("handshake answer without server_public_key")
        server_hex = unseal(self._preset_key, sealed).decode("ascii", errors="replace")
        self._session_key = shared_secret(self._private_key, server_hex)[:SESSION_KEY_LENGTH]

    def request(self, ts: str, once: str, body_text: str) -> tuple[str, dict[str, str]]:
        """The sealed body and the headers of one request, signed with the session key."""
        key = self._key()
        sealed = seal(key, body_text.encode("utf-8")) if body_text else ""
        headers = {
            HEADER_ENCRYPTION_INFO: ENCRYPTION_ALGO,
            HEADER_KEY_IDENT: self.key_ident,
            HEADER_REQUEST_TS: ts,
            HEADER_REQUEST_ONCE: once,
            HEADER_SIGNATURE: sign(key.hex(), ts, once, sealed),
        }
        return sealed, headers

    def open(self, envelope: dict[str, Any]) -> dict[str, Any]:
        """The response envelope with its sealed `data` replaced by the JSON it holds.

        A `data` that is not text (null, or an already plain object on an error answer) stays.
        ValueError when the text does not decrypt with the session key or is not JSON. The
        answer's `signature` is not checked: what the cloud signs there is not documented.
        """
        sealed = envelope.get("data")
        if not isinstance(sealed, str):
            return envelope
        plain = unseal(self._key(), sealed)
        try:
            data = json.loads(plain) if plain.strip() else None
        except ValueError as err:
            raise ValueError("decrypted data is not JSON") from err
        return {**envelope, "data": data}

    def _key(self) -> bytes:
        """The session key; ValueError before the handshake."""
        if self._session_key is None:
            raise ValueError("no session key: handshake first")
        return self._session_key
