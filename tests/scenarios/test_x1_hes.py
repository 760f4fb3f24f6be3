"""x1_hes: X1 home energy system (A5103 + EMS + 3 x A5220 + A5341), HES endpoints only (§4.12).

Base time 2025-06-18 11:00:00 (CEST); last sample 10:50: hes -3.00 kW (charging),
grid -3.22 kW (export), solar 6.79, home 0.57, SOC 68 % (§7.6).
Capacity 3 x 5000 Wh = 15000; 15000 * 68 % = 10200 (§8.9).
"""

from tests.scenarios.expect import Expect, device, energy, serials, site, value_test

SITE = "ab82e575-d97c-55a9-59dc-202fe3014242"
PCS = "VDSC09AV03KPXZWU"
EMS = "LO52AX8U4LDPX1F7"
PACKS = ("TYWVCOT9FCK2O105", "4C80NWNR9SSRKNWQ", "VEOY47CK8XWDTN84")
ATS = "X0A24M1HRZXROCQB"
AVG = "average_power__"


def _packs(**values: object) -> list[Expect]:
    """The same expectations on the three battery modules."""
    return [e for serial in PACKS for e in device(serial, **values)]


EXPECTATIONS = [
    *serials("devices", PCS, EMS, *PACKS, ATS),
    *site(SITE, site_type="hes", site_admin=True, hes_info__batCount=3),
    *site(SITE, hes_info__systemCode="DE202409230417", hes_info__main_sn=PCS),
    *device(PCS, type="hes", device_pn="A5103", alias="X1 Keller", sw_version="v1.3.9"),
    *device(ATS, type="hes", device_pn="A5341", alias="Backup Controller"),
    *_packs(type="hes", device_pn="A5220", battery_capacity="5000", main_sn=PCS),
    *device(EMS, type="hes", main_sn=PCS, is_subdevice=True),
    *device(PCS, battery_capacity="15000", battery_energy="10200"),
    *device(PCS, **{f"{AVG}state_of_charge": "68", f"{AVG}charge_power_avg": "3.00"}),
    *device(PCS, **{f"{AVG}discharge_power_avg": "0.00", f"{AVG}solar_power_avg": "6.79"}),
    *device(PCS, **{f"{AVG}home_usage_avg": "0.57", f"{AVG}grid_export_avg": "3.22"}),
    *energy(SITE, "today", date="2025-06-18", solar_production="17.10", home_usage="7.95"),
    *energy(SITE, "today", battery_discharge="0.00", grid_import="3.48"),
    # intraday totals of the 5-minute answers: hes imported = charge (§7.5)
    *energy(SITE, "intraday", battery_charge="9.16", solar_production="17.10"),
    # week files: energy[0] = yesterday
    *energy(SITE, "last_period", date="2025-06-17", solar_production="60.07"),
    *energy(SITE, "last_period", battery_discharge="16.65"),
]

test_x1_hes = value_test("x1_hes", "2025-06-18 11:00:00", EXPECTATIONS)
