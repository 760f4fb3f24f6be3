"""The simulator's side of the login crypto (protocol §2.2): P-256 ECDH + AES-256-CBC."""

from __future__ import annotations

import base64
import binascii

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
