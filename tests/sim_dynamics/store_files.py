"""A small synthetic scenario folder for the write handler tests (all values made up)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.sim_dynamics.scenes import (
    SB1_SN_A,
    SB1_SN_B,
    SB2_SN,
    SB3_SN,
    cascaded_scene,
    sb1_dual_scene,
    sb3_scene,
)

SB3_SITE = "11111111-2222-3333-4444-555555555555"
SB1_SITE = "66666666-7777-8888-9999-000000000000"
CASCADE_SITE = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
CASCADE_SB1_SN = "SIMSB1HHHH0008"
INVERTER_SN = "SIMINVIIII0009"
# Wednesday 2025-06-04 12:30 at the site (UTC+1).
NOW = datetime(2025, 6, 4, 11, 30, tzinfo=UTC).timestamp()

SB1_SCHEDULE: dict[str, Any] = {
    "ranges": [
        {
            "id": 0,
            "start_time": "00:00",
            "end_time": "08:00",
            "turn_on": True,
            "appliance_loads": [{"id": 0, "name": "Custom", "power": 150, "number": 1}],
            "charge_priority": 80,
            "power_setting_mode": 1,
            "device_power_loads": [
                {"device_sn": SB1_SN_A, "power": 75},
                {"device_sn": SB1_SN_B, "power": 75},
            ],
        },
        {
            "id": 0,
            "start_time": "08:00",
            "end_time": "24:00",
            "turn_on": True,
            "appliance_loads": [{"id": 0, "name": "Custom", "power": 250, "number": 1}],
            "charge_priority": 80,
            "power_setting_mode": 1,
            "device_power_loads": [
                {"device_sn": SB1_SN_A, "power": 125},
                {"device_sn": SB1_SN_B, "power": 125},
            ],
        },
    ],
    "min_load": 100,
    "max_load": 800,
    "step": 0,
    "default_home_load": 200,
}

SB2_SCHEDULE: dict[str, Any] = {
    "mode_type": 1,
    "custom_rate_plan": [
        {
            "index": 0,
            "week": [0, 1, 2, 3, 4, 5, 6],
            "ranges": [
                {"start_time": "00:00", "end_time": "12:00", "power": 100},
                {"start_time": "12:00", "end_time": "24:00", "power": 180},
            ],
        }
    ],
    "blend_plan": None,
    "use_time": None,
    "manual_backup": None,
    "default_home_load": 200,
    "max_load": 800,
    "min_load": 0,
    "step": 10,
}


def _envelope(data: Any) -> dict[str, Any]:
    """A success envelope."""
    return {"code": 0, "msg": "success!", "data": data, "trace_id": "0" * 32}


def _param(value: Any) -> dict[str, Any]:
    """A stored site parameter."""
    return {"param_data": json.dumps(value, separators=(",", ":"))}


def _cutoff() -> dict[str, Any]:
    """Cut-off options 10 % (selected) and 5 %."""
    return {
        "power_cutoff_data": [
            {"id": 1, "is_selected": 1, "output_cutoff_data": 10, "lowpower_input_data": 5},
            {"id": 2, "is_selected": 0, "output_cutoff_data": 5, "lowpower_input_data": 4},
        ]
    }


def _device_load(site_id: str) -> dict[str, Any]:
    """An SB1 device load answer."""
    return {
        "site_id": site_id,
        "home_load_data": "",
        "current_home_load": "0W",
        "parallel_home_load": "",
        "parallel_display": False,
    }


def _cascade_scene() -> dict[str, Any]:
    """The cascaded scene with its own site id and SB1 serial."""
    scene = cascaded_scene()
    scene["solarbank_info"]["solarbank_list"][1]["device_sn"] = CASCADE_SB1_SN
    return scene


def scenario_files() -> dict[str, Any]:
    """File name (without .json) → envelope or raw content."""
    sites = [(SB3_SITE, 12, "A17C5"), (SB1_SITE, 2, "A17C0"), (CASCADE_SITE, 5, "A17C1")]
    return {
        "scenario": {"utc_offset_minutes": 60, "description": "write handler tests"},
        "site_list": _envelope(
            {
                "site_list": [
                    {
                        "site_id": sid,
                        "site_name": f"Site {kind}",
                        "ms_type": 1,
                        "power_site_type": kind,
                        "current_site_device_models": [model],
                    }
                    for sid, kind, model in sites
                ]
            }
        ),
        f"scene_{SB3_SITE}": _envelope(sb3_scene()),
        f"scene_{SB1_SITE}": _envelope(sb1_dual_scene()),
        f"scene_{CASCADE_SITE}": _envelope(_cascade_scene()),
        f"device_parm_6_{SB3_SITE}": _envelope(_param({**SB2_SCHEDULE, "max_load": 1200})),
        f"device_parm_18_{SB3_SITE}": _envelope(
            _param(
                {
                    "soc_list": [
                        {"id": 1, "is_selected": 1, "soc": 10},
                        {"id": 2, "is_selected": 0, "soc": 5},
                    ],
                    "switch_0w": 0,
                    "enable_0w": 0,
                    "enable_0w_change": False,
                }
            )
        ),
        f"device_parm_12_{SB3_SITE}": _envelope(
            _param(
                {
                    "price_type": "fixed",
                    "use_time": None,
                    "dynamic_price": None,
                    "fixed_price": {"price": "0.30", "unit": "€", "accuracy": 2},
                    "time_slot_data": None,
                }
            )
        ),
        f"device_parm_4_{SB1_SITE}": _envelope(_param(SB1_SCHEDULE)),
        f"device_parm_4_{CASCADE_SITE}": _envelope(_param(SB1_SCHEDULE)),
        f"device_parm_6_{CASCADE_SITE}": _envelope(_param(SB2_SCHEDULE)),
        f"device_load_{SB1_SN_A}": _envelope(_device_load(SB1_SITE)),
        f"device_load_{SB1_SN_B}": _envelope(_device_load(SB1_SITE)),
        f"device_load_{CASCADE_SB1_SN}": _envelope(_device_load(CASCADE_SITE)),
        f"power_cutoff_{SB3_SN}": _envelope(_cutoff()),
        f"power_cutoff_{SB1_SN_A}": _envelope(_cutoff()),
        f"device_attrs_{SB3_SN}": _envelope(
            {"device_sn": SB3_SN, "attributes": {"pv_power_limit": 3600, "switch_0w": 0}}
        ),
        f"device_attrs_{SB2_SN}": _envelope({"device_sn": SB2_SN, "attributes": {}}),
        f"power_limit_{SB3_SITE}": _envelope(
            {
                "site_id": SB3_SITE,
                "legal_power_limit": 800,
                "device_info": [
                    {
                        "device_pn": "A17C5",
                        "device_sn": SB3_SN,
                        "power_limit": 800,
                        "ac_input_limit": 1200,
                    }
                ],
            }
        ),
        f"price_{SB3_SITE}": _envelope(
            {
                "site_id": SB3_SITE,
                "price": 0.3,
                "site_co2": 0.5,
                "site_price_unit": "€",
                "price_type": "fixed",
                "use_time": None,
                "dynamic_price": None,
                "accuracy": 2,
            }
        ),
        "auto_upgrade": _envelope(
            {
                "main_switch": True,
                "device_list": [
                    {"device_sn": SB3_SN, "auto_upgrade": True},
                    {"device_sn": SB1_SN_A, "auto_upgrade": False},
                ],
            }
        ),
        "user_vehicles": _envelope({"vehicle_list": []}),
        f"device_pv_total_statistics_{INVERTER_SN}": _envelope(
            {"energy": 12.5, "energyUnit": "kWh", "powerConfig": "800W", "powerPopUpFlag": 0}
        ),
        f"device_pv_price_{INVERTER_SN}": _envelope(
            {
                "currencyUnit": "€",
                "tieredElecPrices": [{"from": "00:00", "to": "23:59", "price": 0.3}],
            }
        ),
    }


def write_scenario(folder: Path) -> Path:
    """Write the synthetic scenario into ``folder``."""
    for name, content in scenario_files().items():
        (folder / f"{name}.json").write_text(json.dumps(content), encoding="utf-8")
    return folder
