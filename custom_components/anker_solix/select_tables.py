"""Select descriptions: SOC reserve, SB1 power mode, usage mode, tariff, output limit, prices."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.const import EntityCategory

from .context import ContextKind, SolixContext
from .entity_control import (
    SITE_PRICE,
    SOLARBANK,
    generation,
    has_key,
    has_use_time,
    is_owner,
    is_type,
)
from .select_common import SolixSelectDescription
from .select_vehicle import VEHICLE_SELECTS
from .sensor_common import field
from .solixapi import (
    TARIFF_TYPES,
    USAGE_MODES,
    SolixPoller,
    control,
    customize,
    inverter_limit_options,
    is_station_managed,
    provider_options,
    provider_string,
    tariff_options,
    usage_mode_options,
)

POWER_MODES: dict[int, str] = {1: "normal", 2: "advanced"}


def _whole(value: object) -> str | None:
    """A cloud number as an option string (``"10"``), None when absent."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        return str(round(float(str(value).removesuffix("W"))))
    except ValueError:
        return None


def _dict(value: Mapping[str, Any] | None) -> dict[str, Any]:
    return dict(value or {})


# SOC reserve (power cut-off) ---------------------------------------------------------------


def _soc_reserve_options(ctx: SolixContext) -> list[str]:
    options = control.soc_reserve_options(_dict(ctx.entry), _dict(ctx.site))
    return [str(option) for option in options]


def _soc_reserve_supported(ctx: SolixContext) -> bool:
    """Devices with reserve options; a Power Dock carries the setting of its whole station."""
    entry = ctx.entry or {}
    if entry.get("type") not in ("solarbank", "combiner_box"):
        return False
    if entry.get("type") == "solarbank" and is_station_managed(dict(entry)):
        return False
    return bool(_soc_reserve_options(ctx))


async def _write_soc_reserve(poller: SolixPoller, key: str, option: str) -> None:
    await control.set_soc_reserve(poller, key, int(option))


# SB1 power mode (dual SB1) -----------------------------------------------------------------


async def _write_power_mode(poller: SolixPoller, key: str, option: str) -> None:
    mode = next(code for code, name in POWER_MODES.items() if name == option)
    await control.set_sb1_presets(poller, key, power_mode=mode)


# Usage mode and tariff (SB2+) --------------------------------------------------------------


def _usage_mode(ctx: SolixContext) -> str | None:
    mode = field(ctx.entry, "preset_usage_mode")
    return USAGE_MODES.get(mode) if isinstance(mode, int) and mode else None


def _usage_mode_options(ctx: SolixContext) -> list[str]:
    options = usage_mode_options(_dict(ctx.entry))
    current = _usage_mode(ctx)
    return [*options, current] if current and current not in options else options


async def _write_usage_mode(poller: SolixPoller, key: str, option: str) -> None:
    await control.set_usage_mode(poller, key, option)


def _tariff(ctx: SolixContext) -> str | None:
    tariff = field(ctx.entry, "preset_tariff")
    return TARIFF_TYPES.get(tariff) if isinstance(tariff, int) and tariff else None


async def _write_tariff(poller: SolixPoller, key: str, option: str) -> None:
    await control.set_tariff(poller, key, tariff=option)


# Output limit ------------------------------------------------------------------------------


def _limit_path(ctx: SolixContext) -> str:
    return "preset_inverter_limit" if is_type(ctx, "inverter") else "power_limit"


def _limit_options(ctx: SolixContext) -> list[str]:
    return [str(option) for option in inverter_limit_options(_dict(ctx.entry))]


async def _write_limit(poller: SolixPoller, key: str, option: str) -> None:
    await control.set_inverter_limit(poller, key, int(option))


# System prices -----------------------------------------------------------------------------


def _price_unit_options(ctx: SolixContext) -> list[str]:
    return control.price_unit_options(dict(ctx.account), _dict(ctx.entry))


def _price_type_options(ctx: SolixContext) -> list[str]:
    return control.price_type_options(_dict(ctx.entry))


def _provider(ctx: SolixContext) -> str | None:
    """The site's provider, else the member's customized one."""
    details = field(ctx.entry, "site_details.dynamic_price")
    custom = field(ctx.entry, "customized.dynamic_price")
    return provider_string(details) or (custom if isinstance(custom, str) else None)


def _member_provider_options(ctx: SolixContext) -> list[str]:
    """Providers of the site's models from the account's provider lists (members, §8.6)."""
    options: list[str] = []
    for model in sorted({str(device.get("device_pn")) for device in ctx.site_devices()}):
        providers = ctx.account.get(f"price_providers_{model}")
        if isinstance(providers, Mapping):
            options += [o for o in provider_options(dict(providers)) if o not in options]
    return options


def _provider_options(ctx: SolixContext) -> list[str]:
    if is_owner(ctx):
        options = control.site_provider_options(_dict(ctx.entry))
    else:
        options = _member_provider_options(ctx)
    current = _provider(ctx)
    return [*options, current] if current and current not in options else options


def _provider_supported(ctx: SolixContext) -> bool:
    """Sites with dynamic price providers (owners write them, members customize locally)."""
    return bool(_provider_options(ctx))


async def _write_price_unit(poller: SolixPoller, key: str, option: str) -> None:
    await control.set_site_price(poller, key, unit=option)


async def _write_price_type(poller: SolixPoller, key: str, option: str) -> None:
    await control.set_site_price(poller, key, price_type=option)


async def _write_provider(poller: SolixPoller, key: str, option: str) -> None:
    """Owners set the site's provider; members keep it as a local customization."""
    if poller.ctx.is_member_site(key):
        await customize(poller, key, "dynamic_price", option)
        return
    await control.set_site_price(poller, key, provider=option)


SELECTS: tuple[SolixSelectDescription, ...] = (
    SolixSelectDescription(
        key="power_cutoff",
        translation_key="power_cutoff",
        kind=ContextKind.DEVICE,
        entity_category=EntityCategory.CONFIG,
        exclude=("solarbank_cutoff",),
        value_fn=lambda ctx: _whole(field(ctx.entry, "power_cutoff")),
        options_fn=_soc_reserve_options,
        supported_fn=_soc_reserve_supported,
        write_fn=_write_soc_reserve,
    ),
    SolixSelectDescription(
        key="preset_power_mode",
        translation_key="preset_power_mode",
        kind=ContextKind.DEVICE,
        exclude=SOLARBANK,
        value_fn=lambda ctx: POWER_MODES.get(field(ctx.entry, "preset_power_mode")),
        options_fn=lambda ctx: list(POWER_MODES.values()),
        supported_fn=lambda ctx: generation(ctx) == 1 and has_key("preset_power_mode")(ctx),
        write_fn=_write_power_mode,
        confirm=False,
    ),
    SolixSelectDescription(
        key="preset_usage_mode",
        translation_key="preset_usage_mode",
        kind=ContextKind.DEVICE,
        exclude=SOLARBANK,
        value_fn=_usage_mode,
        options_fn=_usage_mode_options,
        supported_fn=lambda ctx: generation(ctx) >= 2 and bool(_usage_mode_options(ctx)),
        write_fn=_write_usage_mode,
        confirm=False,
    ),
    SolixSelectDescription(
        key="preset_tariff",
        translation_key="preset_tariff",
        kind=ContextKind.DEVICE,
        exclude=SOLARBANK,
        value_fn=_tariff,
        options_fn=lambda ctx: tariff_options(),
        supported_fn=has_use_time,
        write_fn=_write_tariff,
        confirm=False,
    ),
    SolixSelectDescription(
        key="preset_inverter_limit",
        translation_key="preset_inverter_limit",
        kind=ContextKind.DEVICE,
        entity_category=EntityCategory.CONFIG,
        value_fn=lambda ctx: _whole(field(ctx.entry, _limit_path(ctx))),
        options_fn=_limit_options,
        supported_fn=lambda ctx: has_key(_limit_path(ctx))(ctx) and bool(_limit_options(ctx)),
        write_fn=_write_limit,
    ),
    SolixSelectDescription(
        key="system_price_unit",
        translation_key="system_price_unit",
        kind=ContextKind.SITE,
        exclude=SITE_PRICE,
        value_fn=lambda ctx: field(ctx.entry, "site_details.site_price_unit") or None,
        options_fn=_price_unit_options,
        supported_fn=has_key("site_details.site_price_unit"),
        write_fn=_write_price_unit,
    ),
    SolixSelectDescription(
        key="system_price_type",
        translation_key="system_price_type",
        kind=ContextKind.SITE,
        exclude=SITE_PRICE,
        value_fn=lambda ctx: field(ctx.entry, "site_details.price_type") or None,
        options_fn=_price_type_options,
        supported_fn=lambda ctx: bool(_price_type_options(ctx)),
        write_fn=_write_price_type,
    ),
    SolixSelectDescription(
        key="dynamic_price_provider",
        translation_key="dynamic_price_provider",
        kind=ContextKind.SITE,
        exclude=SITE_PRICE,
        owner_only=False,
        restore=True,
        needs_value=False,
        value_fn=_provider,
        options_fn=_provider_options,
        supported_fn=_provider_supported,
        write_fn=_write_provider,
    ),
    *VEHICLE_SELECTS,
)


def restores_locally(ctx: SolixContext, description: SolixSelectDescription) -> bool:
    """Whether a restored choice is applied at start (members' local provider only)."""
    return description.restore and not is_owner(ctx)
