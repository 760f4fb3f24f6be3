"""Battery power (§8.1), cascaded totals and weighted SOC (§8.3), capacity and energy (§8.9)."""

from __future__ import annotations

from custom_components.anker_solix.solixapi.derive import (
    BankReading,
    battery_capacity,
    battery_energy,
    battery_power,
    cascaded_totals,
    compute_battery_powers,
    is_cascaded,
    is_multisystem,
    multisystem_ac_input_share,
    rescale_to_site_total,
)


def test_battery_power_prefers_charge_then_discharge_then_balance() -> None:
    assert battery_power(BankReading("a", "A17C1", pv=400, out=150, charge=250, discharge=0)) == 250
    assert battery_power(BankReading("b", "A17C1", pv=0, out=200, charge=0, discharge=200)) == -200
    # SB1 without charge/discharge fields: pv + grid - out
    assert battery_power(BankReading("c", "A17C0", pv=100, out=300)) == -200
    assert battery_power(BankReading("d", "A17C0", pv=None, out=300)) is None


def test_single_type_rescale_negative_sum_uses_site_pv_minus_output() -> None:
    readings = [BankReading("a", "A17C0", pv=0, out=120), BankReading("b", "A17C0", pv=0, out=136)]
    compute_battery_powers(readings, site_grid=0)
    assert [r.battery for r in readings] == [-120, -136]
    assert not is_multisystem(readings)
    used = rescale_to_site_total(readings, site_total=0, site_pv=50, site_out=250)
    # site total = 50 - 250 = -200; -200*-120/-256 = -93.75, -200*-136/-256 = -106.25
    assert used == -200
    assert [r.battery for r in readings] == [-94, -106]


def test_single_type_rescale_positive_sum() -> None:
    readings = [
        BankReading("a", "A17C0", pv=200, out=50),
        BankReading("b", "A17C0", pv=100, out=50),
    ]
    compute_battery_powers(readings, site_grid=0)
    assert rescale_to_site_total(readings, 300, site_pv=300, site_out=100) == 300
    assert [r.battery for r in readings] == [225, 75]


def test_multisystem_corrections_and_ac_share() -> None:
    d1 = BankReading("d1", "A17C5", pv=300, out=100, charge=150, discharge=0)
    d2 = BankReading("d2", "A17C5", pv=0, out=200, charge=0, discharge=250)
    d3 = BankReading("d3", "A17C5", pv=100, out=150, charge=0, discharge=0)
    d4 = BankReading("d4", "A17C5", pv=0, out=0, charge=400, discharge=0)
    readings = [d1, d2, d3, d4]
    assert is_multisystem(readings)
    compute_battery_powers(readings, site_grid=300)
    assert [r.out for r in readings] == [300, 250, 100, 0]
    assert [r.battery for r in readings] == [150, -250, 0, 400]
    assert [r.grid for r in readings] == [0, 0, 0, 400]
    # 400 / (150 + 400)
    assert round(multisystem_ac_input_share(d4, readings) * 300) == 218
    assert multisystem_ac_input_share(d1, readings) == 0


def test_cascaded_totals_and_weighted_soc() -> None:
    readings = [
        BankReading(
            "sb2", "A17C1", pv=400, out=200, charge=100, discharge=0, soc=80, sub_packages=1
        ),
        BankReading("sb1a", "A17C0", pv=150, out=150, soc=60),
        BankReading("sb1b", "A17C0", pv=0, out=100, soc=20),
    ]
    assert is_cascaded(readings)
    assert not is_multisystem(readings)
    compute_battery_powers(readings, site_grid=0)
    assert [r.battery for r in readings] == [100, 0, -100]
    totals = cascaded_totals(readings)
    assert totals.photovoltaic == 300  # 550 - (150 + 100)
    assert totals.charging == 0
    assert totals.output == 200
    assert totals.battery_soc_fraction == "0.60"  # (80*2 + 60 + 20) / 4 = 60 %
    assert totals.discharge == 100


def test_capacity_and_energy() -> None:
    assert battery_capacity("A17C5", 2) == 8064
    assert battery_capacity("A17C0", 0) == 1600
    assert battery_capacity("A17X7", 0) is None
    assert battery_energy("8064", "37") == 2983  # 8064 * 0.37 = 2983.68
    assert battery_energy("1600", None) is None
