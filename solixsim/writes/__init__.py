"""Write endpoints of the simulator: validate like the cloud and change the stored state.

Every handler takes ``(store, request body, now as Unix seconds)`` and returns a ``SimReply``;
member/owner checks are done by the caller.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from solixsim.reply import SimReply
from solixsim.scenario import ScenarioStore

# Reproduce the Solarbank 1 single-slot bug (protocol §6.8): a written SB1 schedule with one
# slot makes the device output 0 W. Read at call time, so tests may switch it off.
SINGLE_SLOT_ZERO_OUTPUT = True

WriteHandler = Callable[[ScenarioStore, dict[str, Any], float], SimReply]

from solixsim.writes import (  # noqa: E402  (the switch above must exist before these import)
    device_settings,
    prices,
    site_param,
    station,
    vehicles,
)

WRITE_HANDLERS: dict[str, WriteHandler] = {
    site_param.ENDPOINT: site_param.set_site_device_param,
    station.CUTOFF_ENDPOINT: station.set_power_cutoff,
    device_settings.ATTRS_ENDPOINT: device_settings.set_device_attrs,
    device_settings.AUTO_UPGRADE_ENDPOINT: device_settings.set_auto_upgrade,
    device_settings.HOME_LOAD_ENDPOINT: device_settings.set_device_home_load,
    prices.SITE_PRICE_ENDPOINT: prices.update_site_price,
    prices.APS_POWER_ENDPOINT: prices.set_aps_power,
    prices.PV_PRICE_ENDPOINT: prices.update_pv_price,
    vehicles.ADD_ENDPOINT: vehicles.add_vehicle,
    vehicles.UPDATE_ENDPOINT: vehicles.update_vehicle,
    vehicles.DELETE_ENDPOINT: vehicles.delete_vehicle,
    vehicles.DEFAULT_ENDPOINT: vehicles.set_default_vehicle,
}

__all__ = ["SINGLE_SLOT_ZERO_OUTPUT", "WRITE_HANDLERS", "WriteHandler"]
