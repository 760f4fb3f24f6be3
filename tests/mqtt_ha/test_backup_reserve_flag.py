"""The backup-reserve flag of the Solarbank SOC limits command (`0067` `a7`, MQTT protocol §6.7).

No status reports the switch, and the protocol reference fills it "if not given" from its
current value (§6.7), gives the backup SOC's minimum as the cut-off (§6.5) and asks nothing more
of it (§6.6: the reference writes the cloud's switch off for a stand-alone device). The
integration sends it on when the backup SOC (new or current) is above the cut-off (new or
current) and off when it equals the cut-off (no reserve above the cut-off is kept). The frames
below are the ones the simulator's broker delivered to the device, decoded with the model's
command table.
"""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.core import HomeAssistant

from custom_components.anker_solix import mqtt_controls
from custom_components.anker_solix.solixapi import mqtt_decode_command, parse_frame
from solixsim.mqtt.controls import APPLIED
from tests.integration.conftest import SimCloud, setup_entry
from tests.mqtt_ha.conftest import entity_id, wait_for
from tests.mqtt_ha.test_live_controls import (
    STATION,
    change,
    control_of,
    device_of,
    state_of,
)

PN = "A17C5"
Case = tuple[str, int, int, int, int, int, int]
"""Row, reported backup SOC and cut-off, value set, backup SOC and cut-off the frame carries,
the flag it carries."""
CASES: dict[str, Case] = {
    "backup_above_cutoff": ("soc_backup_pct", 20, 10, 30, 30, 10, 1),
    "backup_at_cutoff": ("soc_backup_pct", 20, 10, 10, 10, 10, 0),
    "cutoff_up_reserve_on": ("discharge_cutoff_pct", 20, 10, 20, 21, 20, 1),
    "cutoff_down_reserve_off": ("discharge_cutoff_pct", 10, 10, 5, 10, 5, 0),
    "max_soc_reserve_on": ("soc_max_pct", 20, 10, 95, 20, 10, 1),
}


@pytest.mark.parametrize("scenario", ["sb3_expansions"])
@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.usefixtures("clock_sleep")
async def test_backup_reserve_flag_in_the_frame(
    hass: HomeAssistant, live_cloud: SimCloud, case: str
) -> None:
    """One change sends one `0067` frame; its `a7` is the expected flag, `a6` and `a2` the
    expected backup SOC and cut-off; the device applies it."""
    row, backup_now, cutoff_now, value, backup, cutoff, flag = CASES[case]
    sim = live_cloud.sim.mqtt
    sn = device_of(live_cloud, PN)
    sim.controls.seed(sn, {**STATION, "soc_backup_pct": backup_now, "soc_min_pct": cutoff_now})
    frames: list[bytes] = []
    handle = sim.controls.handle

    def recording(pn: str, serial: str, frame: bytes, now: float, **options: Any) -> Any:
        if serial == sn:
            frames.append(frame)
        return handle(pn, serial, frame, now, **options)

    item = control_of(row)
    with (
        patch.object(sim.controls, "handle", recording),
        patch.object(mqtt_controls, "_cloud_cutoff_control", return_value=False),
    ):
        await setup_entry(hass, live_cloud)
        entity = entity_id(hass, "number", f"{sn}_{item.key}")
        reported = {"soc_backup_pct": backup_now, "discharge_cutoff_pct": cutoff_now}
        expected = f"{float(reported.get(row, STATION['soc_max_pct']))}"
        await wait_for(hass, lambda: state_of(hass, entity) == expected, "reported")
        frames.clear()
        await change(hass, item, entity, value)
    decoded = [mqtt_decode_command(PN, parse_frame(frame)) for frame in frames]
    limits = [d for d in decoded if d is not None and "backup_reserve_on" in d.values]
    assert len(limits) == 1, [d.spec.id if d else None for d in decoded]
    values = limits[0].values
    assert (values["soc_backup_pct"], values["discharge_cutoff_pct"]) == (backup, cutoff), values
    assert values["backup_reserve_on"] == flag, values
    assert [r.outcome for r in sim.controls.log] == [APPLIED]
