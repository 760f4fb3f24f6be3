"""Admin API of the simulator's MQTT side under ``/_sim/mqtt`` (no authentication).

``GET /_sim/mqtt``: broker, devices, armed faults, stats; ``GET /_sim/mqtt/stats``: messages and
bytes per device and topic; ``POST /_sim/mqtt/faults`` ``{"kind", "sn", "count"}`` arms a device
fault (``corrupt``, ``truncate``, ``bad_checksum``, ``unknown_type``, ``silent``, ``refuse``) or
runs a broker fault (``down``, ``up``, ``disconnect``); ``DELETE /_sim/mqtt/faults`` disarms the
device faults and brings a downed broker back.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from solixsim.mqtt.faults import DEVICE_FAULTS
from solixsim.mqtt.service import MqttService

__all__ = ["mqtt_admin_routes"]

PREFIX = "/_sim/mqtt"


async def _body(request: web.Request) -> dict[str, Any] | None:
    """The JSON object of a request (``{}`` when empty), None when not an object."""
    raw = await request.read()
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def mqtt_admin_routes(service: MqttService) -> list[web.RouteDef]:
    """The MQTT admin endpoints bound to one simulator's MQTT service."""

    async def state(_request: web.Request) -> web.Response:
        return web.json_response(service.state())

    async def stats(_request: web.Request) -> web.Response:
        return web.json_response(service.stats.as_dict())

    async def post_fault(request: web.Request) -> web.Response:
        body = await _body(request)
        kind = body.get("kind") if body is not None else None
        if body is None or not isinstance(kind, str):
            return web.Response(status=400, text='field "kind" is not set\n')
        if kind in ("down", "up"):
            await service.set_broker_up(kind == "up")
            return web.json_response({"broker_up": kind == "up"})
        if kind == "disconnect":
            return web.json_response({"disconnected": await service.disconnect_clients()})
        sn, count = body.get("sn", "*"), body.get("count", 1)
        if kind not in DEVICE_FAULTS or not isinstance(sn, str):
            return web.Response(status=400, text=f"unknown MQTT fault {kind!r}\n")
        if count is not None and (not isinstance(count, int) or count < 1):
            return web.Response(status=400, text='"count" must be a positive number or null\n')
        service.add_fault(kind, sn=sn, count=count)
        return web.json_response({"armed": len(service.faults.faults)})

    async def delete_faults(_request: web.Request) -> web.Response:
        service.clear_faults()
        await service.set_broker_up(True)
        return web.json_response({"armed": 0})

    return [
        web.get(PREFIX, state),
        web.get(f"{PREFIX}/stats", stats),
        web.post(f"{PREFIX}/faults", post_fault),
        web.delete(f"{PREFIX}/faults", delete_faults),
    ]
