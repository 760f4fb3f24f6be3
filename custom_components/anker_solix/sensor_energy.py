"""Daily energy totals and shares of a system (``energy_details.today``, §7.2)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from homeassistant.components.sensor import SensorDeviceClass
from homeassistant.const import PERCENTAGE, EntityCategory

from .context import ContextKind, SolixContext
from .sensor_common import (
    SolixSensorDescription,
    daily_energy,
    field,
    fraction_percent,
    grid_import,
    last_period,
    number_at,
)
from .statistics.status import STATES, history_job, import_percent, import_state

SITE_ENERGY_CATEGORIES = {
    "solarbank": "solarbank_energy",
    "powerpanel": "powerpanel_energy",
    "hes": "hes_energy",
    "virtual": "solar_energy",
}
EXTRA_CATEGORIES = {
    "smartplugs_total": ("smartplug_energy",),
    "3rd_party_pv_to_bat": ("smartmeter_energy",),
    "3rd_party_pv_to_grid": ("smartmeter_energy",),
}
DAILY_TOTALS = (
    "solar_production",
    "solar_production_pv1",
    "solar_production_pv2",
    "solar_production_pv3",
    "solar_production_pv4",
    "solar_production_microinverter",
    "solar_to_home",
    "solar_to_battery",
    "solar_to_grid",
    "3rd_party_pv_to_bat",
    "3rd_party_pv_to_grid",
    "battery_charge",
    "battery_discharge",
    "battery_to_home",
    "ac_socket",
    "home_usage",
    "smartplugs_total",
    "grid_to_home",
    "grid_to_battery",
)
DAILY_SHARES = {
    "solar_percentage": "daily_solar_share",
    "battery_percentage": "daily_battery_share",
    "other_percentage": "daily_grid_share",
}


def _categories(name: str) -> Callable[[SolixContext], tuple[str, ...]]:
    """Exclusion items of one daily value: the site's energy family plus named extras."""

    def categories(ctx: SolixContext) -> tuple[str, ...]:
        family = SITE_ENERGY_CATEGORIES.get(str(field(ctx.entry, "site_type")))
        return (*((family,) if family else ()), *EXTRA_CATEGORIES.get(name, ()))

    return categories


Composition = dict[str, bool]
# The daily values of the Energy dashboard's slots the first energy poll of a balcony system
# fills (§7.2), by what the system holds. Other daily values (such as the solar inputs, which
# the cloud may leave empty) appear with their first value.
EXPECTED: dict[str, Callable[[Composition], bool]] = {
    "solar_production": lambda c: c["banks"] or c["meter"] or c["plugs"] or c["inverter"],
    "battery_charge": lambda c: c["banks"],
    "battery_discharge": lambda c: c["banks"],
    "solar_to_grid": lambda c: c["banks"] or c["meter"],
    "home_usage": lambda c: c["newer"] or c["meter"] or c["plugs"],
    "grid_import": lambda c: c["newer"] or c["meter"] or c["plugs"],
}


def expected_daily(ctx: SolixContext) -> set[str]:
    """The daily values a system will show once its energy is polled (none once it was).

    The scheduler polls energy only after setup's first poll; the Energy dashboard's daily
    sensors are created at setup from the system's devices, showing no value until then.
    """
    site = ctx.site
    if site is None or isinstance(site.get("energy_details"), Mapping):
        return set()
    if site.get("site_type") == "virtual":
        return {"solar_production"}
    if site.get("site_type") in ("hes", "powerpanel"):
        return set()
    devices = ctx.site_devices()
    banks = [d for d in devices if d.get("type") == "solarbank"]
    kinds = {d.get("type") for d in devices}
    composition = {
        "banks": bool(banks),
        "newer": any((d.get("generation") or 0) >= 2 for d in banks),
        "meter": "smartmeter" in kinds,
        "plugs": "smartplug" in kinds,
        "inverter": "inverter" in kinds,
    }
    return {name for name, rule in EXPECTED.items() if rule(composition)}


def _exists(name: str, value_fn: Callable[[SolixContext], Any]) -> Callable[[SolixContext], bool]:
    """A daily sensor exists with its value, or before the first energy poll when expected."""
    return lambda ctx: value_fn(ctx) is not None or name in expected_daily(ctx)


def _history(read: Callable[..., Any]) -> Callable[[SolixContext], Any]:
    """A reader of the account's history import (None without one)."""

    def value(ctx: SolixContext) -> Any:
        coordinator = ctx.coordinator
        job = (
            history_job(coordinator.hass, coordinator.config_entry.entry_id)
            if coordinator is not None
            else None
        )
        return read(job) if job is not None else None

    return value


def _share(name: str) -> Callable[[SolixContext], float | None]:
    """A reader of one of today's shares (fraction) as percent."""

    def read(ctx: SolixContext) -> float | None:
        return fraction_percent(field(ctx.entry, f"energy_details.today.{name}"))

    return read


ENERGY_SENSORS: tuple[SolixSensorDescription, ...] = (
    *(
        daily_energy(
            f"daily_{name}",
            f"energy_details.today.{name}",
            _categories(name),
            final_path=f"energy_details.last_period.{name}",
            exists_fn=_exists(name, number_at(f"energy_details.today.{name}")),
        )
        for name in DAILY_TOTALS
    ),
    # One grid import for the Energy dashboard: the cloud's total, else grid to home + battery.
    daily_energy(
        "daily_grid_import",
        "energy_details.today",
        _categories("grid_import"),
        value_fn=lambda ctx: grid_import(field(ctx.entry, "energy_details.today")),
        exists_fn=_exists(
            "grid_import", lambda ctx: grid_import(field(ctx.entry, "energy_details.today"))
        ),
        final_fn=lambda ctx: (
            last_period(ctx),
            grid_import(field(ctx.entry, "energy_details.last_period")),
        ),
    ),
    *(
        SolixSensorDescription(
            key=key,
            translation_key=key,
            kind=ContextKind.SITE,
            native_unit_of_measurement=PERCENTAGE,
            entity_registry_enabled_default=False,
            exclude_fn=_categories(name),
            value_fn=_share(name),
        )
        for name, key in DAILY_SHARES.items()
    ),
    # The Energy dashboard's history import (statistics/): its state and how far it got.
    SolixSensorDescription(
        key="history_import",
        translation_key="history_import",
        kind=ContextKind.ACCOUNT,
        device_class=SensorDeviceClass.ENUM,
        options=STATES,
        entity_category=EntityCategory.DIAGNOSTIC,
        always_available=True,
        exists_fn=lambda ctx: _history(import_state)(ctx) is not None,
        value_fn=_history(import_state),
    ),
    SolixSensorDescription(
        key="history_import_progress",
        translation_key="history_import_progress",
        kind=ContextKind.ACCOUNT,
        native_unit_of_measurement=PERCENTAGE,
        entity_category=EntityCategory.DIAGNOSTIC,
        always_available=True,
        exists_fn=lambda ctx: _history(import_state)(ctx) is not None,
        value_fn=_history(import_percent),
    ),
)
