"""Login password encryption (§2.2): P-256 ECDH without KDF, AES-256-CBC, IV = secret[:16].

The same functions decrypt, so a simulator holding the server's private key (or a test) can
recover the password from `client_secret_info.public_key` and the Base64 ciphertext.
"""

from __future__ import annotations

import base64
import binascii

from cryptography.hazmat.primitives import padding, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

CURVE = ec.SECP256R1()
AES_BLOCK_BITS = 128
IV_LENGTH = 16


def generate_private_key() -> ec.EllipticCurvePrivateKey:
    """Return a fresh random P-256 private key."""
    return ec.generate_private_key(CURVE)


def public_key_from_hex(point_hex: str) -> ec.EllipticCurvePublicKey:
    """Parse an uncompressed P-256 point given as hex (`04 || X || Y`); ValueError if invalid."""
    try:
        return ec.EllipticCurvePublicKey.from_encoded_point(CURVE, bytes.fromhex(point_hex))
    except ValueError as err:
        raise ValueError(f"invalid P-256 public key: {err}") from err


def public_key_hex(private_key: ec.EllipticCurvePrivateKey) -> str:
    """Return the public point of a private key as lower-case uncompressed hex (130 chars)."""
    point = private_key.public_key().public_bytes(
        encoding=serialization.Encoding.X962,
        format=serialization.PublicFormat.UncompressedPoint,
    )
    return point.hex()


def shared_secret(private_key: ec.EllipticCurvePrivateKey, peer_public_key_hex: str) -> bytes:
    """Return the raw 32-byte ECDH secret (X coordinate of the shared point, no KDF)."""
    return private_key.exchange(ec.ECDH(), public_key_from_hex(peer_public_key_hex))


def _cipher(secret: bytes) -> Cipher[modes.CBC]:
    """AES-256-CBC keyed with the secret, IV = its first 16 bytes."""
    return Cipher(algorithms.AES(secret), modes.CBC(secret[:IV_LENGTH]))


def encrypt_password(
    password: str, private_key: ec.EllipticCurvePrivateKey, peer_public_key_hex: str
) -> str:
    """Encrypt a password for the login body: Base64 of AES-256-CBC(PKCS#7(UTF-8 password))."""
    padder = padding.PKCS7(AES_BLOCK_BITS).padder()
    plaintext = padder.update(password.encode("utf-8")) + padder.finalize()
    encryptor = _cipher(shared_secret(private_key, peer_public_key_hex)).encryptor()
    ciphertext = encryptor.update(plaintext) + encryptor.finalize()
    return base64.b64encode(ciphertext).decode("ascii")


def decrypt_password(
    ciphertext_b64: str, private_key: ec.EllipticCurvePrivateKey, peer_public_key_hex: str
) -> str:
    """Reverse `encrypt_password` with the other side's key pair; ValueError if it fails."""
    try:
        ciphertext = base64.b64decode(ciphertext_b64, validate=True)
    except binascii.Error as err:
        raise ValueError("password is not Base64") from err
    decryptor = _cipher(shared_secret(private_key, peer_public_key_hex)).decryptor()
    padded = decryptor.update(ciphertext) + decryptor.finalize()
    unpadder = padding.PKCS7(AES_BLOCK_BITS).unpadder()
    return (unpadder.update(padded) + unpadder.finalize()).decode("utf-8")


class LoginCipher:
    """The client side of the login key exchange: one fresh key pair per session object."""

    def __init__(self, server_public_key_hex: str) -> None:
        """Validate the server key and generate the client key pair."""
        public_key_from_hex(server_public_key_hex)
        self._server_public_key_hex = server_public_key_hex
        self._private_key = generate_private_key()
        self.public_key_hex = public_key_hex(self._private_key)

    def encrypt_password(self, password: str) -> str:
        """Return the Base64 password ciphertext for the login body."""
        return encrypt_password(password, self._private_key, self._server_public_key_hex)
