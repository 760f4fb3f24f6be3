"""The worked examples of the MQTT protocol document (§4.11, §6.3, §6.8, §3.5), as test data.

Frames are the document's hex; expected values are its decode tables' "Result" and "Our name
(unit)" columns (a 'not mapped' row lists the field under `*_UNMAPPED`).
"""

from __future__ import annotations

from custom_components.anker_solix.solixapi.mqtt import Value

SB1_0405_HEX = (
    "ff 09 23 01 03 01 0f 04 05 a1 01 34 a2 11 00 43 55 54 55 54 54 31 37 4d 55 53 58 41 4a 34 "
    "52 a3 02 01 45 a4 02 01 00 a5 02 01 00 a6 03 02 d7 00 a7 03 02 d7 00 a8 03 02 7a 00 a9 02 "
    "01 00 aa 02 01 15 ab 03 02 00 00 ac 03 02 00 00 ad 02 01 03 ae 19 04 00 00 68 01 00 00 50 "
    "00 68 01 74 04 00 00 46 00 74 04 a0 05 00 00 50 00 af 02 01 00 b0 05 03 00 00 00 00 b1 05 "
    "03 6b 11 e0 00 b2 05 03 c5 a0 57 00 b3 05 03 7c 02 cf 00 b4 02 01 0a b5 02 01 05 b6 02 01 "
    "0a b7 11 00 41 4e 4b 45 52 00 00 00 00 00 00 00 00 00 00 00 b8 11 00 41 35 31 34 33 00 00 "
    "00 00 00 00 00 00 00 00 00 b9 03 02 64 00 ba 05 03 28 00 00 00 bb 02 01 00 bc 02 01 00 bd "
    "03 02 06 00 be 02 01 00 bf 02 01 01 c0 11 00 41 5a 56 42 59 4d 30 45 30 31 33 30 30 38 38 "
    "36 c1 0d 00 45 38 45 45 43 43 44 34 46 39 46 38 fb 15 04 01 00 01 01 01 00 00 00 00 00 00 "
    "00 00 00 00 00 00 00 00 00 fc 02 01 02 fe 05 03 7f 6d f2 68 b9 "
)
SB1_0405_VALUES: dict[str, Value] = {
    "serial": "CUTUTT17MUSXAJ4R",
    "soc_pct": 69,
    "undecoded": 0,
    "error_code": 0,
    "fw_main": "2.1.5",
    "fw_controller": "2.1.5",
    "hw_version": "1.2.2",
    "temp_unit_f": 0,
    "temp_c": 21,
    "pv_w": 0,
    "out_w": 0,
    "charge_state": 3,
    "battery_charge_w": 0,
    "pv_energy_total": 1468.4523,
    "battery_in_energy_total": 574.2789,
    "out_energy_total": 1356.6588,
    "discharge_cutoff_pct": 10,
    "low_power_input_soc_pct": 5,
    "input_cutoff_soc_pct": 10,
    "inverter_brand": "ANKER",
    "inverter_model": "A5143",
    "inverter_min_load_w": 100,
    "zero_export_switch_serial": "AZVBYM0E01300886",
    "zero_export_switch_mac": "E8EECCD4F9F8",
    "sent_at": 1760718207,
}
SB1_0405_UNITS = {
    "soc_pct": "%",
    "temp_c": "°C",
    "pv_w": "W",
    "out_w": "W",
    "battery_charge_w": "W",
    "pv_energy_total": "kWh",
    "battery_in_energy_total": "kWh",
    "out_energy_total": "kWh",
    "discharge_cutoff_pct": "%",
    "low_power_input_soc_pct": "%",
    "input_cutoff_soc_pct": "%",
    "inverter_min_load_w": "W",
    "sent_at": "s",
}
SB1_0405_UNMAPPED = ["a1", "ae", "af", "ba", "bb", "bc", "bd", "be", "bf", "fb", "fc"]

SB1_0408_HEX = (
    "ff 09 b6 00 03 01 0f 04 08 a1 01 32 a2 11 00 43 55 54 55 54 54 31 37 4d 55 53 58 41 4a 34 "
    "52 a3 05 03 82 6d f2 68 a4 05 03 62 51 f2 68 a5 05 03 42 08 01 00 a6 05 03 18 7d 01 00 a7 "
    "03 02 00 00 a8 02 01 00 a9 05 03 00 00 00 00 aa 05 03 00 00 00 00 ab 05 03 00 00 00 00 ac "
    "05 03 00 00 00 00 ad 05 03 00 00 00 00 ae 05 03 00 00 00 00 af 05 03 00 00 00 00 b0 02 01 "
    "45 b1 05 03 6b 11 e0 00 b2 05 03 c5 a0 57 00 b3 05 03 7c 02 cf 00 b4 05 03 18 bb 49 00 b5 "
    "05 03 5f 47 85 00 b6 02 01 15 b7 05 03 f6 11 00 00 b8 05 03 03 00 00 00 b9 05 03 74 06 00 "
    "00 f2 "
)
SB1_0408_VALUES: dict[str, Value] = {
    "serial": "CUTUTT17MUSXAJ4R",
    "local_time": 1760718210,
    "utc_time": 1760711010,
    "soc_precise_pct": 67.65,
    "soh_pct": 97.56,
    "charge_state": 0,
    "output_preset_w": 0,
    "pv_w": 0,
    "battery_charge_w": 0,
    "out_w": 0,
    "undecoded_ad": 0,
    "undecoded_ae": 0,
    "undecoded_af": 0,
    "soc_pct": 69,
    "pv_energy_total": 1468.4523,
    "battery_in_energy_total": 574.2789,
    "out_energy_total": 1356.6588,
    "battery_out_energy_total": 483.2024,
    "bypass_energy_total": 873.4559,
    "temp_c": 21,
    "pv_v": 45.98,
    "out_v": 0.03,
    "battery_v": 16.52,
}
SB1_0408_UNITS = {
    "local_time": "s",
    "utc_time": "s",
    "soc_precise_pct": "%",
    "soh_pct": "%",
    "output_preset_w": "W",
    "pv_w": "W",
    "battery_charge_w": "W",
    "out_w": "W",
    "soc_pct": "%",
    "pv_energy_total": "kWh",
    "battery_in_energy_total": "kWh",
    "out_energy_total": "kWh",
    "battery_out_energy_total": "kWh",
    "bypass_energy_total": "kWh",
    "temp_c": "°C",
    "pv_v": "V",
    "out_v": "V",
    "battery_v": "V",
}
SB1_0408_UNMAPPED = ["a1", "a7"]

C1000_0405_HEX = (
    "ff 09 6b 01 03 01 0f 04 05 a1 01 34 a2 05 03 00 00 00 00 a3 05 03 00 00 00 00 a4 03 02 91 "
    "00 a5 03 02 00 00 a6 03 02 39 00 a7 03 02 00 00 a8 03 02 00 00 a9 03 02 00 00 aa 03 02 00 "
    "00 ab 03 02 00 00 ac 03 02 00 00 ad 03 02 00 00 ae 03 02 00 00 af 03 02 00 00 b0 03 02 39 "
    "00 b1 03 02 00 00 b2 03 02 00 00 b3 03 02 9f 00 b4 03 02 00 00 b5 03 02 ff 01 b6 03 02 ff "
    "01 b7 03 02 00 00 b8 03 02 93 00 b9 03 02 72 00 ba 03 02 9f 00 bb 03 02 01 00 bc 02 01 00 "
    "bd 02 01 23 be 02 01 16 bf 02 01 00 c0 02 01 01 c1 02 01 64 c2 02 01 14 c3 02 01 61 c4 02 "
    "01 63 c5 02 01 01 c6 02 01 00 c7 02 01 00 c8 02 01 00 c9 02 01 00 ca 02 01 00 cb 02 01 00 "
    "cc 02 01 00 cd 02 01 00 ce 02 01 00 cf 02 01 00 d0 11 00 34 45 4a 59 48 38 41 53 45 56 33 "
    "53 47 4c 41 34 d1 03 02 2c 01 d2 03 02 d0 02 d3 03 02 1e 00 d4 03 02 3c 00 d5 03 02 00 00 "
    "d6 03 02 00 00 d7 02 01 01 d8 02 01 00 d9 02 01 02 da 02 01 32 db 02 01 00 dc 02 01 00 dd "
    "02 01 00 de 02 01 00 e3 02 01 00 e5 02 01 00 f8 15 04 01 01 01 01 00 00 00 00 00 00 00 00 "
    "00 00 00 00 00 00 00 00 f9 02 01 02 fd 0b 00 41 31 37 36 31 5f 33 30 41 68 fe 05 03 61 51 "
    "f2 68 9b "
)
C1000_0405_VALUES: dict[str, Value] = {
    "ac_out_auto_off_s": 0,
    "dc_out_auto_off_s": 0,
    "time_left_h": 14.5,
    "ac_in_w": 0,
    "ac_out_w": 57,
    "usbc1_w": 0,
    "usbc2_w": 0,
    "usba1_w": 0,
    "usba2_w": 0,
    "dc_in_w": 0,
    "pv_w": 0,
    "out_total_w": 57,
    "fw_main": "1.5.9",
    "fw_expansion": "1.1.4",
    "fw_controller": "1.5.9",
    "ac_inverter_on": 1,
    "charge_state": 0,
    "temp_c": 35,
    "exp1_temp_c": 22,
    "main_soc_pct": 100,
    "exp1_soc_pct": 20,
    "soh_pct": 97,
    "exp1_soh_pct": 99,
    "expansion_count": 1,
    "usbc1_state": 0,
    "usbc2_state": 0,
    "usba1_state": 0,
    "usba2_state": 0,
    "car_port1_on": 0,
    "serial": "4EJYH8ASEV3SGLA4",
    "ac_charge_limit_w": 300,
    "auto_off_min": 720,
    "display_off_s": 30,
    "ac_out_on": 1,
    "dc_out_on": 0,
    "display_brightness_level": 2,
    "ac_hz": 50,
    "light_mode": 0,
    "temp_unit_f": 0,
    "display_on": 0,
    "ac_fast_charge_on": 0,
    "car_port_mode": 1,
    "ac_out_mode": 1,
    "exp1_kind": "A1761_30Ah",
    "sent_at": 1760711009,
}
C1000_0405_UNITS = {
    "ac_out_auto_off_s": "s",
    "dc_out_auto_off_s": "s",
    "time_left_h": "h",
    "ac_in_w": "W",
    "ac_out_w": "W",
    "usbc1_w": "W",
    "usbc2_w": "W",
    "usba1_w": "W",
    "usba2_w": "W",
    "dc_in_w": "W",
    "pv_w": "W",
    "out_total_w": "W",
    "temp_c": "°C",
    "exp1_temp_c": "°C",
    "main_soc_pct": "%",
    "exp1_soc_pct": "%",
    "soh_pct": "%",
    "exp1_soh_pct": "%",
    "ac_charge_limit_w": "W",
    "auto_off_min": "min",
    "display_off_s": "s",
    "ac_hz": "Hz",
    "sent_at": "s",
}
C1000_0405_UNMAPPED = [
    "a1",
    "ab",
    "ac",
    "ad",
    "b1",
    "b2",
    "b4",
    "b5",
    "b6",
    "b7",
    "b8",
    "bf",
    "c0",
    "ca",
    "cb",
    "cd",
    "ce",
    "cf",
    "d4",
    "d5",
    "d6",
    "db",
    "e3",
    "f9",
]

C1000G2_0421_HEX = (
    "ff 09 26 01 03 01 0f 04 21 a1 01 34 a2 21 06 20 11 36 57 50 59 53 43 53 43 4b 4f 58 33 46 "
    "37 37 30 49 00 05 41 31 37 36 33 06 02 01 01 01 00 a3 0b 04 00 00 00 00 b0 04 00 58 dc 00 "
    "a4 1b 04 00 00 00 00 b0 04 32 00 00 00 00 00 00 00 00 1e 00 01 00 00 00 00 00 64 01 03 a5 "
    "06 04 17 00 64 64 00 a6 0a 04 00 00 00 00 00 00 ab 2a 64 a7 07 04 00 00 00 01 00 00 a8 04 "
    "04 00 00 00 aa 04 04 00 00 00 ab 04 04 00 00 00 ac 04 04 00 00 00 ae 04 04 00 00 00 b2 04 "
    "04 00 00 00 d9 1a 04 00 00 19 64 01 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
    "00 00 da 18 04 00 00 00 00 00 00 00 00 00 00 01 e0 01 64 05 7f 00 00 00 00 00 00 00 dc 06 "
    "04 00 00 00 00 00 f9 1d 04 06 02 01 01 05 00 05 00 00 00 00 00 05 00 05 00 05 03 00 01 00 "
    "00 00 00 00 02 02 00 fa 15 04 01 01 01 01 00 1f 03 00 00 00 00 00 00 00 00 00 00 00 00 00 "
    "fd 0e 00 31 37 36 34 36 35 38 33 39 37 33 32 38 fe 05 03 98 a8 2e 69 23 "
)
C1000G2_0421_VALUES: dict[str, Value] = {
    "serial": "6WPYSCSCKOX3F770I",
    "model_code": "A1763",
    "ac_charge_limit_max_w": 1200,
    "ac_out_auto_off_s": 0,
    "ac_charge_limit_w": 1200,
    "ac_hz": 50,
    "ac_out_mode": 0,
    "dc_out_auto_off_s": 0,
    "car_port_mode": 0,
    "auto_off_min": 0,
    "display_off_s": 30,
    "display_brightness_level": 1,
    "temp_unit_f": 0,
    "ac_fast_charge_on": 0,
    "display_on": 0,
    "port_memory_on": 0,
    "temp_c": 23,
    "soc_pct": 100,
    "soh_pct": 100,
    "out_total_w": 0,
    "ac_in_total_w": 0,
    "dc_in_total_w": 0,
    "time_left_h": 1092.3,
    "main_soc_pct": 100,
    "ac_out_on": 0,
    "ac_out_w": 0,
    "ac_in_active": 1,
    "ac_in_w": 0,
    "dc_in_active": 0,
    "dc_in_w": 0,
    "usbc1_state": 0,
    "usbc1_w": 0,
    "usbc2_state": 0,
    "usbc2_w": 0,
    "usbc3_state": 0,
    "usbc3_w": 0,
    "usba1_state": 0,
    "usba1_w": 0,
    "dc_out_on": 0,
    "dc_out_total_w": 0,
    "soc_max_pct": 100,
    "soc_min_pct": 1,
    "undecoded_da_12": 25601,
    "undecoded_da_14": 32517,
    "utc_time": 1764658397.328,
    "sent_at": 1764665496,
}
C1000G2_0421_UNITS = {
    "ac_charge_limit_max_w": "W",
    "ac_out_auto_off_s": "s",
    "ac_charge_limit_w": "W",
    "ac_hz": "Hz",
    "dc_out_auto_off_s": "s",
    "auto_off_min": "min",
    "display_off_s": "s",
    "temp_c": "°C",
    "soc_pct": "%",
    "soh_pct": "%",
    "out_total_w": "W",
    "ac_in_total_w": "W",
    "dc_in_total_w": "W",
    "time_left_h": "h",
    "main_soc_pct": "%",
    "ac_out_w": "W",
    "ac_in_w": "W",
    "dc_in_w": "W",
    "usbc1_w": "W",
    "usbc2_w": "W",
    "usbc3_w": "W",
    "usba1_w": "W",
    "dc_out_total_w": "W",
    "soc_max_pct": "%",
    "soc_min_pct": "%",
    "utc_time": "s",
    "sent_at": "s",
}
C1000G2_0421_UNMAPPED = ["a1", "dc", "f9", "fa"]

RT_REPLY_0857_HEX = "ff 09 0e 00 03 01 0f 08 57 00 a1 01 32 38"
SB1_STATUS_REPLY_0856_HEX = (
    "ff 09 21 00 03 01 0f 08 56 00 a1 01 32 a2 11 00 43 55 54 55 54 54 31 37 4d 55 53 58 41 4a "
    "34 52 ca"
)
VERSIONS_0830_HEX = (
    "ff 09 1d 00 03 00 0f 08 30 00 a1 08 76 30 2e 32 2e 33 2e 31 a2 06 76 31 2e 35 2e 39 c1"
)
C1000G2_0889_HEX = (
    "ff 09 34 00 03 01 0f 08 89 00 a1 01 34 a2 02 01 01 a3 02 01 00 a4 02 01 28 a5 02 01 0f a6 "
    "02 01 0f fd 10 00 31 37 36 34 36 35 38 33 39 37 33 32 38 00 00 80"
)

COMMAND_TIME = 1760711009
"""Time of every composed command example (§6.3, §6.8)."""
RT_TRIGGER_300_HEX = (
    "ff 09 1f 00 03 00 0f 00 57 a1 01 22 a2 02 01 01 a3 05 03 2c 01 00 00 fe 05 03 61 51 f2 68 4a"
)
RT_TRIGGER_300_BASE64 = "/wkfAAMADwBXoQEiogIBAaMFAywBAAD+BQNhUfJoSg=="
STATUS_REQUEST_0040_HEX = "ff 09 14 00 03 00 0f 00 40 a1 01 22 fe 05 03 61 51 f2 68 7e"
STATUS_REQUEST_0100_HEX = "ff 09 18 00 03 00 0f 01 00 a1 01 22 a2 02 04 01 fe 05 03 61 51 f2 68 96"
EV_MAX_CURRENT_HEX = "ff 09 19 00 03 00 0f 01 00 a1 01 22 a8 03 02 a0 00 fe 05 03 61 51 f2 68 3b"
SB1_0405_ENVELOPE = (
    '{"head": {"version": "1.0.0.1", "client_id": "CUTUTT17MUSXAJ4R", "sess_id": "6071-1008", '
    '"msg_seq": 5094, "cmd": 16, "cmd_status": 1, "sign_code": 0, "seed": "null", '
    '"timestamp": 1760711007}, "payload": "{\\"data\\": \\"/wkOAAMBDwhXAKEBMjg=\\", '
    '\\"sn\\": \\"CUTUTT17MUSXAJ4R\\", \\"pn\\": \\"A17C0\\"}"}'
)
"""§3.5 device message (a real-time trigger reply)."""


def frame_bytes(hex_text: str) -> bytes:
    """Bytes of a spaced hex text."""
    return bytes.fromhex(hex_text.replace(" ", ""))
