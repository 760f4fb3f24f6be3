"""The simulator's answer to one request, independent of aiohttp."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SimReply:
    """What an endpoint handler answers.

    ``status`` is the HTTP status. For a JSON envelope (``text is None``) the body is
    ``{"code", "msg", "data", "trace_id"}``; ``data`` is left out when it is ``None`` and the
    code is an error (the real cloud omits it then). ``text`` is a non-JSON body (plain-text
    validation errors, HTML gateway pages) sent verbatim with the given status.
    """

    status: int = 200
    code: int = 0
    msg: str = "success!"
    data: Any = None
    text: str | None = None
