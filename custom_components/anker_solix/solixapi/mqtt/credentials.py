"""MQTT credentials from the cloud's credential endpoint (MQTT protocol §1.1, §1.2, §1.3).

The answer holds a client certificate and its private key: `MqttCredentials` never shows them
(nor the account id inside the thing name) in its `repr`, and nothing here logs them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..cloud.const import Endpoint
from ..common.errors import SolixPayloadError, SolixValidationError
from ..common.jsonutil import log_label

if TYPE_CHECKING:
    from ..cloud.api import SolixApi

DEFAULT_PORT = 8883
"""MQTT over TLS (§1.2); used when `endpoint_addr` names no port."""

SUFFIX_PATTERN = re.compile(r"[A-Za-z0-9-]{1,32}")
"""A client id suffix: short and plain, so `<thing_name>_<suffix>` stays a valid client id."""


class MqttCredentialsError(SolixPayloadError):
    """The credential answer lacks something a connection needs (broker, certificate, key)."""


@dataclass(frozen=True, repr=False)
class MqttCredentials:
    """What a connection needs: broker address, client certificate and key, broker CA."""

    user_id: str
    app_name: str
    thing_name: str
    certificate_id: str
    certificate_pem: str
    private_key: str
    ca_pem: str
    host: str
    port: int = DEFAULT_PORT

    @classmethod
    def from_cloud(cls, data: Mapping[str, Any]) -> MqttCredentials:
        """Read the `data` of `get_user_mqtt_info`; raise `MqttCredentialsError` if unusable."""

        def text(key: str) -> str:
            value = data.get(key)
            return value.strip() if isinstance(value, str) else ""

        missing = [
            key
            for key in ("endpoint_addr", "thing_name", "certificate_pem", "private_key")
            if not text(key)
        ]
        if missing:
            raise MqttCredentialsError(
                f"MQTT credentials lack {', '.join(missing)}",
                endpoint=Endpoint.GET_USER_MQTT_INFO,
            )
        host, port = parse_endpoint(text("endpoint_addr"))
        return cls(
            user_id=text("user_id"),
            app_name=text("app_name") or "anker_power",
            thing_name=text("thing_name"),
            certificate_id=text("certificate_id"),
            certificate_pem=text("certificate_pem"),
            private_key=text("private_key"),
            ca_pem=text("aws_root_ca1_pem"),
            host=host,
            port=port,
        )

    def client_id(self, suffix: str) -> str:
        """`<thing_name>_<suffix>` (§1.3): stable per installation, distinct between them."""
        if not SUFFIX_PATTERN.fullmatch(suffix):
            raise SolixValidationError("mqtt_client_id_suffix", field="client_id_suffix")
        return f"{self.thing_name}_{suffix}"

    def __repr__(self) -> str:
        """Broker address and sizes only: no certificate, key or account id."""
        return (
            f"MqttCredentials(host={self.host!r}, port={self.port}, "
            f"user={log_label(self.user_id or self.thing_name)}, "
            f"certificate=<{len(self.certificate_pem)} chars>, private_key=<hidden>, "
            f"ca=<{len(self.ca_pem)} chars>)"
        )

    __str__ = __repr__


def parse_endpoint(address: str) -> tuple[str, int]:
    """Host and port of `endpoint_addr`: `host`, `host:port`, `[v6]:port`, `scheme://host:port`.

    Without a port the MQTT TLS port 8883 applies (§1.2).
    """
    text = address.strip()
    if "://" in text:
        text = text.split("://", 1)[1]
    text = text.split("/", 1)[0]
    port_text = ""
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        if rest.startswith(":"):
            port_text = rest[1:]
        elif rest:
            host = ""
    elif text.count(":") == 1:
        host, port_text = text.split(":")
    else:
        host = text
    port = DEFAULT_PORT
    if port_text:
        port = int(port_text) if port_text.isdigit() else 0
    if not host or not 0 < port < 65536:
        raise MqttCredentialsError(
            "MQTT broker address is not usable", endpoint=Endpoint.GET_USER_MQTT_INFO
        )
    return host, port


async def fetch_credentials(api: SolixApi) -> MqttCredentials:
    """Ask the cloud for MQTT credentials (one counted, rate limited request)."""
    return MqttCredentials.from_cloud(await api.get_user_mqtt_info())
