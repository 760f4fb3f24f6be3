"""Admin API under ``/_sim/`` (no authentication): statistics, request log, clock, faults,
energy corrections."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from solixsim.auth import CODE_KICKED_OUT
from solixsim.energy.model import DEFAULT_CORRECTION

if TYPE_CHECKING:
    from solixsim.simulator import CloudSimulator

ADMIN_PREFIX = "/_sim/"
_FAULT_FIELDS = (
    "status",
    "code",
    "msg",
    "count",
    "after",
    "timeout",
    "hang_seconds",
    "truncate",
    "body",
    "drop",
    "retype",
)


def _bad_request(text: str) -> web.Response:
    """HTTP 400 with a plain-text reason."""
    return web.Response(status=400, text=text)


async def _json_body(request: web.Request) -> dict[str, Any] | None:
    """The JSON object of an admin request (``{}`` when empty), None when not an object."""
    raw = await request.read()
    if not raw.strip():
        return {}
    try:
        body = await request.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def energy_admin(sim: CloudSimulator, body: dict[str, Any]) -> web.Response:
    """``POST /_sim/energy``: ``{"correct_yesterday": true, "factor": 1.04, "site_id": "*"}``
    switches a late cloud correction of yesterday on (``false`` clears all corrections)."""
    switch = body.get("correct_yesterday")
    if not isinstance(switch, bool):
        return _bad_request('expected "correct_yesterday": true or false\n')
    if not switch:
        sim.energy.clear_corrections()
        return web.json_response({"corrections": {}})
    factor = body.get("factor", DEFAULT_CORRECTION)
    site_id = body.get("site_id", "*")
    if not isinstance(factor, int | float) or isinstance(factor, bool) or factor <= 0:
        return _bad_request('"factor" must be a positive number\n')
    if not isinstance(site_id, str):
        return _bad_request('"site_id" must be a text\n')
    sim.energy.correct_yesterday(float(factor), site_id or "*")
    corrections = {
        site: {"day": item.day.isoformat(), "factor": item.factor}
        for site, item in sim.energy.corrections.items()
    }
    return web.json_response({"corrections": corrections})


def admin_routes(sim: CloudSimulator) -> list[web.RouteDef]:
    """The admin endpoints bound to one simulator."""

    def clock_state() -> dict[str, Any]:
        return {
            "now": sim.clock.now(),
            "local": sim.times.format_local(sim.clock.now()),
            "manual": sim.clock.is_manual,
        }

    async def stats(_request: web.Request) -> web.Response:
        return web.json_response(sim.recorder.stats())

    async def requests(_request: web.Request) -> web.Response:
        return web.json_response([record.as_dict() for record in sim.recorder.records])

    async def get_clock(_request: web.Request) -> web.Response:
        return web.json_response(clock_state())

    async def post_clock(request: web.Request) -> web.Response:
        body = await _json_body(request)
        if body is None:
            return _bad_request("body must be a JSON object\n")
        try:
            if "set" in body:
                sim.set_clock(body["set"])
            elif "advance" in body:
                sim.clock.advance(float(body["advance"]))
            else:
                return _bad_request('expected "set" or "advance"\n')
        except (TypeError, ValueError) as err:
            return _bad_request(f"invalid clock value: {err}\n")
        return web.json_response(clock_state())

    async def post_faults(request: web.Request) -> web.Response:
        body = await _json_body(request)
        if body is None or not isinstance(body.get("endpoint"), str):
            return _bad_request('field "endpoint" is not set\n')
        options = {key: body[key] for key in _FAULT_FIELDS if key in body}
        try:
            sim.faults.add(body["endpoint"], **options)
        except TypeError as err:
            return _bad_request(f"invalid fault: {err}\n")
        return web.json_response({"armed": len(sim.faults.faults)})

    async def delete_faults(_request: web.Request) -> web.Response:
        sim.faults.clear()
        return web.json_response({"armed": 0})

    async def invalidate(request: web.Request) -> web.Response:
        body = await _json_body(request) or {}
        code = body.get("code", CODE_KICKED_OUT)
        sim.invalidate_tokens(code=code if isinstance(code, int) else None)
        return web.json_response({"invalidated": True, "code": code})

    async def energy(request: web.Request) -> web.Response:
        body = await _json_body(request)
        if body is None:
            return _bad_request("body must be a JSON object\n")
        return energy_admin(sim, body)

    return [
        web.post(f"{ADMIN_PREFIX}energy", energy),
        web.get(f"{ADMIN_PREFIX}stats", stats),
        web.get(f"{ADMIN_PREFIX}requests", requests),
        web.get(f"{ADMIN_PREFIX}clock", get_clock),
        web.post(f"{ADMIN_PREFIX}clock", post_clock),
        web.post(f"{ADMIN_PREFIX}faults", post_faults),
        web.delete(f"{ADMIN_PREFIX}faults", delete_faults),
        web.post(f"{ADMIN_PREFIX}tokens/invalidate", invalidate),
    ]
