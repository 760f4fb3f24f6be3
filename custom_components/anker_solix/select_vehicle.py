"""Vehicle selects: brand, model, year and variant from the cloud's vehicle catalogue.

The catalogue levels are read lazily by the library (at most once each) and cached in the
account; the options show what is cached plus the current value. After a brand, model or year
change the next level of the new choice is read, so the cascade can be followed step by step.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .context import ContextKind, SolixContext
from .entity_control import has_key
from .select_common import SolixSelectDescription
from .sensor_common import field
from .solixapi import (
    SolixPoller,
    brand_options,
    load_options_of_vehicle,
    model_options,
    update_vehicle,
    variant_options,
    vehicle_variant,
    year_options,
)


def _account(ctx: SolixContext) -> dict[str, Any]:
    """The live account cache (catalogue levels read after the last poll included)."""
    coordinator = ctx.coordinator
    if coordinator is not None:
        return coordinator.poller.ctx.account
    return dict(ctx.account)


def _text(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


def _with_current(options: list[str], current: str | None) -> list[str]:
    return [*options, current] if current is not None and current not in options else options


def _parts(ctx: SolixContext) -> tuple[str, str, int]:
    entry: Mapping[str, Any] = ctx.entry or {}
    year = entry.get("productive_year")
    return (
        str(entry.get("brand") or ""),
        str(entry.get("model") or ""),
        year if isinstance(year, int) and not isinstance(year, bool) else 0,
    )


def _brand_options(ctx: SolixContext) -> list[str]:
    return _with_current(brand_options(_account(ctx)), _text(field(ctx.entry, "brand")))


def _model_options(ctx: SolixContext) -> list[str]:
    brand, _, _ = _parts(ctx)
    return _with_current(model_options(_account(ctx), brand), _text(field(ctx.entry, "model")))


def _year_options(ctx: SolixContext) -> list[str]:
    brand, model, _ = _parts(ctx)
    years = [str(year) for year in year_options(_account(ctx), brand, model)]
    return _with_current(years, _text(field(ctx.entry, "productive_year")))


def _variant(ctx: SolixContext) -> str | None:
    return vehicle_variant(_account(ctx), dict(ctx.entry or {}))


def _variant_options(ctx: SolixContext) -> list[str]:
    brand, model, year = _parts(ctx)
    return variant_options(_account(ctx), brand, model, year)


def _updater(name: str, convert: Callable[[str], Any] = str) -> Any:
    """Write one catalogue field, then read the option levels of the vehicle's new choice."""

    async def write(poller: SolixPoller, key: str, option: str) -> None:
        await update_vehicle(poller, key, **{name: convert(option)})
        await load_options_of_vehicle(poller, key)

    return write


def _vehicle_select(
    key: str,
    value_fn: Callable[[SolixContext], str | None],
    options_fn: Callable[[SolixContext], list[str]],
    write_fn: Any,
    **kwargs: Any,
) -> SolixSelectDescription:
    return SolixSelectDescription(
        key=key,
        translation_key=key,
        kind=ContextKind.VEHICLE,
        value_fn=value_fn,
        options_fn=options_fn,
        supported_fn=has_key("brand"),
        write_fn=write_fn,
        **kwargs,
    )


VEHICLE_SELECTS: tuple[SolixSelectDescription, ...] = (
    _vehicle_select(
        "vehicle_brand",
        lambda ctx: _text(field(ctx.entry, "brand")),
        _brand_options,
        _updater("brand"),
        load_fn=load_options_of_vehicle,
    ),
    _vehicle_select(
        "vehicle_model",
        lambda ctx: _text(field(ctx.entry, "model")),
        _model_options,
        _updater("model"),
    ),
    _vehicle_select(
        "vehicle_year",
        lambda ctx: _text(field(ctx.entry, "productive_year")),
        _year_options,
        _updater("productive_year", int),
    ),
    _vehicle_select(
        "vehicle_variant",
        _variant,
        _variant_options,
        _updater("variant"),
        needs_value=False,
    ),
)
