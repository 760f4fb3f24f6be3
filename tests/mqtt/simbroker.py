"""Start the simulator with its MQTT broker for tests, and talk to it as a real MQTT client.

    async with served_mqtt("sb2_plus_plugs") as live:      # manual clock at the scenario base
        creds = live.credentials()                          # the get_user_mqtt_info data
        async with live.client() as client:                 # aiomqtt, mutual TLS, own cert
            await client.subscribe(data_filter(pn, sn))
            live.sim.clock.advance(300)                     # devices publish on the sim clock
            message = await next_message(client)

Outside the Home Assistant harness use it as is; inside it enable loopback sockets first
(``socket_enabled`` fixture). ``live.poller`` is a library poller whose session points at the
simulator (not logged in yet), so ``SolixApi.get_user_mqtt_info()`` answers over real HTTP.
"""

from __future__ import annotations

import asyncio
import os
import ssl
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
import aiomqtt

from custom_components.anker_solix.solixapi import SessionOptions, SolixSession
from custom_components.anker_solix.solixapi.cloud import SolixApi
from custom_components.anker_solix.solixapi.poll import SolixPoller
from solixsim import CloudSimulator, SimClock
from tests.conftest import SCENARIOS
from tests.loopback import base_time, scenario_meta

__all__ = ["MqttLoopback", "data_filter", "next_message", "served_mqtt", "tls_context"]

MESSAGE_TIMEOUT_S = 10.0
"""Real seconds a test waits for a message that must come (never a timing assertion)."""


def data_filter(pn: str, sn: str) -> str:
    """The one subscription per device (§2.2)."""
    return f"dt/anker_power/{pn}/{sn}/#"


def tls_context(
    ca_pem: str, cert_pem: str | None = None, key_pem: str | None = None
) -> ssl.SSLContext:
    """A client TLS context trusting ``ca_pem``, with a client certificate when given."""
    context = ssl.create_default_context(cadata=ca_pem)
    if cert_pem is not None and key_pem is not None:
        with tempfile.TemporaryDirectory() as folder:
            cert_path, key_path = os.path.join(folder, "c.pem"), os.path.join(folder, "k.pem")
            for path, text in ((cert_path, cert_pem), (key_path, key_pem)):
                fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
                with os.fdopen(fd, "w") as handle:
                    handle.write(text)
            context.load_cert_chain(cert_path, key_path)
    return context


async def next_message(
    client: aiomqtt.Client, wait_s: float = MESSAGE_TIMEOUT_S
) -> aiomqtt.Message:
    """The next message the client receives (fails the test after ``wait_s`` real seconds)."""
    async with asyncio.timeout(wait_s):
        async for message in client.messages:
            return message
    raise AssertionError("no MQTT message")


@dataclass
class MqttLoopback:
    """A served simulator with a running broker."""

    sim: CloudSimulator
    url: str
    poller: SolixPoller

    def credentials(self) -> dict[str, Any]:
        """The account's ``get_user_mqtt_info`` data (as the HTTP endpoint answers it)."""
        data = self.sim.mqtt.credentials_reply().data
        assert isinstance(data, dict)
        return data

    def host_port(self) -> tuple[str, int]:
        """The broker address from ``endpoint_addr``."""
        host, _, port = self.credentials()["endpoint_addr"].rpartition(":")
        return host, int(port)

    @asynccontextmanager
    async def client(
        self, *, context: ssl.SSLContext | None = None, suffix: str = "00001"
    ) -> AsyncIterator[aiomqtt.Client]:
        """An aiomqtt client logged in with the account's certificate (or ``context``)."""
        creds = self.credentials()
        if context is None:
            context = tls_context(
                creds["aws_root_ca1_pem"], creds["certificate_pem"], creds["private_key"]
            )
        host, port = self.host_port()
        async with aiomqtt.Client(
            host,
            port,
            identifier=f"{creds['thing_name']}_{suffix}",
            tls_context=context,
            timeout=MESSAGE_TIMEOUT_S,
        ) as client:
            yield client


@asynccontextmanager
async def served_mqtt(name: str, *, at: float | None = None) -> AsyncIterator[MqttLoopback]:
    """Serve ``scenarios/<name>`` with MQTT on a manual clock at its base time (or ``at``)."""
    folder = SCENARIOS / name
    start, offset = base_time(folder)
    account = scenario_meta(folder)["account"]
    sim = CloudSimulator.from_scenario(folder, clock=SimClock.manual(at or start), mqtt=True)
    async with sim.serve() as url, aiohttp.ClientSession() as websession:
        session = SolixSession(
            websession,
            account["email"],
            account["password"],
            account["country"],
            server_url=url,
            server_public_key=sim.public_key_hex,
            options=SessionOptions(request_delay=0.3, timeout=5.0, endpoint_limit=10),
            clock=sim.clock.now,
            sleep=sim.clock.sleep,
            utc_offset_seconds=offset,
        )
        yield MqttLoopback(sim=sim, url=url, poller=SolixPoller(SolixApi(session)))
