"""The generated command tables cover the MQTT protocol document's §6.7 exactly, build the
document's example frames byte for byte, and check values as §6.5 says (no network here).

Counts are taken from the document independently of the generator when the document is beside
the repository (`../shared/docs`); the totals of §5.1 (372 entries, 42 product codes) always.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from custom_components.anker_solix.solixapi import (
    MQTT_COMMANDS,
    MqttCommandSpec,
    MqttDevice,
    MqttSession,
    SolixApi,
    SolixNotAllowedError,
    SolixSession,
    SolixValidationError,
    mqtt_command_by_id,
    mqtt_commands_setting,
    mqtt_decode_command,
    mqtt_encode_command,
    mqtt_resolve_values,
    mqtt_send_setting,
    mqtt_send_settings,
    mqtt_status_value,
    parse_frame,
)
from custom_components.anker_solix.solixapi.mqtt import MODELS_WITHOUT_COMMANDS
from custom_components.anker_solix.solixapi.mqtt import command_supported as supported

REPO = Path(__file__).resolve().parents[2]
DOC = REPO.parent / "shared" / "docs" / "anker-mqtt-protocol.md"
T = 1760711009
"""The time of the §6.8 examples."""


@pytest.fixture(scope="module")
def doc_text() -> str:
    """The protocol document (the test is skipped where it is not beside the repository)."""
    if not DOC.is_file():
        pytest.skip(f"protocol document not found at {DOC}")
    return DOC.read_text(encoding="utf-8")


def _doc_commands(text: str) -> dict[str, list[tuple[str, str]]]:
    """(message type, title) of every command row of §6.7, per product code."""
    section = text.split("### 6.7 Per-model command tables")[1].split("### 6.8")[0]
    models: dict[str, list[tuple[str, str]]] = {}
    pn = ""
    for line in section.splitlines():
        if match := re.match(r"#### (\S+) \(", line):
            pn = match.group(1)
            models[pn] = []
        elif match := re.match(r"\| ([0-9a-f]{4}) \| ([^|]+) \|", line):
            title = match.group(2).strip().replace(" (not a reference control)", "")
            models[pn].append((match.group(1), title))
    return models


def test_372_commands_of_42_models() -> None:
    """§5.1: 372 model/command entries for 42 product codes; three models have none."""
    assert len(MQTT_COMMANDS) == 42
    assert sum(len(specs) for specs in MQTT_COMMANDS.values()) == 372
    assert MODELS_WITHOUT_COMMANDS == ("A17A4", "A17A5", "AE103")


def test_every_model_and_command_of_the_document_is_present(doc_text: str) -> None:
    """Per model the same commands (type and title) in the document's order."""
    doc = _doc_commands(doc_text)
    assert {pn for pn, rows in doc.items() if rows} == set(MQTT_COMMANDS)
    for pn, rows in doc.items():
        ours = [(spec.msg_type, spec.title) for spec in MQTT_COMMANDS.get(pn, ())]
        assert ours == rows, pn


def test_the_generated_module_is_up_to_date() -> None:
    """`scripts/gen_mqtt_commands.py` on today's document writes exactly the committed module."""
    if not DOC.is_file():
        pytest.skip(f"protocol document not found at {DOC}")
    spec = importlib.util.spec_from_file_location(
        "gen_mqtt_commands", REPO / "scripts" / "gen_mqtt_commands.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_mqtt_commands"] = module
    spec.loader.exec_module(module)
    assert (module.OUT / module.MODULE).read_text(encoding="utf-8") == module.generate(DOC)


def test_not_exposed_and_power_commands_are_marked() -> None:
    """§6.6: the rows the reference does not offer stay unexposed; restart/shutdown are marked."""
    hidden = {
        (pn, spec.id)
        for pn, specs in MQTT_COMMANDS.items()
        for spec in specs
        if not spec.exposed and spec.kind == "setting"
    }
    assert ("A17C0", "sb1_status_check_cloud") in hidden
    assert ("A17C0", "inverter_type_sb1") in hidden
    assert ("A17C5", "usage_mode") in hidden
    assert ("A17X8", "plug_schedule_slot") in hidden
    assert ("AE100", "discharge_cut_off_legacy") in hidden
    assert ("AS220", "custom_plan") in hidden
    assert ("AE100", "third_party_pv_support") in hidden
    assert len(hidden) == 10
    power = {(pn, s.id) for pn, specs in MQTT_COMMANDS.items() for s in specs if s.kind == "power"}
    assert power == {("A5191", "restart_shutdown"), ("AS200", "restart_shutdown")}
    assert mqtt_command_by_id("A5191", "restart_shutdown").encoding_type == 2  # type: ignore[union-attr]


def _sample(spec: MqttCommandSpec) -> dict[str, Any]:
    """A valid value for every parameter: its default, first option or minimum."""
    values: dict[str, Any] = {}
    for param in spec.params:
        if param.container or not param.name:
            continue
        if param.encoding.startswith("text"):
            values[param.name] = "x"
        elif param.default is not None and (
            not param.options or param.default in [o for o, _ in param.options]
        ):
            values[param.name] = param.default
        elif param.derive:
            values[param.name] = param.derive[0][1]
        elif param.options:
            values[param.name] = param.options[0][0]
        else:
            values[param.name] = param.minimum if param.minimum is not None else 0
    first = next(p for p in spec.params if p.name and not p.container)
    for param in spec.params:
        if param.derive:
            values[first.name] = param.derive[0][0]
            values[param.name] = param.derive[0][1]
    return values


def test_every_offered_command_encodes_and_decodes_back() -> None:
    """Every exposed command builds a frame that `decode_command` reads back to its values."""
    count = 0
    for pn, specs in MQTT_COMMANDS.items():
        for spec in specs:
            if not spec.exposed:
                continue
            assert supported(spec), (pn, spec.id)
            values = _sample(spec)
            frame = mqtt_encode_command(spec, values, timestamp=T)
            decoded = mqtt_decode_command(pn, parse_frame(frame))
            assert decoded is not None, (pn, spec.id)
            assert decoded.spec.msg_type == spec.msg_type
            assert decoded.values == values, (pn, spec.id)
            twins = [
                other
                for other in specs
                if other.msg_type == spec.msg_type
                and {p.field for p in other.params} == {p.field for p in spec.params}
            ]
            assert decoded.spec.id == spec.id or len(twins) > 1, (pn, spec.id)
            count += 1
    assert count == 312


@pytest.mark.parametrize(
    ("pn", "command", "values", "at", "frame"),
    [
        (
            "A1763",
            "ac_output_on_off",
            {"ac_out_on": 1},
            T + 0.5,
            "ff 09 21 00 03 00 0f 01 01 a1 01 22 a2 02 01 01 fd 0e 00 31 37 36 30 37 31 31 30 30 "
            "39 35 30 30 31",
        ),
        (
            "A17C5",
            "max_output_single_device",
            {"output_limit_w": 800},
            T,
            "ff 09 23 00 03 00 0f 00 80 a1 01 22 a2 03 02 20 03 a3 03 02 00 00 a4 03 02 00 00 fe "
            "05 03 61 51 f2 68 0e",
        ),
        (
            "A17C5",
            "device_auto_off",
            {"auto_off_min": 60},
            T,
            "ff 09 18 00 03 00 0f 00 9a a1 01 22 a2 02 01 02 fe 05 03 61 51 f2 68 0b",
        ),
        (
            "A5191",
            "max_charge_current",
            {"ev_current_limit_a": 16},
            T,
            "ff 09 19 00 03 00 0f 01 00 a1 01 22 a8 03 02 a0 00 fe 05 03 61 51 f2 68 3b",
        ),
        (
            "A17X8",
            "plug_delayed_toggle",
            {"timer_state": 1, "timer_delay": 30 * 256, "timer_target_on": 0, "timer_elapsed": 0},
            T,
            "ff 09 28 00 03 00 0f 00 7e a1 01 22 a2 02 01 01 a3 04 04 00 1e 00 a4 02 01 00 a5 04 "
            "04 00 00 00 fe 05 03 61 51 f2 68 63",
        ),
    ],
)
def test_the_documents_example_frames(
    pn: str, command: str, values: dict[str, Any], at: float, frame: str
) -> None:
    """§6.8: checked, filled (defaults) and encoded exactly as the document composes them."""
    spec = mqtt_command_by_id(pn, command)
    assert spec is not None
    complete = mqtt_resolve_values(spec, values, {})
    assert mqtt_encode_command(spec, complete, timestamp=at).hex(" ") == frame


def test_resolution_prefers_current_commands_over_legacy_and_repeats() -> None:
    """The cut-off goes through the SOC-limits command, the light mode through its own one."""
    assert mqtt_commands_setting("A17C1", "discharge_cutoff_pct")[0].id == (
        "soc_limits_backup_reserve"
    )
    assert mqtt_commands_setting("A17C1", "light_mode")[0].id == "light_mode"
    assert mqtt_commands_setting("A17C1", "leds_off")[0].id == "leds_on_off"
    assert mqtt_commands_setting("A2345", "usbc3_on")[0].id == "usbc_3_on_off"
    assert mqtt_commands_setting("A17C1", "rt_on") == []


def _refusal(spec_pn: str, command: str, values: dict[str, Any], current: dict[str, Any]) -> str:
    spec = mqtt_command_by_id(spec_pn, command)
    assert spec is not None
    with pytest.raises(SolixValidationError) as err:
        mqtt_resolve_values(spec, values, current)
    return f"{err.value.reason}:{err.value.field}"


def test_values_are_checked_rounded_filled_and_derived() -> None:
    """§6.5: options, ranges and steps (a value between two steps is refused), fill from the
    current state, derivations, the backup-SOC clamp, dynamic limits; each refusal names its
    reason and field."""
    soc = mqtt_command_by_id("A17C5", "soc_limits_backup_reserve")
    assert soc is not None
    current = {"discharge_cutoff_pct": 10, "soc_max_pct": 90, "soc_backup_pct": 95}
    values = mqtt_resolve_values(soc, {"soc_max_pct": 95, "backup_reserve_on": "on"}, current)
    # backup 95 clamped to cut-off + 1 … new max − 1
    assert values == {
        "discharge_cutoff_pct": 10,
        "soc_max_pct": 95,
        "soc_backup_pct": 94,
        "backup_reserve_on": 1,
    }
    assert _refusal("A17C5", "soc_limits_backup_reserve", {"soc_max_pct": 95}, {}) == (
        "mqtt_value_missing:discharge_cutoff_pct"
    )
    too_low = {"soc_max_pct": 79, "backup_reserve_on": 0}
    assert _refusal("A17C5", "soc_limits_backup_reserve", too_low, current) == (
        "mqtt_value_range:soc_max_pct"
    )
    # a given backup SOC below the cut-off (dynamic minimum) is refused
    given = {"soc_backup_pct": 5, "backup_reserve_on": 1}
    assert _refusal("A17C5", "soc_limits_backup_reserve", given, current) == (
        "mqtt_value_range:soc_backup_pct"
    )
    assert _refusal("A1761", "ac_output_on_off", {"ac_out_on": 2}, {}) == (
        "mqtt_value_option:ac_out_on"
    )
    assert _refusal("A1761", "ac_output_on_off", {"ac_out_on": "maybe"}, {}) == (
        "mqtt_value_type:ac_out_on"
    )
    assert _refusal("A1761", "ac_output_on_off", {"nonsense": 1}, {}) == (
        "mqtt_setting_unknown:nonsense"
    )
    limit = mqtt_command_by_id("A1761", "ac_charge_limit")
    assert limit is not None
    assert mqtt_resolve_values(limit, {"ac_charge_limit_w": 400}, {}) == {"ac_charge_limit_w": 400}
    # between two steps of 100 W: refused (the reference would round to 400, §6.5)
    with pytest.raises(SolixValidationError) as between:
        mqtt_resolve_values(limit, {"ac_charge_limit_w": 449}, {})
    assert (between.value.reason, between.value.field) == ("mqtt_value_step", "ac_charge_limit_w")
    assert between.value.placeholders == {
        "name": "ac_charge_limit_w",
        "value": "449",
        "step": "100",
        "lower": "400",
        "upper": "500",
    }
    legacy = mqtt_command_by_id("A17C1", "discharge_cut_off_legacy")
    assert legacy is not None
    assert mqtt_resolve_values(legacy, {"discharge_cutoff_pct": 10}, {}) == {
        "discharge_cutoff_pct": 10,
        "low_power_input_soc_pct": 5,
        "input_cutoff_soc_pct": 10,
    }
    ev = mqtt_command_by_id("A5191", "max_charge_current")
    assert ev is not None
    assert _refusal("A5191", "max_charge_current", {"ev_current_limit_a": 14}, {
        "ev_rated_current_a": 13,
    }) == "mqtt_value_range:ev_current_limit_a"  # fmt: skip
    auto_off = mqtt_command_by_id("AS200", "device_auto_off")
    assert auto_off is not None
    off = mqtt_resolve_values(auto_off, {"auto_off_disabled": 1}, {"auto_off_min": 720})
    assert off["auto_off_active_min"] == 0
    on = mqtt_resolve_values(auto_off, {"auto_off_disabled": 0}, {"auto_off_min": 750})
    assert on["auto_off_active_min"] == 750


def test_times_from_the_live_status_fill_time_fields() -> None:
    """The plug's delayed toggle: times as the status decodes them ("HH:MM:SS") fill and check
    like the raw numbers; the frame is the one of §6.8."""
    spec = mqtt_command_by_id("A17X8", "plug_delayed_toggle")
    assert spec is not None
    current: dict[str, int | str] = {
        "timer_target_on": 0,
        "timer_elapsed": "00:00:00",
        "timer_state": 0,
    }
    values = mqtt_resolve_values(spec, {"timer_state": 1, "timer_delay": "00:30:00"}, current)
    assert values == {
        "timer_state": 1,
        "timer_delay": 7680,
        "timer_target_on": 0,
        "timer_elapsed": 0,
    }
    frame = mqtt_encode_command(spec, values, timestamp=T).hex(" ")
    assert frame.endswith("a3 04 04 00 1e 00 a4 02 01 00 a5 04 04 00 00 00 fe 05 03 61 51 f2 68 63")


def test_command_and_status_coding_differ_for_pps_modes() -> None:
    """§6.5: A1761 AC output mode: command 0 = smart (status 2), C800 command 0 = normal (1)."""
    assert mqtt_status_value("A1761", "ac_out_mode", 0) == 2
    assert mqtt_status_value("A1753", "ac_out_mode", 0) == 1
    assert mqtt_status_value("A1763", "ac_out_mode", 0) == 0


async def test_refusals_before_any_connection(tmp_path: Path) -> None:
    """Requests, commands the reference does not offer and restart/shutdown without confirm
    are refused by the checks; with confirm the checks pass (and only the missing connection
    stops it); unknown and member devices are refused first."""
    session = MqttSession(
        SolixApi(SolixSession.__new__(SolixSession)),
        client_id_suffix="t",
        temp_dir=str(tmp_path),
    )
    session.set_devices(
        [
            MqttDevice("EV0000000000001", "A5191"),
            MqttDevice("SB30000000000001", "A17C5"),
            MqttDevice("MEMBER0000000001", "A1761", owned=False),
        ]
    )
    cases = [
        ("EV0000000000001", {"power_action": 5}, None, "mqtt_confirm_required"),
        ("SB30000000000001", {"usage_mode": 1}, "usage_mode", "mqtt_command_not_exposed"),
        ("SB30000000000001", {"rt_on": 1}, "real_time_trigger", "mqtt_command_not_exposed"),
        ("MEMBER0000000001", {"ac_out_on": 1}, None, "mqtt_device_not_owned"),
        ("UNKNOWN000000001", {"ac_out_on": 1}, None, "mqtt_device_unknown"),
    ]
    for sn, settings, command, reason in cases:
        with pytest.raises(SolixNotAllowedError) as err:
            await mqtt_send_settings(session, sn, settings, command=command)
        assert err.value.reason == reason, (sn, settings)
    with pytest.raises(SolixNotAllowedError) as err:
        await mqtt_send_setting(session, "EV0000000000001", "power_action", 5, confirm=True)
    assert err.value.reason == "mqtt_not_connected"


CONTROL_REASONS = (
    "mqtt_setting_unknown",
    "mqtt_command_not_exposed",
    "mqtt_command_unsupported",
    "mqtt_confirm_required",
    "mqtt_value_missing",
    "mqtt_value_type",
    "mqtt_value_option",
    "mqtt_value_range",
    "mqtt_value_text",
    "mqtt_not_confirmed",
    "mqtt_device_unknown",
    "mqtt_device_not_owned",
    "mqtt_not_connected",
)


def test_every_refusal_reason_is_translated() -> None:
    """Each reason the controls raise has a text in every language with the same placeholders."""
    import json

    folder = REPO / "custom_components" / "anker_solix" / "translations"
    texts = {
        lang: json.loads((folder / f"{lang}.json").read_text(encoding="utf-8"))["exceptions"]
        for lang in sorted(path.stem for path in folder.glob("*.json"))
    }
    for reason in CONTROL_REASONS:
        fields = {
            lang: set(re.findall(r"{(\w+)}", texts[lang][reason]["message"])) for lang in texts
        }
        assert all(found == fields["en"] for found in fields.values()), reason
