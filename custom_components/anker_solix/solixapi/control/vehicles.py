"""Vehicles of the account (§4.9): attribute updates, default vehicle, catalogue options.

The catalogue (brand → model → year → variant) is cached in ``account["vehicle_brands"]`` as
``{brand: {model: {year: {variant: attributes}}}}`` and each level is read at most once.
Variants are named ``<model_id>/<battery kWh> kWh/<AC kW> kW`` (reference §3.6).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..common.errors import SolixValidationError
from ..common.jsonutil import JsonDict, Reader
from .checks import option_text, real_number

if TYPE_CHECKING:
    from ..poll.poller import SolixPoller

BRANDS = "vehicle_brands"
NUMBER_LIMITS: dict[str, tuple[float, float]] = {
    "battery_capacity": (1, 1000),
    "ac_max_charging_power": (1, 1000),
    "energy_consumption_per_100km": (1, 100),
}
NAME_MAX = 50
VARIANT_FIELDS = {
    "battery_capacity": "battery_capacity",
    "ac_max_charging_power": "ac_max_power",
    "energy_consumption_per_100km": "hundred_fuel_consumption",
}


def _catalogue(account: JsonDict) -> JsonDict:
    brands = account.get(BRANDS)
    return brands if isinstance(brands, dict) else {}


def _level(node: object) -> JsonDict:
    return node if isinstance(node, dict) else {}


def brand_options(account: JsonDict) -> list[str]:
    """Cached vehicle brands."""
    return sorted(k for k in _catalogue(account) if k != "cached")


def model_options(account: JsonDict, brand: str) -> list[str]:
    """Cached models of a brand (empty until loaded)."""
    return sorted(_level(_catalogue(account).get(brand)))


def year_options(account: JsonDict, brand: str, model: str) -> list[int]:
    """Cached production years of a model (empty until loaded)."""
    years = _level(_level(_catalogue(account).get(brand)).get(model))
    return sorted(int(year) for year in years if year.isdigit())


def variant_options(account: JsonDict, brand: str, model: str, year: int) -> list[str]:
    """Cached variants ``<model_id>/<kWh> kWh/<kW> kW`` of a model year (empty until loaded)."""
    return list(_variants(account, brand, model, year))


def _variants(account: JsonDict, brand: str, model: str, year: int) -> JsonDict:
    models = _level(_level(_catalogue(account).get(brand)).get(model))
    return _level(models.get(str(year)))


def vehicle_variant(account: JsonDict, vehicle: JsonDict) -> str | None:
    """The variant matching a vehicle (by ``model_id``, else by capacity and AC power)."""
    variants = _variants(
        account,
        str(vehicle.get("brand")),
        str(vehicle.get("model")),
        _year(vehicle.get("productive_year")),
    )
    for name, attributes in variants.items():
        if vehicle.get("model_id") is not None and attributes.get("id") == vehicle["model_id"]:
            return name
    for name, attributes in variants.items():
        if attributes.get("battery_capacity") == vehicle.get("battery_capacity") and attributes.get(
            "ac_max_power"
        ) == vehicle.get("ac_max_charging_power"):
            return name
    return None


def _year(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return int(value) if isinstance(value, str) and value.isdigit() else 0


def _variant_name(item: JsonDict) -> str:
    return f"{item.get('id')}/{item.get('battery_capacity')} kWh/{item.get('ac_max_power')} kW"


async def load_vehicle_options(
    poller: SolixPoller, brand: str, model: str | None = None, year: int | None = None
) -> None:
    """Read the catalogue levels below ``brand`` (/``model``/``year``) not cached yet."""
    ctx = poller.ctx
    catalogue = ctx.account.setdefault(BRANDS, {"cached": True})
    if brand not in catalogue:
        return
    models = catalogue[brand] if isinstance(catalogue[brand], dict) else {}
    catalogue[brand] = models
    if not models:
        data = await poller.api.get_vehicle_models(brand)
        for name in Reader(data, "account", ctx.issues).array("model_list") or []:
            if isinstance(name, str):
                models.setdefault(name, {})
    if model is None or model not in models:
        return
    years = models[model]
    if not years:
        data = await poller.api.get_vehicle_model_years(brand, model)
        for value in Reader(data, "account", ctx.issues).array("year_list") or []:
            if isinstance(value, int) and not isinstance(value, bool):
                years.setdefault(str(value), {})
    if year is None or str(year) not in years:
        return
    variants = years[str(year)]
    if not variants:
        data = await poller.api.get_vehicle_year_attributes(brand, model, year)
        for item in Reader(data, "account", ctx.issues).objects("car_model_list"):
            variants[_variant_name(item)] = dict(item)


async def load_options_of_vehicle(poller: SolixPoller, vehicle_id: str) -> None:
    """Make sure the option lists of a vehicle's current brand, model and year are cached."""
    vehicle = _vehicle(poller, vehicle_id)
    await load_vehicle_options(
        poller,
        str(vehicle.get("brand")),
        str(vehicle.get("model")),
        _year(vehicle.get("productive_year")),
    )


def _vehicle(poller: SolixPoller, vehicle_id: str) -> JsonDict:
    vehicles = poller.ctx.account.get("vehicles") or {}
    vehicle = vehicles.get(vehicle_id) if isinstance(vehicles, dict) else None
    if not isinstance(vehicle, dict):
        raise SolixValidationError("unknown_vehicle", field="vehicle_id")
    return vehicle


def _not_an_option(field: str, value: object, options: list[Any]) -> SolixValidationError:
    return SolixValidationError(
        "vehicle_option_invalid",
        field=field,
        placeholders={"value": str(value), "options": option_text(options) or "-"},
    )


async def update_vehicle(poller: SolixPoller, vehicle_id: str, **fields: Any) -> None:
    """Update vehicle attributes: ``vehicle_name``, ``brand``, ``model``, ``productive_year``,
    ``variant`` (sets the variant's capacity, AC power and consumption), ``battery_capacity``,
    ``ac_max_charging_power``, ``energy_consumption_per_100km``.
    """
    vehicle = _vehicle(poller, vehicle_id)
    if not fields:
        raise SolixValidationError("nothing_to_change")
    known = {"vehicle_name", "brand", "model", "productive_year", "variant", *NUMBER_LIMITS}
    for field in fields:
        if field not in known:
            raise SolixValidationError("vehicle_field_invalid", field=field)
    # A catalogue choice the vehicle already has needs neither a catalogue read nor a write
    # (its brand, model or year may be missing from today's catalogue).
    fields = {
        field: value
        for field, value in fields.items()
        if field not in CASCADE_FIELDS or value != vehicle.get(field)
    }
    if not fields:
        return
    payload: JsonDict = {}
    if "vehicle_name" in fields:
        payload["vehicle_name"] = _checked_name(poller, vehicle_id, fields["vehicle_name"])
    await _check_cascade(poller, vehicle, fields, payload)
    for field, (low, high) in NUMBER_LIMITS.items():
        if field in fields:
            payload[field] = real_number(fields[field], field, "vehicle_value_invalid", low, high)
    model_id = payload.pop("model_id", None)
    await poller.api.update_vehicle(vehicle_id, **payload)
    vehicle.update(payload)
    if model_id is not None:
        vehicle["model_id"] = model_id
    _refresh_names(poller)


CASCADE_FIELDS = frozenset({"brand", "model", "productive_year"})
"""Catalogue fields a vehicle keeps as is when chosen again (a variant is applied again)."""


def _checked_name(poller: SolixPoller, vehicle_id: str, name: object) -> str:
    if not isinstance(name, str) or not name.strip() or len(name.strip()) > NAME_MAX:
        raise SolixValidationError("vehicle_name_invalid", field="vehicle_name")
    others = (poller.ctx.account.get("vehicles") or {}).items()
    if any(vid != vehicle_id and v.get("vehicle_name") == name.strip() for vid, v in others):
        raise SolixValidationError("vehicle_name_exists", field="vehicle_name")
    return name.strip()


async def _check_cascade(
    poller: SolixPoller, vehicle: JsonDict, fields: dict[str, Any], payload: JsonDict
) -> None:
    """Validate brand → model → year → variant against the (lazily read) catalogue."""
    account = poller.ctx.account
    brand = fields.get("brand", vehicle.get("brand"))
    model = fields.get("model", vehicle.get("model"))
    year = fields.get("productive_year", vehicle.get("productive_year"))
    if "brand" in fields:
        if brand not in brand_options(account):
            raise _not_an_option("brand", brand, brand_options(account))
        payload["brand"] = brand
    if "model" in fields:
        await load_vehicle_options(poller, str(brand))
        if model not in model_options(account, str(brand)):
            raise _not_an_option("model", model, model_options(account, str(brand)))
        payload["model"] = model
    if "productive_year" in fields:
        await load_vehicle_options(poller, str(brand), str(model))
        options = year_options(account, str(brand), str(model))
        if isinstance(year, bool) or not isinstance(year, int) or year not in options:
            raise _not_an_option("productive_year", year, options)
        payload["productive_year"] = year
    if "variant" in fields:
        await load_vehicle_options(poller, str(brand), str(model), _year(year))
        variants = _variants(account, str(brand), str(model), _year(year))
        chosen = variants.get(fields["variant"]) if isinstance(fields["variant"], str) else None
        if not isinstance(chosen, dict):
            raise _not_an_option("variant", fields["variant"], list(variants))
        for field, source in VARIANT_FIELDS.items():
            if isinstance(chosen.get(source), int | float) and field not in fields:
                payload[field] = chosen[source]
        payload["model_id"] = chosen.get("id")


def _refresh_names(poller: SolixPoller) -> None:
    vehicles = poller.ctx.account.get("vehicles") or {}
    poller.ctx.account["vehicles_registered"] = sorted(
        str(v.get("vehicle_name")) for v in vehicles.values() if v.get("vehicle_name")
    )


async def set_default_vehicle(poller: SolixPoller, vehicle_id: str) -> None:
    """Make a vehicle the account's default vehicle (all others stop being default)."""
    _vehicle(poller, vehicle_id)
    await poller.api.set_default_vehicle(vehicle_id)
    for vid, vehicle in (poller.ctx.account.get("vehicles") or {}).items():
        vehicle["is_default_vehicle"] = vid == vehicle_id
