"""The §2.7 envelope, signature and handshake against a fixed vector of our own.

How the vector was worked out (independently of our code, with the OpenSSL command line):

* Envelope under the app's preset key ``e8ad18f61bbd3fbd52d5ed12d14d3b9c`` with the IV
  ``000102…0f`` of the text ``{"site_id":"x"}``:
  ``openssl enc -aes-128-cbc -K e8ad… -iv 0001…0f`` gives the one block ``74f98fdd…a6cc``;
  Base64 of IV ‖ block is ``AAECAwQFBgcICQoLDA0OD3T5j91JnOIZ+Ls+NJmcpsw=``.
* Handshake with private scalars 1 (client) and 2 (server): the client's public key is the
  generator G, so the shared X coordinate is that of 2G (the published P-256 value
  ``7cf27b188d034f7e…``); the session key is its first 16 bytes
  ``7cf27b188d034f7e8a52380304b51ac3``.
* An answer sealed under that session key with the IV ``ffeedd…00`` holding ``{"code":0}``:
  ``/+7dzLuqmYh3ZlVEMyIRAGiysAISq1cJQJIE0ocoTnk=``.
* Signatures: ``openssl dgst -sha256 -hmac <key hex text>`` over
  ``1765123456+00112233445566778899aabbccddeeff+ABCD`` with the preset key's hex text gives
  ``aae38f12…14b9``; over ``1765123456+00112233445566778899aabbccddeeff`` (empty body) with the
  session key's hex text ``3c75906b…5598``.
"""

from __future__ import annotations

import contextlib
import json

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from custom_components.anker_solix.solixapi.cloud import (
    DEFAULT_PRESET_KEY,
    EncryptedChannel,
    seal,
    sign,
    unseal,
)

PRESET = bytes.fromhex(DEFAULT_PRESET_KEY)
IV = bytes(range(16))
PLAIN = b'{"site_id":"x"}'
SEALED = "AAECAwQFBgcICQoLDA0OD3T5j91JnOIZ+Ls+NJmcpsw="
SESSION_KEY_HEX = "7cf27b188d034f7e8a52380304b51ac3"
SEALED_ANSWER = "/+7dzLuqmYh3ZlVEMyIRAGiysAISq1cJQJIE0ocoTnk="
TS = "1765123456"
ONCE = "00112233445566778899aabbccddeeff"
PRESET_SIGNATURE = "aae38f126039b6f18015679c69291e5524cf97f1306b670060ee878c857a14b9"
EMPTY_BODY_SIGNATURE = "3c75906b8fe10e9a6b92d305bb87b0797f13a5717b17d9d6ce6ad9bc257c5598"


def point_hex(scalar: int) -> str:
    """The uncompressed public point of a private scalar, as hex text."""
    numbers = ec.derive_private_key(scalar, ec.SECP256R1()).public_key().public_numbers()
    return "04" + numbers.x.to_bytes(32, "big").hex() + numbers.y.to_bytes(32, "big").hex()


def test_envelope_matches_the_vector() -> None:
    """Sealing with a fixed IV gives the vector; the vector opens to the text."""
    assert seal(PRESET, PLAIN, IV) == SEALED
    assert unseal(PRESET, SEALED) == PLAIN


def test_random_iv_round_trip() -> None:
    """Without an IV every envelope differs and still opens."""
    first, second = seal(PRESET, PLAIN), seal(PRESET, PLAIN)
    assert first != second
    assert unseal(PRESET, first) == unseal(PRESET, second) == PLAIN


@pytest.mark.parametrize(
    "broken",
    [
        "not base64!",
        "AAECAwQFBgcICQoLDA0ODw==",  # an IV and no cipher block
        SEALED[:-8] + "AAAAAAA=",  # a changed block: the padding no longer fits
    ],
)
def test_envelope_refuses_broken_text(broken: str) -> None:
    """Text that is no envelope of the key raises ValueError."""
    with pytest.raises(ValueError, match="envelope"):
        unseal(PRESET, broken)


def test_envelope_under_another_key_does_not_open() -> None:
    """The same envelope under a different key fails (or at least never gives the text)."""
    other = bytes.fromhex(SESSION_KEY_HEX)
    with contextlib.suppress(ValueError):
        assert unseal(other, SEALED) != PLAIN


def test_signatures_match_the_vector() -> None:
    """HMAC-SHA256 keyed with the key's hex text over ts+once(+body)."""
    assert sign(DEFAULT_PRESET_KEY, TS, ONCE, "ABCD") == PRESET_SIGNATURE
    assert sign(SESSION_KEY_HEX, TS, ONCE, "") == EMPTY_BODY_SIGNATURE


def test_handshake_gives_the_vector_session_key() -> None:
    """Scalars 1 and 2: the session key is X(2G)[:16]; requests and answers use it."""
    channel = EncryptedChannel(
        DEFAULT_PRESET_KEY,
        key_ident="a" * 32,
        private_key=ec.derive_private_key(1, ec.SECP256R1()),
    )
    text, headers = channel.handshake(TS, ONCE)
    sealed_client = json.loads(text)["client_public_key"]
    assert unseal(PRESET, sealed_client).decode() == point_hex(1)
    assert headers["x-signature"] == sign(DEFAULT_PRESET_KEY, TS, ONCE, sealed_client)
    assert headers["x-encryption-info"] == "algo_ecdh"
    assert headers["x-key-ident"] == "a" * 32
    before = channel.ready
    channel.complete({"server_public_key": seal(PRESET, point_hex(2).encode())})
    assert (before, channel.ready) == (False, True)
    body, signed = channel.request(TS, ONCE, '{"a":1}')
    session_key = bytes.fromhex(SESSION_KEY_HEX)
    assert unseal(session_key, body) == b'{"a":1}'
    assert signed["x-signature"] == sign(SESSION_KEY_HEX, TS, ONCE, body)
    assert channel.request(TS, ONCE, "") == ("", {**signed, "x-signature": EMPTY_BODY_SIGNATURE})

    envelope = {"code": 0, "msg": "success!", "data": SEALED_ANSWER, "signature": "0" * 64}
    assert channel.open(envelope)["data"] == {"code": 0}
    with pytest.raises(ValueError, match=r"decrypt|JSON"):
        channel.open({**envelope, "data": SEALED})  # sealed under the preset key
    assert channel.open({"code": 26084, "msg": "x"}) == {"code": 26084, "msg": "x"}


def test_channel_refuses_bad_keys() -> None:
    """A preset key of the wrong size, a request before the handshake, a bad answer."""
    with pytest.raises(ValueError, match="16 bytes"):
        EncryptedChannel("00" * 8)
    channel = EncryptedChannel(DEFAULT_PRESET_KEY)
    with pytest.raises(ValueError, match="handshake first"):
        channel.request(TS, ONCE, "{}")
    with pytest.raises(ValueError, match="server_public_key"):
        channel.complete({"server_public_key": 5})
    assert "e8ad" not in repr(channel)
