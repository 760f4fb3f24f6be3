"""Every write: schedule ops and settings ops (refuse bad input before any request, read fresh,
write, read back, store the result in the caches) and the local customizations (§8.6).

May import from the library: common, cloud, derive, poll, schedule.
"""

from .customizations import battery_capacity_range, customize
from .prices import price_type_options, price_unit_options, set_site_price, site_provider_options
from .schedule_ops import (
    clear_schedule,
    get_schedule,
    modify_use_time,
    set_backup_charge,
    set_output_preset,
    set_sb1_presets,
    set_schedule,
    set_tariff,
    set_usage_mode,
    update_schedule,
)
from .settings import (
    grid_export_supported,
    inverter_limit_options,
    is_station_managed,
    set_auto_upgrade,
    set_grid_export,
    set_inverter_limit,
    set_soc_reserve,
    soc_reserve_options,
)
from .vehicles import (
    brand_options,
    load_options_of_vehicle,
    model_options,
    set_default_vehicle,
    update_vehicle,
    variant_options,
    vehicle_variant,
    year_options,
)

__all__ = [
    "battery_capacity_range",
    "brand_options",
    "clear_schedule",
    "customize",
    "get_schedule",
    "grid_export_supported",
    "inverter_limit_options",
    "is_station_managed",
    "load_options_of_vehicle",
    "model_options",
    "modify_use_time",
    "price_type_options",
    "price_unit_options",
    "set_auto_upgrade",
    "set_backup_charge",
    "set_default_vehicle",
    "set_grid_export",
    "set_inverter_limit",
    "set_output_preset",
    "set_sb1_presets",
    "set_schedule",
    "set_site_price",
    "set_soc_reserve",
    "set_tariff",
    "set_usage_mode",
    "site_provider_options",
    "soc_reserve_options",
    "update_schedule",
    "update_vehicle",
    "variant_options",
    "vehicle_variant",
    "year_options",
]
