"""The mutual-TLS context of an MQTT connection (MQTT protocol §1.2).

`build_tls_context` reads files and certificate stores: call it in an executor, never on the
event loop. The client certificate and key exist on disk only while `load_cert_chain` reads them:
in files of mode 0600 that are deleted right after, also when loading fails.
"""

from __future__ import annotations

import contextlib
import os
import ssl
import tempfile

from ..cloud.const import Endpoint
from .credentials import MqttCredentials, MqttCredentialsError

FILE_PREFIX = "solix-mqtt-"


def _private_file(content: str, directory: str | None, created: set[str]) -> str:
    """Write `content` to a new file only this user may read; register it in `created`."""
    fd, path = tempfile.mkstemp(prefix=FILE_PREFIX, suffix=".pem", dir=directory)
    created.add(path)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        os.fchmod(handle.fileno(), 0o600)
        handle.write(content)
    return path


def remove_files(paths: set[str]) -> None:
    """Delete the given files (already gone is fine) and forget them."""
    for path in list(paths):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        paths.discard(path)


def build_tls_context(
    credentials: MqttCredentials,
    *,
    directory: str | None = None,
    created: set[str] | None = None,
) -> ssl.SSLContext:
    """A client context: broker verified against the account's CA, host name checked, our
    certificate and key loaded. Blocking; `created` collects the temp files while they exist.
    """
    files: set[str] = set() if created is None else created
    try:
        if credentials.ca_pem:
            context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cadata=credentials.ca_pem)
        else:
            context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        cert = _private_file(credentials.certificate_pem + "\n", directory, files)
        key = _private_file(credentials.private_key + "\n", directory, files)
        context.load_cert_chain(cert, key)
    except (ssl.SSLError, ValueError, OSError) as err:
        # The error names the failing step only (never a path or the material).
        raise MqttCredentialsError(
            f"MQTT TLS setup failed ({type(err).__name__})",
            endpoint=Endpoint.GET_USER_MQTT_INFO,
        ) from None
    finally:
        remove_files(files)
    return context
