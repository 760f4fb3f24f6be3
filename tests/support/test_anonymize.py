"""The export style of the library anonymizer: same shapes, one mapping, repeatable per seed."""

from __future__ import annotations

import json
import re

from custom_components.anker_solix.solixapi.export import Anonymizer

SITE = "0d9c3a51-7c1e-4a55-9d9e-4f1b0c2d3e4f"
SERIAL = "AZXQ9912KLMN0042"
OTHER = "BQWE7710PLKM0043"
USER = "5e1f00c0ffee0ddba11c0ffee0ddba11c0ffee01"


def sample() -> dict[str, object]:
    """Ids as values, keys, in texts, lists and embedded JSON."""
    return {
        "site_list": [{"site_id": SITE, "site_name": "Müller Home", "ms_type": 1}],
        "devices": {SERIAL: {"device_sn": SERIAL, "owner_user_id": USER}},
        "bt_ble_mac": "A1B2C3D4E5F6",
        "bt_ble_id": "A1:B2:C3:D4:E5:F6",
        "wifi_name": "FritzBox 7590",
        "email": "someone@example.com",
        "auth_token": "abcdefghijklmnop",
        "lat": "52.520008",
        "param_data": json.dumps({"sn": OTHER, "ssid": "FritzBox 7590"}, separators=(",", ":")),
        "connect_infos": {OTHER: True},
        "pcsSns": [OTHER],
        "note": f"device_parm_6_{SITE}",
        "device_name": SERIAL,
        "alias_name": "Balcony",
    }


def test_replacements_keep_the_shapes() -> None:
    """Serials, UUIDs, MACs, SSIDs, e-mails and tokens keep their form (protocol §9.2)."""
    anonymizer = Anonymizer.for_export(seed=7)
    result = anonymizer.anonymize(sample())
    site = result["site_list"][0]
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", site["site_id"]
    )
    assert site["site_name"] == "System 1"
    [serial] = result["devices"]
    assert re.fullmatch(r"[A-Z0-9]{16}", serial)
    assert serial != SERIAL
    assert result["devices"][serial]["device_sn"] == serial == result["device_name"]
    assert re.fullmatch(r"[0-9a-f]{40}", result["devices"][serial]["owner_user_id"])
    assert re.fullmatch(r"[0-9A-F]{12}", result["bt_ble_mac"])
    assert re.fullmatch(r"([0-9A-F]{2}:){5}[0-9A-F]{2}", result["bt_ble_id"])
    assert result["bt_ble_id"].replace(":", "") == result["bt_ble_mac"]
    assert result["wifi_name"] == "wifi-network-1"
    assert result["email"] == "anonymous-1@domain.com"
    assert re.fullmatch(r"[A-Za-z]{16}", result["auth_token"])
    assert re.fullmatch(r"-?\d+\.\d{6}", result["lat"])
    assert result["lat"] != "52.520008"
    assert result["alias_name"] == "Balcony"


def test_one_mapping_everywhere() -> None:
    """Dict keys, lists, texts, file names and embedded JSON use the same replacements."""
    anonymizer = Anonymizer.for_export(seed=1)
    result = anonymizer.anonymize(sample())
    other = anonymizer.mapping[OTHER]
    embedded = json.loads(result["param_data"])
    assert embedded == {"sn": other, "ssid": "wifi-network-1"}
    assert " " not in result["param_data"]
    assert list(result["connect_infos"]) == [other]
    assert result["pcsSns"] == [other]
    assert result["note"] == f"device_parm_6_{anonymizer.mapping[SITE]}"
    assert anonymizer.redact_text(f"scene_{SITE}") == f"scene_{anonymizer.mapping[SITE]}"
    text = json.dumps(result)
    for secret in (SITE, SERIAL, OTHER, USER, "someone@example.com", "FritzBox", "Müller"):
        assert secret not in text


def test_same_seed_same_export_other_seed_other_values() -> None:
    """A seed makes a run repeatable; another seed gives other replacements."""
    first = Anonymizer.for_export(seed="run").anonymize(sample())
    again = Anonymizer.for_export(seed="run").anonymize(sample())
    other = Anonymizer.for_export(seed="other").anonymize(sample())
    assert first == again
    assert first["site_list"] != other["site_list"]


def test_numbers_and_virtual_ids() -> None:
    """Numeric ids keep their digit count; `virtual-<sn>` ids follow the serial's mapping."""
    anonymizer = Anonymizer.for_export(seed=3)
    result = anonymizer.anonymize(
        {"member_id": 123456, "device_sn": SERIAL, "site_id": f"virtual-{SERIAL}", "count": 123456}
    )
    assert 100000 <= result["member_id"] <= 999999
    assert result["member_id"] != 123456
    assert result["count"] == 123456
    assert result["site_id"] == f"virtual-{anonymizer.mapping[SERIAL]}"
