"""Vehicle catalogue and the account's vehicles (§4.9)."""

from __future__ import annotations

from solixsim.routes.base import (
    RequestContext,
    Route,
    failed,
    file_part,
    file_route,
    fixed_name,
    named,
    ok,
)

_APP = "power_service/v1/app/"
_BRAND = ("brand_name",)
_MODEL = ("brand_name", "model_name")


def _model_years_name(ctx: RequestContext) -> str:
    """``vehicle_model_years_<brand>_<model>``."""
    brand, model = file_part(ctx.text("brand_name")), file_part(ctx.text("model_name"))
    return f"vehicle_model_years_{brand}_{model}"


def _year_attributes_name(ctx: RequestContext) -> str:
    """``vehicle_year_attributes_<brand>_<model>_<year>``."""
    parts = (ctx.text(key) for key in ("brand_name", "model_name", "productive_year"))
    return "vehicle_year_attributes_" + "_".join(file_part(part) for part in parts)


ROUTES: dict[str, Route] = {
    f"{_APP}get_brand_list": file_route(fixed_name("vehicle_brands"), ok({"brand_list": []})),
    f"{_APP}get_models": file_route(
        named("vehicle_brand_models", "brand_name"), ok({"model_list": []}), required=_BRAND
    ),
    f"{_APP}get_model_years": file_route(_model_years_name, ok({"year_list": []}), required=_MODEL),
    f"{_APP}get_model_list": file_route(
        _year_attributes_name,
        ok({"car_model_list": []}),
        required=(*_MODEL, "productive_year"),
    ),
    f"{_APP}vehicle/get_vehicle_list": file_route(
        fixed_name("user_vehicles"), ok({"vehicle_list": []})
    ),
    f"{_APP}vehicle/get_vehicle_detail": file_route(
        named("user_vehicle_details", "vehicle_id"), failed(), required=("vehicle_id",)
    ),
}
