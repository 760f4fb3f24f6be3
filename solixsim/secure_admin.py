"""Admin API of the §2.7 switches: ``GET|POST /_sim/security``.

``GET`` answers the switches and the pending two-factor code (the simulated user's inbox);
``POST`` sets any of ``require_encrypted`` (bool), ``require_two_factor`` (bool),
``lookup`` (object country → host or URL, replaces the table) and ``preset_key`` (32 hex).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:
    from solixsim.simulator import CloudSimulator

SECURITY_PATH = "/_sim/security"
PRESET_KEY_HEX_LENGTH = 32


def security_state(sim: CloudSimulator) -> dict[str, Any]:
    """The switches, the lookup table and the code last sent (None: none pending)."""
    return {
        "require_encrypted": sim.secure.require_encrypted,
        "require_two_factor": sim.auth.require_two_factor,
        "two_factor_code": sim.auth.two_factor_code,
        "codes_sent": sim.auth.codes_sent,
        "lookup": dict(sim.secure.lookup),
        "handshakes": sim.secure.handshakes,
    }


def apply_security(sim: CloudSimulator, body: dict[str, Any]) -> str | None:
    """Set the switches of `body`; the reason text when a value is unusable (nothing set)."""
    flags = {key: body[key] for key in ("require_encrypted", "require_two_factor") if key in body}
    if any(not isinstance(value, bool) for value in flags.values()):
        return "switches must be true or false"
    lookup = body.get("lookup")
    if lookup is not None and (
        not isinstance(lookup, dict)
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in lookup.items())
    ):
        return '"lookup" must map country codes to hosts'
    preset = body.get("preset_key")
    if preset is not None:
        try:
            valid = (
                isinstance(preset, str) and len(bytes.fromhex(preset)) * 2 == PRESET_KEY_HEX_LENGTH
            )
        except ValueError:
            valid = False
        if not valid:
            return '"preset_key" must be 32 hex characters'
        sim.secure.preset_key_hex = preset
        sim.secure.forget_sessions()
    if "require_encrypted" in flags:
        sim.secure.require_encrypted = flags["require_encrypted"]
    if "require_two_factor" in flags:
        sim.auth.require_two_factor = flags["require_two_factor"]
    if lookup is not None:
        sim.secure.lookup = {key.upper(): value for key, value in lookup.items()}
    return None


def security_routes(sim: CloudSimulator) -> list[web.RouteDef]:
    """The security admin endpoints bound to one simulator."""

    async def get_security(_request: web.Request) -> web.Response:
        return web.json_response(security_state(sim))

    async def post_security(request: web.Request) -> web.Response:
        try:
            body = await request.json() if (await request.read()).strip() else {}
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return web.Response(status=400, text="body must be a JSON object\n")
        problem = apply_security(sim, body)
        if problem is not None:
            return web.Response(status=400, text=f"{problem}\n")
        return web.json_response(security_state(sim))

    return [web.get(SECURITY_PATH, get_security), web.post(SECURITY_PATH, post_security)]
