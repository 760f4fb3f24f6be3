"""Device pictures: our own artwork in ``pictures/``, served by the integration itself.

The option "Show device pictures" (``OPT_PICTURES``) gives the main sensor of each account,
system, device and vehicle the picture of its family as ``entity_picture``. The files are served
from a static path registered once per Home Assistant instance (no copying into ``www/``).
The main sensor is the first of the kind's candidate keys (`MAIN_SENSOR_KEYS`) the context has:
a device's state of charge (cloud, else live data), else its power, else its status, else its
Wi-Fi signal (portable power stations report little more); an account's cloud request counter,
else (example entries send no requests) its last error. Sub-devices without sensors (X1
battery modules) show none.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

# Home Assistant 2026 defines it in http/server.py and re-exports it without __all__.
from homeassistant.components.http import (  # type: ignore[attr-defined,unused-ignore]
    StaticPathConfig,
)
from homeassistant.core import HomeAssistant
from homeassistant.util.hass_dict import HassKey

from .const import DEFAULT_PICTURES, DOMAIN, OPT_PICTURES
from .context import ContextKind, SolixContext

PICTURES_DIR: Final = Path(__file__).parent / "pictures"
PICTURES_URL: Final = f"/{DOMAIN}/pictures"
"""URL path the picture files are served under (no login: browsers load them as images)."""
_REGISTERED: HassKey[bool] = HassKey(f"{DOMAIN}_pictures_registered")

DEVICE_PICTURES: Final[dict[str, str]] = {
    "inverter": "inverter",
    "smartmeter": "smartmeter",
    "smartplug": "smartplug",
    "combiner_box": "powerdock",
    "powerpanel": "powerpanel",
    "hes": "hes",
    "pps": "pps",
    "solarbank_pps": "pps",
    "ev_charger": "ev_charger",
}
"""Picture (file stem) of each device type; Solarbanks by generation (`_device_picture`)."""
SOLARBANK_PICTURES: Final[dict[int, str]] = {1: "solarbank1", 2: "solarbank2", 3: "solarbank3"}
KIND_PICTURES: Final[dict[ContextKind, str]] = {
    ContextKind.ACCOUNT: "account",
    ContextKind.SITE: "system",
    ContextKind.VEHICLE: "vehicle",
}

MAIN_SENSOR_KEYS: Final[dict[ContextKind, tuple[str, ...]]] = {
    # An example entry (replay) counts no cloud requests: its account shows it on the last error.
    ContextKind.ACCOUNT: ("requests_last_hour", "last_error"),
    ContextKind.SITE: ("home_load_power", "total_energy", "data_timestamp"),
    ContextKind.DEVICE: (
        "battery_soc",
        "live_soc_pct",
        "inverter_power",
        "plug_power",
        "grid_import_power",
        "power",
        "status",
        "wifi_signal",
    ),
    ContextKind.VEHICLE: ("last_update",),
}
"""Candidate sensors for a context's picture, best first: the first one it has shows it."""


async def async_register_pictures(hass: HomeAssistant) -> None:
    """Serve the picture files under `PICTURES_URL` (once per Home Assistant instance)."""
    if hass.data.get(_REGISTERED):
        return
    hass.data[_REGISTERED] = True
    # No long cache headers: a new release may redraw a picture under the same name.
    await hass.http.async_register_static_paths(
        [StaticPathConfig(PICTURES_URL, str(PICTURES_DIR), cache_headers=False)]
    )


def pictures_enabled(options: Mapping[str, Any]) -> bool:
    """Whether the entry's options show device pictures."""
    return bool(options.get(OPT_PICTURES, DEFAULT_PICTURES))


def _device_picture(entry: Mapping[str, Any]) -> str | None:
    """The picture of a device's family (None for families we have no picture of)."""
    device_type = str(entry.get("type") or "")
    if device_type == "solarbank":
        generation = entry.get("generation")
        return SOLARBANK_PICTURES.get(generation if isinstance(generation, int) else 0)
    return DEVICE_PICTURES.get(device_type)


def picture_url(ctx: SolixContext) -> str | None:
    """The URL of the context's family picture, None without one."""
    if ctx.kind is ContextKind.DEVICE:
        entry = ctx.entry
        stem = _device_picture(entry) if entry is not None else None
    else:
        stem = KIND_PICTURES.get(ctx.kind)
    return f"{PICTURES_URL}/{stem}.svg" if stem else None
