"""Login crypto (§2.2): ECDH secret as AES-256-CBC key, IV = first 16 bytes, Base64 output."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from custom_components.anker_solix.solixapi.cloud import (
    DEFAULT_SERVER_PUBLIC_KEY,
    LoginCipher,
    decrypt_password,
    generate_private_key,
    public_key_from_hex,
    public_key_hex,
)


def test_public_key_is_uncompressed_lower_hex() -> None:
    """The client point is `04 || X || Y` as 130 lower-case hex characters."""
    cipher = LoginCipher(DEFAULT_SERVER_PUBLIC_KEY)
    assert len(cipher.public_key_hex) == 130
    assert cipher.public_key_hex.startswith("04")
    assert cipher.public_key_hex == cipher.public_key_hex.lower()
    assert public_key_from_hex(cipher.public_key_hex).curve.name == "secp256r1"


def test_each_cipher_has_its_own_key_pair() -> None:
    """A fresh key pair per session object."""
    assert LoginCipher(DEFAULT_SERVER_PUBLIC_KEY).public_key_hex != (
        LoginCipher(DEFAULT_SERVER_PUBLIC_KEY).public_key_hex
    )


def test_server_side_decrypts_with_its_private_key() -> None:
    """The holder of the server key recovers the password from the client's public key."""
    server_key = generate_private_key()
    cipher = LoginCipher(public_key_hex(server_key))
    encrypted = cipher.encrypt_password("pässwörd-1234567890")
    assert encrypted != "pässwörd-1234567890"
    assert decrypt_password(encrypted, server_key, cipher.public_key_hex) == "pässwörd-1234567890"


def test_ciphertext_matches_the_protocol_rules_computed_independently() -> None:
    """Key = raw ECDH X coordinate, IV = key[:16], PKCS#7, standard Base64."""
    server_key = generate_private_key()
    cipher = LoginCipher(public_key_hex(server_key))
    encrypted = cipher.encrypt_password("secret")
    client_point = ec.EllipticCurvePublicKey.from_encoded_point(
        ec.SECP256R1(), bytes.fromhex(cipher.public_key_hex)
    )
    secret = server_key.exchange(ec.ECDH(), client_point)
    assert len(secret) == 32
    raw = base64.b64decode(encrypted)
    assert len(raw) == 16  # "secret" padded to one block
    decryptor = Cipher(algorithms.AES(secret), modes.CBC(secret[:16])).decryptor()
    unpadder = padding.PKCS7(128).unpadder()
    plain = unpadder.update(decryptor.update(raw) + decryptor.finalize()) + unpadder.finalize()
    assert plain == b"secret"


def test_default_server_key_is_a_valid_point() -> None:
    """The real cloud's constant parses as a P-256 point."""
    assert public_key_from_hex(DEFAULT_SERVER_PUBLIC_KEY).key_size == 256


@pytest.mark.parametrize("bad_key", ["not hex", "04abcd", ""])
def test_invalid_server_key_is_rejected(bad_key: str) -> None:
    """A broken server key fails early with ValueError."""
    with pytest.raises(ValueError, match="invalid P-256 public key"):
        LoginCipher(bad_key)


def test_wrong_key_pair_does_not_decrypt() -> None:
    """Another server key cannot recover the password."""
    cipher = LoginCipher(public_key_hex(generate_private_key()))
    encrypted = cipher.encrypt_password("secret")
    try:
        recovered = decrypt_password(encrypted, generate_private_key(), cipher.public_key_hex)
    except ValueError:  # almost always: the padding or the UTF-8 is broken
        recovered = None
    assert recovered != "secret"
