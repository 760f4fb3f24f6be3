"""Checks shared by the settings controls: known, owned devices and sites (before any request).

Reasons raised here (translation keys under ``exceptions``): ``unknown_device``,
``unknown_site``, ``not_owner``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..common.errors import SolixNotAllowedError, SolixValidationError
from ..common.jsonutil import JsonDict
from ..derive.ownership import device_is_owned

if TYPE_CHECKING:
    from ..poll.poller import SolixPoller


def owned_site(poller: SolixPoller, site_id: str) -> JsonDict:
    """The cached site; unknown sites and member sites are refused."""
    site = poller.ctx.sites.get(site_id)
    if site is None:
        raise SolixValidationError("unknown_site", field="site_id")
    if poller.ctx.is_member_site(site_id):
        raise SolixNotAllowedError("not_owner")
    return site


def owned_device(poller: SolixPoller, device_sn: str) -> JsonDict:
    """The cached device; unknown devices, member sites and devices not owned are refused."""
    entry = poller.ctx.devices.get(device_sn)
    if entry is None:
        raise SolixValidationError("unknown_device", field="device_sn")
    site_id = entry.get("site_id")
    site = poller.ctx.sites.get(site_id) if isinstance(site_id, str) else None
    if not device_is_owned(entry, site):
        raise SolixNotAllowedError("not_owner")
    return entry


def site_of(poller: SolixPoller, entry: JsonDict) -> tuple[str, JsonDict]:
    """Site id and cached site of a device (empty when the device has no known site)."""
    site_id = entry.get("site_id")
    if isinstance(site_id, str):
        return site_id, poller.ctx.sites.get(site_id) or {}
    return "", {}


def option_text(options: Iterable[object]) -> str:
    """Options joined for a message placeholder (``5, 10``)."""
    return ", ".join(str(option) for option in options)


def option_value(value: object, options: list[int], field: str, reason: str) -> int:
    """``value`` as one of ``options`` (integral floats accepted); else raises ``reason``.

    The error carries the placeholders ``value`` and ``options``.
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and value in options:
        return value
    raise SolixValidationError(
        reason, field=field, placeholders={"value": str(value), "options": option_text(options)}
    )


def real_number(value: object, field: str, reason: str, minimum: float, maximum: float) -> float:
    """``value`` as a float within ``minimum``–``maximum``; anything else raises ``reason``."""
    placeholders = {"value": str(value), "min": f"{minimum:g}", "max": f"{maximum:g}"}
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SolixValidationError(reason, field=field, placeholders=placeholders)
    number = float(value)
    if number != number or not minimum <= number <= maximum:
        raise SolixValidationError(reason, field=field, placeholders=placeholders)
    return number
