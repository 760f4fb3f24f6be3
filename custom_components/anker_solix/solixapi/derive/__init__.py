"""Pure value rules on cloud answers: battery energy and capacity, power balances of combined
systems, prices and tariffs, output presets from schedules, charging status, site time.

May import from the library: common.
"""

from .battery import battery_capacity, battery_energy
from .forecast import build_forecast
from .ownership import device_is_owned, site_is_owned
from .power import (
    BankReading,
    battery_power,
    cascaded_totals,
    compute_battery_powers,
    is_cascaded,
    is_multisystem,
    multisystem_ac_input_share,
    rescale_to_site_total,
)
from .price import (
    currency_symbol,
    dynamic_price_details,
    fee_and_vat,
    provider_options,
    provider_string,
    total_price,
)
from .schedule import (
    AC_MODELS,
    AUTOMATIC_MODES,
    MODE_MANUAL,
    MODE_SMARTPLUGS,
    Sb1Context,
    Tariff,
    active_slot,
    cascaded_sb1_output,
    current_tariff,
    sb1_presets,
    sb2_presets,
)
from .status import StatusInputs, charging_status_description, effective_preset

__all__ = [
    "AC_MODELS",
    "AUTOMATIC_MODES",
    "MODE_MANUAL",
    "MODE_SMARTPLUGS",
    "BankReading",
    "Sb1Context",
    "StatusInputs",
    "Tariff",
    "active_slot",
    "battery_capacity",
    "battery_energy",
    "battery_power",
    "build_forecast",
    "cascaded_sb1_output",
    "cascaded_totals",
    "charging_status_description",
    "compute_battery_powers",
    "currency_symbol",
    "current_tariff",
    "device_is_owned",
    "dynamic_price_details",
    "effective_preset",
    "fee_and_vat",
    "is_cascaded",
    "is_multisystem",
    "multisystem_ac_input_share",
    "provider_options",
    "provider_string",
    "rescale_to_site_total",
    "sb1_presets",
    "sb2_presets",
    "site_is_owned",
    "total_price",
]
