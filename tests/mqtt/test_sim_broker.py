"""The simulator's broker: mutual TLS with the account's certificate, per-device ACLs (§1.1–1.4)."""

from __future__ import annotations

import asyncio
import json
import ssl
import sys
from typing import Any

import aiohttp
import aiomqtt
import pytest

from solixsim import CloudSimulator, SimClock
from solixsim.mqtt.certs import SimAuthority
from tests.conftest import SCENARIOS
from tests.mqtt.simbroker import data_filter, served_mqtt, tls_context

pytestmark = pytest.mark.usefixtures("socket_enabled")

REFUSED = 0x80
PLUS_SN = "961JPFEHEZLL1HAC"  # sb2_plus_plugs: the account's Solarbank 2 Plus (A17C3)


def _granted(result: Any) -> list[int]:
    """SUBACK return codes as numbers."""
    return [code.value if hasattr(code, "value") else int(code) for code in result]


async def test_credentials_over_http_name_the_broker_and_a_working_certificate() -> None:
    async with served_mqtt("sb2_plus_plugs") as live:
        await live.poller.api.session.login()
        data = await live.poller.api.get_user_mqtt_info()
        host, port = live.host_port()
        assert data["endpoint_addr"] == f"{host}:{port}"
        assert host == "127.0.0.1"
        assert data["app_name"] == "anker_power"
        assert data["thing_name"] == f"{data['user_id']}-anker_power"
        assert data["private_key"].startswith("-----BEGIN RSA PRIVATE KEY-----")
        assert "BEGIN CERTIFICATE" in data["aws_root_ca1_pem"]
        assert len(data["certificate_id"]) == 64
        assert live.sim.recorder.stats()["app/devicemanage/get_user_mqtt_info"]["requests"] == 1
        context = tls_context(
            data["aws_root_ca1_pem"], data["certificate_pem"], data["private_key"]
        )
        async with live.client(context=context) as client:
            result = await client.subscribe(data_filter("A17C3", PLUS_SN))
        assert _granted(result) == [0]


async def test_no_client_certificate_is_refused_at_the_handshake() -> None:
    async with served_mqtt("sb2_plus_plugs") as live:
        context = tls_context(live.credentials()["aws_root_ca1_pem"])
        with pytest.raises(aiomqtt.MqttError):
            async with live.client(context=context):
                pass
        assert live.sim.mqtt.broker is not None
        assert live.sim.mqtt.broker.connected_accounts() == {}


async def test_foreign_client_certificate_is_refused() -> None:
    async with served_mqtt("sb2_plus_plugs") as live:
        foreign = SimAuthority().client_certificate(live.credentials()["user_id"])
        context = tls_context(
            live.credentials()["aws_root_ca1_pem"], foreign.certificate_pem, foreign.private_key_pem
        )
        with pytest.raises(aiomqtt.MqttError):
            async with live.client(context=context):
                pass


async def test_broker_certificate_is_checked_by_the_client() -> None:
    """A client trusting another CA does not talk to the simulator's broker."""
    async with served_mqtt("sb2_plus_plugs") as live:
        creds = live.credentials()
        context = tls_context(SimAuthority().ca_pem, creds["certificate_pem"], creds["private_key"])
        with pytest.raises(aiomqtt.MqttError):
            async with live.client(context=context):
                pass


async def test_subscriptions_to_devices_the_account_does_not_own_get_0x80() -> None:
    async with served_mqtt("sb2_plus_plugs") as live, live.client() as client:
        own = await client.subscribe(data_filter("A17C3", PLUS_SN))
        other_sn = await client.subscribe(data_filter("A17C3", "0000000000000000"))
        wrong_pn = await client.subscribe(data_filter("A17C5", PLUS_SN))
        wildcard = await client.subscribe("dt/anker_power/+/+/#")
        everything = await client.subscribe("#")
        commands = await client.subscribe(f"cmd/anker_power/A17C3/{PLUS_SN}/#")
    assert _granted(own) == [0]
    assert _granted(commands) == [0]
    for refused in (other_sn, wrong_pn, wildcard, everything):
        assert _granted(refused) == [REFUSED]


async def test_member_gets_credentials_but_no_device_subscription() -> None:
    scene = next((SCENARIOS / "member_sb3").glob("scene_*.json"))
    device = json.loads(scene.read_text())["data"]["solarbank_info"]["solarbank_list"][0]
    async with served_mqtt("member_sb3") as live:
        assert live.credentials()["certificate_pem"]
        async with live.client() as client:
            result = await client.subscribe(data_filter(device["device_pn"], device["device_sn"]))
    assert _granted(result) == [REFUSED]


async def test_without_mqtt_the_endpoint_names_no_broker() -> None:
    sim = CloudSimulator.from_scenario(SCENARIOS / "sb2_plus_plugs", clock=SimClock.manual(1e9))
    async with sim.serve():
        data = sim.mqtt.credentials_reply().data
    assert isinstance(data, dict)
    assert data["endpoint_addr"] == ""
    assert data["certificate_pem"] == data["private_key"] == ""
    assert sim.mqtt.broker is None


async def test_broker_files_are_private_and_removed_at_stop() -> None:
    async with served_mqtt("sb2_plus_plugs") as live:
        authority = live.sim.mqtt.authority
        assert authority is not None
        folder = authority._tempdir
        assert folder is not None
        assert oct(folder.stat().st_mode & 0o777) == "0o700"
        assert {oct(path.stat().st_mode & 0o777) for path in folder.iterdir()} == {"0o600"}
    assert not folder.exists()
    assert isinstance(ssl.create_default_context(cadata=authority.ca_pem), ssl.SSLContext)


async def test_cli_serve_with_mqtt_prints_the_broker_and_runs_the_devices() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "solixsim",
        "serve",
        "--scenario",
        str(SCENARIOS / "sb2_plus_plugs"),
        "--manual-clock",
        "--mqtt",
        cwd=SCENARIOS.parent,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    try:
        line = json.loads(await asyncio.wait_for(process.stdout.readline(), timeout=60))
        host, _, port = line["mqtt"].rpartition(":")
        assert host == "127.0.0.1"
        assert int(port) > 0
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"{line['url']}/_sim/mqtt") as response,
        ):
            state = await response.json()
        assert state["broker_up"] is True
        assert state["endpoint_addr"] == line["mqtt"]
        assert state["devices"][PLUS_SN]["pn"] == "A17C3"
    finally:
        process.terminate()
        await process.communicate()
