"""A minimal in-memory stand-in for SolixSession serving envelopes by endpoint."""

from __future__ import annotations

import json
from typing import Any

from custom_components.anker_solix.solixapi.common import SolixError


class FakeSession:
    """Serves ``{"code": 0, "data": ...}`` envelopes from a dict keyed by endpoint.

    A key ``"<endpoint> <compact json body>"`` takes precedence over the bare endpoint. Values
    that are exceptions are raised. Unknown endpoints answer ``data: {}``.
    """

    def __init__(self, responses: dict[str, Any], now: float, utc_offset: int = 0) -> None:
        self.email = "demo@example.com"
        self.country = "DE"
        self.server_url = "http://127.0.0.1"
        self.nick_name = "demo"
        self.utc_offset_seconds = utc_offset
        self.responses = responses
        self.now = now
        self.calls: list[tuple[str, str, dict[str, Any]]] = []

    def clock(self) -> float:
        return self.now

    async def request(
        self, method: str, endpoint: str, payload: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        body = payload or {}
        self.calls.append((method, endpoint, body))
        key = f"{endpoint} {json.dumps(body, sort_keys=True, separators=(',', ':'))}"
        data = self.responses.get(key, self.responses.get(endpoint, {}))
        if isinstance(data, SolixError):
            raise data
        return {"code": 0, "msg": "success!", "data": json.loads(json.dumps(data))}

    def endpoints(self) -> list[str]:
        return [endpoint for _, endpoint, _ in self.calls]
