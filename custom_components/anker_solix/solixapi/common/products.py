"""Product codes, device types, site types and status enumerations of the Anker power cloud."""

from __future__ import annotations

from dataclasses import dataclass


class DeviceType:
    """Device and cache entry type names."""

    ACCOUNT = "account"
    SYSTEM = "system"
    VIRTUAL = "virtual"
    SOLARBANK = "solarbank"
    COMBINER_BOX = "combiner_box"
    INVERTER = "inverter"
    SMARTMETER = "smartmeter"
    SMARTPLUG = "smartplug"
    PPS = "pps"
    POWERPANEL = "powerpanel"
    POWERCOOLER = "powercooler"
    HES = "hes"
    SOLARBANK_PPS = "solarbank_pps"
    CHARGER = "charger"
    EV_CHARGER = "ev_charger"
    VEHICLE = "vehicle"
    ACCESSORY = "accessory"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Product:
    """Static facts of one product code."""

    type: str
    name: str
    generation: int = 0
    capacity_wh: int = 0
    manufacturer: str = "Anker"
    """Who makes the product (third-party devices the Anker app integrates: their maker)."""


_T = DeviceType

PRODUCTS: dict[str, Product] = {
    "A17C0": Product(_T.SOLARBANK, "Solarbank E1600", 1, 1600),
    "A17C1": Product(_T.SOLARBANK, "Solarbank 2 E1600 Pro", 2, 1600),
    "A17C2": Product(_T.SOLARBANK, "Solarbank 2 E1600 AC", 2, 1600),
    "A17C3": Product(_T.SOLARBANK, "Solarbank 2 E1600 Plus", 2, 1600),
    "A17C5": Product(_T.SOLARBANK, "Solarbank 3 E2700 Pro", 3, 2688),
    "AE100": Product(_T.COMBINER_BOX, "Power Dock AE100"),
    "A5140": Product(_T.INVERTER, "MI60 Microinverter"),
    "A5143": Product(_T.INVERTER, "MI80 Microinverter"),
    "A17X7": Product(_T.SMARTMETER, "SOLIX Smart Meter"),
    "A17X7US": Product(_T.SMARTMETER, "SOLIX Smart Meter (US)"),
    "AE1R0": Product(_T.SMARTMETER, "SOLIX P1 Meter"),
    "SHEM3": Product(_T.SMARTMETER, "Shelly 3EM", manufacturer="Shelly"),
    "SHEMP3": Product(_T.SMARTMETER, "Shelly Pro 3EM", manufacturer="Shelly"),
    "A17X8": Product(_T.SMARTPLUG, "SOLIX Smart Plug"),
    "SHPPS": Product(_T.SMARTPLUG, "Shelly Plus Plug S", manufacturer="Shelly"),
    "A1720": Product(_T.PPS, "PowerHouse 521", 0, 256),
    "A1722": Product(_T.PPS, "C300", 0, 288),
    "A1723": Product(_T.PPS, "C200", 0, 230),
    "A1725": Product(_T.PPS, "C200", 0, 230),
    "A1726": Product(_T.PPS, "C300 DC", 0, 288),
    "A1727": Product(_T.PPS, "C200 DC", 0, 230),
    "A1728": Product(_T.PPS, "C300X", 0, 288),
    "A1751": Product(_T.PPS, "PowerHouse 535", 0, 512),
    "A1753": Product(_T.PPS, "C800", 0, 768),
    "A1754": Product(_T.PPS, "C800 Plus", 0, 768),
    "A1755": Product(_T.PPS, "C800X", 0, 768),
    "A1760": Product(_T.PPS, "PowerHouse 555", 0, 1024),
    "A1761": Product(_T.PPS, "C1000(X)", 0, 1056),
    "A1762": Product(_T.PPS, "Portable Power Station 1000", 0, 1056),
    "A1770": Product(_T.PPS, "PowerHouse 757", 0, 1229),
    "A1771": Product(_T.PPS, "F1200", 0, 1229),
    "A1772": Product(_T.PPS, "F1500", 0, 1536),
    "A1780": Product(_T.PPS, "F2000", 0, 2048),
    "A1780_1": Product(_T.PPS, "F2000 expansion battery", 0, 2048),
    "A1780P": Product(_T.PPS, "F2000 Wi-Fi", 0, 2048),
    "A1781": Product(_T.PPS, "F2600", 0, 2560),
    "A1782": Product(_T.SOLARBANK_PPS, "F3000", 0, 3072),
    "A1790": Product(_T.PPS, "F3800", 0, 3840),
    "A1790_1": Product(_T.PPS, "BP3800 expansion battery", 0, 3840),
    "A1790P": Product(_T.PPS, "F3800 Plus", 0, 3840),
    "A17B1": Product(_T.POWERPANEL, "Home Power Panel", 0, 3840),
    "A5101": Product(_T.HES, "X1 P6K US"),
    "A5102": Product(_T.HES, "X1 energy module 1P"),
    "A5103": Product(_T.HES, "X1 energy module 3P"),
    "A5150": Product(_T.HES, "X1 micro inverter"),
    "A5220": Product(_T.HES, "X1 battery module", 0, 5000),
    "A5341": Product(_T.HES, "X1 backup controller"),
    "A5450": Product(_T.HES, "X1 Zigbee dongle"),
    "A17A0": Product(_T.POWERCOOLER, "Power Cooler 30"),
    "A17A1": Product(_T.POWERCOOLER, "Power Cooler 40"),
    "A17A2": Product(_T.POWERCOOLER, "Power Cooler 50"),
    "A17A3": Product(_T.POWERCOOLER, "Everfrost 2 23L"),
    "A17A4": Product(_T.POWERCOOLER, "Everfrost 2 40L"),
    "A17A5": Product(_T.POWERCOOLER, "Everfrost 2 58L"),
    "A2345": Product(_T.CHARGER, "250 W Prime charger"),
    "A91B2": Product(_T.CHARGER, "240 W charging station"),
    "A5191": Product(_T.EV_CHARGER, "SOLIX V1 EV charger"),
    "A17Y0": Product(_T.ACCESSORY, "E1600 0 W output switch"),
    "A17D0": Product(_T.ACCESSORY, "Generator input adapter"),
}

UNKNOWN_PRODUCT = Product(_T.UNKNOWN, "")

# Names used when the product catalogue does not list a code (§5.2).
FALLBACK_NAMES: dict[str, str] = {
    "SHEM3": "Shelly 3EM",
    "SHEMP3": "Shelly Pro 3EM",
    "SHPPS": "Shelly Plus Plug S",
    "AE100": "Power Dock AE100",
}

# Output (inverter) limit options in W per model and PV input limit options (§5.2).
OUTPUT_LIMIT_OPTIONS: dict[str, tuple[int, ...]] = {
    "A5143": (600, 800),
    "A17C1": (350, 600, 800, 1000),
    "A17C2": (350, 600, 800, 1000),
    "A17C3": (350, 600, 800, 1000),
    "A17C5": (350, 600, 800, 1200),
}
PV_LIMIT_OPTIONS: dict[str, tuple[int, ...]] = {"A17C5": (2000, 3600)}
STANDALONE_INVERTER_LIMIT_RANGE = (0, 800)

# Solarbank metrics of the site's solarbank_info kept per model (§5.2); others are dropped.
_SB2_COMMON = ("sub_package_num", "to_home_load", "pei_heating_power")
SOLARBANK_EXTRA_METRICS: dict[str, tuple[str, ...]] = {
    "A17C0": (),
    "A17C1": (
        *_SB2_COMMON,
        "solar_power_1",
        "solar_power_2",
        "solar_power_3",
        "solar_power_4",
        "ac_power",
    ),
    "A17C2": (
        *_SB2_COMMON,
        "bat_charge_power",
        "solar_power_1",
        "solar_power_2",
        "ac_power",
        "micro_inverter_power",
        "micro_inverter_power_limit",
        "micro_inverter_low_power_limit",
        "grid_to_battery_power",
        "other_input_power",
    ),
    "A17C3": (*_SB2_COMMON, "solar_power_1", "solar_power_2"),
    "A17C5": (
        *_SB2_COMMON,
        "bat_charge_power",
        "solar_power_1",
        "solar_power_2",
        "solar_power_3",
        "solar_power_4",
        "ac_power",
        "grid_to_battery_power",
        "other_input_power",
    ),
}

# Site types (§5.3): power_site_type -> client site type ("" = unmapped).
SITE_TYPES: dict[int, str] = {
    0: _T.VIRTUAL,
    1: _T.PPS,
    2: _T.SOLARBANK,
    3: _T.HES,
    4: _T.POWERPANEL,
    5: _T.SOLARBANK,
    6: _T.HES,
    7: _T.HES,
    8: _T.HES,
    9: _T.HES,
    10: _T.SOLARBANK,
    11: _T.SOLARBANK,
    12: _T.SOLARBANK,
    13: _T.SOLARBANK_PPS,
    14: _T.EV_CHARGER,
    18: _T.SOLARBANK,
}
# Model names of systems by power_site_type (§5.3: the main device of each site type).
SITE_MODELS: dict[int, str] = {
    0: "Standalone inverter",
    1: "Power station system with micro inverter",
    2: "Solarbank E1600 system",
    3: "X1 home energy system",
    4: "Home Power Panel system",
    5: "Solarbank 2 E1600 Pro system",
    6: "X1 home energy system with backup controller",
    7: "X1 P6K US system",
    8: "X1 home energy system 1P",
    9: "X1 home energy system 3P",
    10: "Solarbank 2 E1600 Plus system",
    11: "Solarbank 2 E1600 AC system",
    12: "Solarbank 3 E2700 Pro system",
    13: "F3000 system with smart meter",
    14: "SOLIX V1 EV charger system",
    18: "Solarbank multisystem with Power Dock",
}
# Model names by client site type, for power_site_type values the table does not know.
SITE_TYPE_MODELS: dict[str, str] = {
    _T.VIRTUAL: "Standalone inverter",
    _T.PPS: "Power station system",
    _T.SOLARBANK: "Solarbank system",
    _T.HES: "X1 home energy system",
    _T.POWERPANEL: "Home Power Panel system",
    _T.SOLARBANK_PPS: "Solarbank power station system",
    _T.EV_CHARGER: "EV charger system",
}
# Makers of third-party devices by the ``intgr_device.integrator`` of the bind list (§4.2.1).
INTEGRATORS: dict[str, str] = {"shelly": "Shelly", "everhome": "Everhome"}
HES_SITE_TYPES = frozenset({3, 6, 7, 8, 9})
DYNAMIC_PRICE_MODELS = ("A17C5", "A5101", "A5102", "A5103")

# Status enumerations (§5.6).
DEVICE_STATUS: dict[str, str] = {"0": "offline", "1": "online"}
CHARGING_STATUS: dict[str, str] = {
    "0": "detection",
    "1": "bypass",
    "2": "discharge",
    "3": "charge",
    "4": "wakeup",
    "116": "cold_wakeup",
    "5": "fully_charged",
    "6": "full_bypass",
    "7": "standby",
    "03": "protection_charge",
    "12": "bypass_discharge",
    "31": "charge_bypass",
    "32": "charge_ac",
    "37": "charge_priority",
}
GRID_STATUS: dict[str, str] = {"0": "ok"}
HES_ROLE_STATUS: dict[str, str] = {"1": "primary", "2": "subordinate"}
HES_NETWORK_STATUS: dict[str, str] = {"1": "wifi", "2": "lan", "3": "mobile"}
AI_EMS_STATUS: dict[int, str] = {0: "unknown", 3: "untrained", 4: "learning", 5: "trained"}
AI_EMS_RUNTIME_STATUS: dict[int, str] = {-1: "unknown", 0: "inactive", 1: "running", 2: "failure"}
USAGE_MODES: dict[int, str] = {
    0: "unknown",
    1: "smartmeter",
    2: "smartplugs",
    3: "manual",
    4: "backup",
    5: "use_time",
    7: "smart",
    8: "time_slot",
}
TARIFF_TYPES: dict[int, str] = {0: "unknown", 1: "peak", 2: "mid_peak", 3: "off_peak", 4: "valley"}
UNKNOWN = "unknown"


def product_for(pn: str | None) -> Product:
    """Return the product facts of a product code (``UNKNOWN_PRODUCT`` if not known)."""
    return PRODUCTS.get(pn or "", UNKNOWN_PRODUCT)


def device_type_for(pn: str | None) -> str:
    """Return the device type of a product code; unknown codes give ``"unknown"``."""
    return product_for(pn).type


def generation_for(pn: str | None) -> int:
    """Return the Solarbank generation of a product code (0 when not applicable)."""
    return product_for(pn).generation


def site_model_for(power_site_type: object, site_type: str | None = None) -> str:
    """The readable model of a system: by ``power_site_type``, else by client site type."""
    known = isinstance(power_site_type, int) and not isinstance(power_site_type, bool)
    if known and (name := SITE_MODELS.get(int(str(power_site_type)))):
        return name
    return SITE_TYPE_MODELS.get(site_type or "", "Anker power system")


def manufacturer_for(pn: str | None, integrator: object = None) -> str:
    """Who makes a device: the third-party integrator the cloud names, else the product's maker.

    ``integrator`` is ``intgr_device.integrator`` of a bound device (``"shelly"``); unknown
    integrators are shown capitalised, devices without one by their product code (Anker).
    """
    if isinstance(integrator, str) and integrator.strip():
        key = integrator.strip()
        return INTEGRATORS.get(key.lower(), key[:1].upper() + key[1:])
    return product_for(pn).manufacturer


def site_type_for(power_site_type: object) -> str:
    """Return the client site type of a ``power_site_type`` (``"unknown"`` if unmapped)."""
    if isinstance(power_site_type, bool) or not isinstance(power_site_type, int):
        return UNKNOWN
    return SITE_TYPES.get(power_site_type, UNKNOWN)


def status_desc(status: object) -> str:
    """Describe a device cloud status code."""
    return DEVICE_STATUS.get(str(status), UNKNOWN) if status is not None else UNKNOWN


def charging_status_desc(code: object) -> str:
    """Describe a real or pseudo Solarbank charging status code."""
    return CHARGING_STATUS.get(code, UNKNOWN) if isinstance(code, str) else UNKNOWN


def grid_status_desc(code: object) -> str:
    """Describe a smart meter grid status code."""
    return GRID_STATUS.get(str(code), UNKNOWN) if code is not None else UNKNOWN
