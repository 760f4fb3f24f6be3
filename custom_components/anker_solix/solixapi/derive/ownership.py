"""Who may change what: the one ownership rule of controls, actions and library writes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def site_is_owned(site: Mapping[str, Any] | None) -> bool:
    """The account administers the site (its ``site_admin`` flag; a missing flag is a member)."""
    return site is not None and bool(site.get("site_admin"))


def device_is_owned(device: Mapping[str, Any], site: Mapping[str, Any] | None) -> bool:
    """The account administers the device (``is_admin``) and the known site it belongs to.

    ``site`` is the cached site of the device, or None for a device outside every known site
    (bound devices of no system), which depends on its own flag alone.
    """
    if site is not None and not site_is_owned(site):
        return False
    return bool(device.get("is_admin"))
