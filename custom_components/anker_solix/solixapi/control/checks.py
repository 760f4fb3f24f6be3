"""Checks shared by the settings controls: known, owned devices and sites (before any request).

Reasons raised here (translation keys under ``exceptions``): ``unknown_device``,
``unknown_site``, ``not_owner``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .errors import SolixNotAllowedError, SolixValidationError
from .jsonutil import JsonDict

if TYPE_CHECKING:
    from .poller import SolixPoller


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
    known_site = isinstance(site_id, str) and site_id in poller.ctx.sites
    if known_site and poller.ctx.is_member_site(str(site_id)):
        raise SolixNotAllowedError("not_owner")
    if not entry.get("is_admin"):
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
