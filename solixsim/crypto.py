"""The simulator's side of the login crypto (protocol §2.2: P-256 ECDH + AES-256-CBC) and of the
encrypted transport (§2.7: envelopes, HMAC signatures, per-exchange key pairs)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


class ClientKeyError(ValueError):
    """The client public key of a login is missing or not a P-256 point (code 26070)."""


class ServerKeyPair:
    """The simulator's own P-256 key pair; clients encrypt the password against its public key."""

    def __init__(self, private_key_hex: str | None = None) -> None:
        """Generate a fresh key pair, or load one from a 32-byte private scalar in hex."""
        if private_key_hex is None:
            self._private = ec.generate_private_key(ec.SECP256R1())
        else:
            self._private = ec.derive_private_key(int(private_key_hex, 16), ec.SECP256R1())

    @property
    def public_key_hex(self) -> str:
        """The public key as lower-case hex of the uncompressed point (130 characters)."""
        point = self._private.public_key().public_bytes(
            Encoding.X962, PublicFormat.UncompressedPoint
        )
        return point.hex()

    def decrypt_password(self, client_public_key_hex: str, password_b64: str) -> str | None:
        """The clear password, or None when it cannot be decrypted with this key pair.

        Raises ClientKeyError when the client public key is unusable.
        """
        try:
            point = bytes.fromhex(client_public_key_hex)
            client_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
        except (ValueError, TypeError) as err:
            raise ClientKeyError(str(err)) from err
        secret = self._private.exchange(ec.ECDH(), client_key)
        try:
            ciphertext = base64.b64decode(password_b64, validate=True)
            decryptor = Cipher(algorithms.AES(secret), modes.CBC(secret[:16])).decryptor()
            padded = decryptor.update(ciphertext) + decryptor.finalize()
            unpadder = padding.PKCS7(128).unpadder()
            clear = unpadder.update(padded) + unpadder.finalize()
            return clear.decode("utf-8")
        except (ValueError, binascii.Error):
            return None


IV_BYTES = 16


def seal(key: bytes, plaintext: bytes) -> str:
    """The §2.7 envelope: Base64 of a random IV and the AES-128-CBC ciphertext (PKCS#7)."""
    iv = secrets.token_bytes(IV_BYTES)
    padder = padding.PKCS7(128).padder()
    padded = padder.update(plaintext) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return base64.b64encode(iv + encryptor.update(padded) + encryptor.finalize()).decode()


def unseal(key: bytes, text: str) -> bytes | None:
    """The plaintext of a §2.7 envelope, or None when it is not one of this key."""
    try:
        raw = base64.b64decode(text, validate=True)
        if len(raw) < 2 * IV_BYTES or len(raw) % IV_BYTES:
            return None
        decryptor = Cipher(algorithms.AES(key), modes.CBC(raw[:IV_BYTES])).decryptor()
        padded = decryptor.update(raw[IV_BYTES:]) + decryptor.finalize()
        unpadder = padding.PKCS7(128).unpadder()
        return unpadder.update(padded) + unpadder.finalize()
    except (ValueError, binascii.Error):
        return None


def hmac_hex(key_hex: str, text: str) -> str:
    """Hex HMAC-SHA256 keyed with a key's hex text (§2.7 signatures)."""
    return hmac.new(key_hex.encode(), text.encode(), hashlib.sha256).hexdigest()


class EphemeralKey:
    """A fresh P-256 key pair of one key exchange."""

    def __init__(self) -> None:
        """Generate the key pair."""
        self._private = ec.generate_private_key(ec.SECP256R1())

    @property
    def public_key_hex(self) -> str:
        """The public point as 130 lower-case hex characters."""
        point = self._private.public_key().public_bytes(
            Encoding.X962, PublicFormat.UncompressedPoint
        )
        return point.hex()

    def session_key(self, peer_public_key_hex: str) -> bytes:
        """The first 16 bytes of the raw ECDH secret; ClientKeyError for an unusable point."""
        try:
            point = bytes.fromhex(peer_public_key_hex)
            peer = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
        except (ValueError, TypeError) as err:
            raise ClientKeyError(str(err)) from err
        return self._private.exchange(ec.ECDH(), peer)[:16]
