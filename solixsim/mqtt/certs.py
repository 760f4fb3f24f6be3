"""A test certificate authority made at simulator start: broker and per-account client certificates.

Nothing is written to the repository: keys live in memory; the broker's own certificate and key
go to a private temporary folder (mode 0700, files 0600) only because the TLS listener needs
file paths, and the folder is removed when the broker stops.
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

__all__ = ["ClientCertificate", "SimAuthority", "certificate_id_of"]

_KEY_BITS = 2048
_VALID_DAYS = 30
_LOOPBACK_NAMES = ("localhost",)
_LOOPBACK_IPS = ("127.0.0.1", "::1")
_PRIVATE_FILE_MODE = 0o600


def _new_key() -> rsa.RSAPrivateKey:
    """An RSA key like the ones the real credential endpoint hands out (§1.1)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=_KEY_BITS)


def _name(common_name: str) -> x509.Name:
    """A subject with just a common name and the simulator as organisation."""
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "solixsim test CA"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _pem(cert: x509.Certificate) -> str:
    """A certificate as PEM text."""
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def _rsa_pem(key: rsa.RSAPrivateKey) -> str:
    """A private key as ``-----BEGIN RSA PRIVATE KEY-----`` text (the real endpoint's form)."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode("ascii")


def certificate_id_of(der: bytes) -> str:
    """The id of a certificate: SHA-256 of its DER form, 64 hex digits (AWS IoT style)."""
    return hashlib.sha256(der).hexdigest()


@dataclass(frozen=True)
class ClientCertificate:
    """A client certificate of one account, as the credential endpoint hands it out."""

    user_id: str
    certificate_id: str
    certificate_pem: str
    private_key_pem: str

    def __repr__(self) -> str:
        """Never show the key or certificate."""
        return f"ClientCertificate(user_id=***, certificate_id={self.certificate_id[:8]}…)"


class SimAuthority:
    """A self-signed CA issuing the broker's and the accounts' certificates."""

    def __init__(self, *, now: datetime.datetime | None = None) -> None:
        """Make the CA key and certificate (valid from an hour before ``now`` for 30 days)."""
        self._now = now or datetime.datetime.now(datetime.UTC)
        self._key = _new_key()
        name = _name("solixsim MQTT test root")
        self._cert = (
            self._builder(name, name, self._key)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(self._key.public_key()), critical=False
            )
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .sign(self._key, hashes.SHA256())
        )
        self._clients: dict[str, ClientCertificate] = {}
        self._tempdir: Path | None = None

    def _builder(
        self, subject: x509.Name, issuer: x509.Name, key: rsa.RSAPrivateKey
    ) -> x509.CertificateBuilder:
        """A certificate builder with serial and validity filled in."""
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(self._now - datetime.timedelta(hours=1))
            .not_valid_after(self._now + datetime.timedelta(days=_VALID_DAYS))
        )

    @property
    def ca_pem(self) -> str:
        """The CA certificate (handed out as ``aws_root_ca1_pem``)."""
        return _pem(self._cert)

    def _issue(
        self, common_name: str, *, server: bool
    ) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
        """A leaf certificate signed by the CA."""
        key = _new_key()
        usage = (
            x509.oid.ExtendedKeyUsageOID.SERVER_AUTH
            if server
            else (x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH)
        )
        builder = (
            self._builder(_name(common_name), self._cert.subject, key)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self._key.public_key()),
                critical=False,
            )
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
            )
        )
        if server:
            alt_names: list[x509.GeneralName] = [x509.DNSName(n) for n in _LOOPBACK_NAMES]
            alt_names += [x509.IPAddress(ipaddress.ip_address(ip)) for ip in _LOOPBACK_IPS]
            builder = builder.add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
        return builder.sign(self._key, hashes.SHA256()), key

    def client_certificate(self, user_id: str) -> ClientCertificate:
        """The account's client certificate (issued once per account and simulator run)."""
        issued = self._clients.get(user_id)
        if issued is None:
            cert, key = self._issue(f"{user_id}-anker_power", server=False)
            der = cert.public_bytes(serialization.Encoding.DER)
            issued = ClientCertificate(
                user_id=user_id,
                certificate_id=certificate_id_of(der),
                certificate_pem=_pem(cert),
                private_key_pem=_rsa_pem(key),
            )
            self._clients[user_id] = issued
        return issued

    def user_of(self, certificate_id: str) -> str | None:
        """The account a client certificate was issued to (None: not ours)."""
        for issued in self._clients.values():
            if issued.certificate_id == certificate_id:
                return issued.user_id
        return None

    def write_server_files(self) -> tuple[Path, Path]:
        """Issue the broker certificate; write it and its key to a private temporary folder."""
        if self._tempdir is None:
            self._tempdir = Path(tempfile.mkdtemp(prefix="solixsim-mqtt-"))
        cert, key = self._issue("solixsim MQTT broker", server=True)
        cert_path = self._tempdir / "broker.crt"
        key_path = self._tempdir / "broker.key"
        for path, data in (
            (cert_path, cert.public_bytes(serialization.Encoding.PEM)),
            (key_path, _rsa_pem(key).encode("ascii")),
        ):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, _PRIVATE_FILE_MODE)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        return cert_path, key_path

    def remove_files(self) -> None:
        """Delete the private folder of the broker files."""
        if self._tempdir is not None:
            shutil.rmtree(self._tempdir, ignore_errors=True)
            self._tempdir = None
