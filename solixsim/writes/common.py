"""Shared pieces of the write handlers: replies, stored files, site clock, time strings."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any, TypeIs

from custom_components.anker_solix.solixapi import compact_json
from solixsim.reply import SimReply
from solixsim.scenario import ScenarioStore

FAILED = "Failed to request."
CODE_FAILED = 10000
CODE_ITEM_EXISTS = 31001
CODE_ITEM_LIMIT = 31003
SB1_MODEL = "A17C0"
MINUTES_PER_DAY = 24 * 60


class WriteRejectedError(Exception):
    """A write the cloud refuses; carries the reply to send."""

    def __init__(self, reply: SimReply) -> None:
        """Keep the reply."""
        super().__init__(reply.text or reply.msg)
        self.reply = reply


def success() -> SimReply:
    """The cloud's answer to an accepted write (no data)."""
    return SimReply()


def failed(code: int = CODE_FAILED, msg: str = FAILED) -> SimReply:
    """An error envelope in HTTP 200."""
    return SimReply(code=code, msg=msg)


def bad_request(text: str) -> SimReply:
    """HTTP 400 with a plain-text validation message (newline terminated like the cloud)."""
    return SimReply(status=400, text=text if text.endswith("\n") else f"{text}\n")


def require(body: dict[str, Any], *fields: str) -> None:
    """Reject with HTTP 400 when a mandatory field is missing or empty."""
    for field in fields:
        if body.get(field) is None or body.get(field) == "":
            raise WriteRejectedError(bad_request(f'field "{field}" is not set'))


def reject(code: int = CODE_FAILED, msg: str = FAILED) -> WriteRejectedError:
    """An exception carrying an error envelope."""
    return WriteRejectedError(failed(code, msg))


def is_int(value: Any) -> TypeIs[int]:
    """True for real integers (booleans excluded)."""
    return isinstance(value, int) and not isinstance(value, bool)


def stored_data(store: ScenarioStore, name: str) -> dict[str, Any]:
    """The ``data`` dict of a stored file; a missing file (or no dict data) rejects the write."""
    data = store.data(name)
    if not isinstance(data, dict):
        raise reject()
    return data


def update_data(store: ScenarioStore, name: str, change: Callable[[dict[str, Any]], None]) -> bool:
    """Apply ``change`` to the ``data`` dict of a stored file; False when there is none."""
    envelope = store.get(name)
    if envelope is None or not isinstance(envelope.get("data"), dict):
        return False
    change(envelope["data"])
    store.put(name, envelope)
    return True


def param_name(param_type: str, site_id: str) -> str:
    """File name of a stored site parameter."""
    return f"device_parm_{param_type}_{site_id}"


def read_param(store: ScenarioStore, param_type: str, site_id: str) -> dict[str, Any] | None:
    """The decoded ``param_data`` of a stored parameter ({} for ""), None without file."""
    data = store.data(param_name(param_type, site_id))
    if not isinstance(data, dict):
        return None
    raw = data.get("param_data")
    if not isinstance(raw, str) or not raw.strip():
        return {}
    try:
        decoded = json.loads(raw)
    except ValueError:
        return {}
    return decoded if isinstance(decoded, dict) else {}


def write_param(store: ScenarioStore, param_type: str, site_id: str, value: Any) -> None:
    """Store ``value`` as the ``param_data`` string of a site parameter."""
    name = param_name(param_type, site_id)
    envelope = store.get(name) or {"code": 0, "msg": "success!", "trace_id": ""}
    envelope["data"] = {"param_data": compact_json(value)}
    store.put(name, envelope)


def site_local_time(store: ScenarioStore, now: float) -> datetime:
    """The site-local wall clock at Unix time ``now``."""
    return datetime.fromtimestamp(
        now, tz=timezone(timedelta(minutes=store.meta.utc_offset_minutes))
    )


def minutes_of(text: Any) -> int | None:
    """Minutes after midnight of ``"HH:MM"`` (``"24:00"`` allowed), else None."""
    if not isinstance(text, str) or len(text) != 5 or text[2] != ":":
        return None
    hours, minutes = text[:2], text[3:]
    if not (hours.isdigit() and minutes.isdigit()):
        return None
    value = int(hours) * 60 + int(minutes)
    if int(minutes) >= 60 or value > MINUTES_PER_DAY:
        return None
    return value


def scene_devices(store: ScenarioStore, site_id: str) -> list[dict[str, Any]]:
    """The Solarbank entries of a site's scene info."""
    scene = store.data(f"scene_{site_id}")
    info = scene.get("solarbank_info") if isinstance(scene, dict) else None
    devices = info.get("solarbank_list") if isinstance(info, dict) else None
    return [device for device in devices or [] if isinstance(device, dict)]


def site_of_device(store: ScenarioStore, device_sn: str) -> str | None:
    """The site whose scene lists the Solarbank ``device_sn``."""
    for site_id in store.site_ids():
        if any(device.get("device_sn") == device_sn for device in scene_devices(store, site_id)):
            return site_id
    return None


def device_model(store: ScenarioStore, device_sn: str) -> str:
    """Product code of a device from scene info, power limits or bound devices ("" if unknown)."""
    for site_id in store.site_ids():
        for device in scene_devices(store, site_id):
            if device.get("device_sn") == device_sn:
                return str(device.get("device_pn", ""))
    bound = store.data("bind_devices")
    for device in (bound.get("data") if isinstance(bound, dict) else None) or []:
        if isinstance(device, dict) and device.get("device_sn") == device_sn:
            return str(device.get("product_code", ""))
    return ""


def slot_span(slot: Any) -> tuple[int, int] | None:
    """Minutes ``(start, end)`` of a schedule slot with ``start < end``, else None."""
    if not isinstance(slot, dict):
        return None
    start, end = minutes_of(slot.get("start_time")), minutes_of(slot.get("end_time"))
    if start is None or end is None or start >= end:
        return None
    return start, end
