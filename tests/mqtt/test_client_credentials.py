"""MQTT credentials: reading the cloud answer, the broker address, masking, the TLS context."""

from __future__ import annotations

import os
import ssl
import stat
from pathlib import Path
from typing import Any

import pytest

from custom_components.anker_solix.solixapi import SolixValidationError
from custom_components.anker_solix.solixapi.mqtt import (
    MqttCredentials,
    MqttCredentialsError,
    build_tls_context,
    parse_endpoint,
)

from .certs import CertificateSet, make_certificates

USER_ID = "5e1f00c0ffee0ddba11c0ffee0ddba11c0ffee01"


@pytest.fixture(scope="module")
def certs() -> CertificateSet:
    """One CA and client certificate for the module."""
    return make_certificates()


def answer(certs: CertificateSet, **changes: Any) -> dict[str, Any]:
    """A `get_user_mqtt_info` data object (§1.1)."""
    data = {
        "user_id": USER_ID,
        "app_name": "anker_power",
        "thing_name": f"{USER_ID}-anker_power",
        "certificate_id": "cert-0123456789abcdef",
        "certificate_pem": certs.cert_pem,
        "private_key": certs.key_pem,
        "public_key": "",
        "endpoint_addr": "aiot-mqtt-eu.anker.com",
        "aws_root_ca1_pem": certs.ca_pem,
        "origin": "",
        "pkcs12": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("aiot-mqtt-eu.anker.com", ("aiot-mqtt-eu.anker.com", 8883)),
        ("127.0.0.1:18883", ("127.0.0.1", 18883)),
        ("localhost:1234", ("localhost", 1234)),
        ("mqtts://127.0.0.1:4242", ("127.0.0.1", 4242)),
        ("ssl://broker.example:8884/", ("broker.example", 8884)),
        ("[::1]:9000", ("::1", 9000)),
        ("[::1]", ("::1", 8883)),
        ("  host.example  ", ("host.example", 8883)),
    ],
)
def test_endpoint_address_with_or_without_port(address: str, expected: tuple[str, int]) -> None:
    """`endpoint_addr` may carry a port (the simulator's broker); without one it is 8883."""
    assert parse_endpoint(address) == expected


@pytest.mark.parametrize("address", ["", "host:0", "host:70000", "host:abc", ":8883", "[::1]x"])
def test_unusable_endpoint_address_is_refused(address: str) -> None:
    """A broker address that names no host or a bad port raises a SolixError subclass."""
    with pytest.raises(MqttCredentialsError):
        parse_endpoint(address)


def test_credentials_from_the_cloud_answer(certs: CertificateSet) -> None:
    """Fields are read as §1.1 names them; the client id is `<thing_name>_<suffix>` (§1.3)."""
    creds = MqttCredentials.from_cloud(answer(certs, endpoint_addr="127.0.0.1:2883"))
    assert (creds.host, creds.port) == ("127.0.0.1", 2883)
    assert creds.thing_name == f"{USER_ID}-anker_power"
    assert creds.ca_pem == certs.ca_pem.strip()
    assert creds.client_id("a1b2c") == f"{USER_ID}-anker_power_a1b2c"
    with pytest.raises(SolixValidationError):
        creds.client_id("bad suffix/with#chars")
    with pytest.raises(SolixValidationError):
        creds.client_id("")


@pytest.mark.parametrize(
    "missing", ["endpoint_addr", "thing_name", "certificate_pem", "private_key"]
)
def test_credentials_without_what_a_connection_needs(certs: CertificateSet, missing: str) -> None:
    """An empty broker address, thing name, certificate or key is refused (§1.1: give up)."""
    with pytest.raises(MqttCredentialsError) as err:
        MqttCredentials.from_cloud(answer(certs, **{missing: ""}))
    assert missing in str(err.value)
    with pytest.raises(MqttCredentialsError):
        MqttCredentials.from_cloud(answer(certs, **{missing: None}))


def test_repr_hides_certificate_key_and_account(certs: CertificateSet) -> None:
    """Neither repr nor str shows the certificate, the key or the account id."""
    creds = MqttCredentials.from_cloud(answer(certs))
    for text in (repr(creds), str(creds), f"{creds}", str([creds])):
        assert "BEGIN" not in text
        assert certs.key_pem.splitlines()[1] not in text
        assert certs.cert_pem.splitlines()[1] not in text
        assert USER_ID not in text
        assert "aiot-mqtt-eu.anker.com" in text


def test_tls_context_files_are_private_and_removed(
    certs: CertificateSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Certificate and key exist only while loaded, as 0600 files, and are deleted after."""
    seen: list[tuple[str, int, str]] = []
    original = ssl.SSLContext.load_cert_chain

    def spy(self: ssl.SSLContext, certfile: str, keyfile: str | None = None, **kw: Any) -> None:
        for path in (certfile, keyfile):
            assert path is not None
            mode = stat.S_IMODE(os.stat(path).st_mode)
            seen.append((path, mode, Path(path).read_text(encoding="ascii")))
        original(self, certfile, keyfile, **kw)

    monkeypatch.setattr(ssl.SSLContext, "load_cert_chain", spy)
    creds = MqttCredentials.from_cloud(answer(certs))
    created: set[str] = set()
    context = build_tls_context(creds, directory=str(tmp_path), created=created)
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname is True
    assert context.minimum_version >= ssl.TLSVersion.TLSv1_2
    assert [mode for _, mode, _ in seen] == [0o600, 0o600]
    assert certs.cert_pem.strip() in seen[0][2]
    assert certs.key_pem.strip() in seen[1][2]
    assert all(Path(path).parent == tmp_path for path, _, _ in seen)
    assert list(tmp_path.iterdir()) == []
    assert created == set()


def test_bad_key_raises_without_secrets_and_leaves_no_file(
    certs: CertificateSet, tmp_path: Path
) -> None:
    """A key that does not load gives a SolixError naming no path or material; files are gone."""
    other = make_certificates()
    creds = MqttCredentials.from_cloud(answer(certs, private_key=other.key_pem))
    with pytest.raises(MqttCredentialsError) as err:
        build_tls_context(creds, directory=str(tmp_path))
    assert str(tmp_path) not in str(err.value)
    assert "BEGIN" not in str(err.value)
    assert list(tmp_path.iterdir()) == []
