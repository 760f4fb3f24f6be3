"""The anonymizer: consistent placeholders for ids as values, keys, in texts and embedded JSON."""

from __future__ import annotations

import json

from custom_components.anker_solix.redact import REDACTED, Anonymizer

SITE = "0d9c3a51-7c1e-4a55-9d9e-4f1b0c2d3e4f"
SERIAL = "AZXQ9912KLMN0042"
OTHER_SERIAL = "BQWE7710PLKM0043"
USER = "5e1f00c0ffee0ddba11c0ffee0ddba11c0ffee01"


def sample() -> dict[str, object]:
    """A cache-shaped structure with ids in every place they occur."""
    return {
        "sites": {SITE: {"site_id": SITE, "site_info": {"site_name": "Home", "lat": "52.5"}}},
        "devices": {
            SERIAL: {
                "device_sn": SERIAL,
                "site_id": SITE,
                "owner_user_id": USER,
                "wifi_name": "MyWifi",
                "wifi_mac": "A1B2C3D4E5F6",
                "alias": "",
                "param_data": json.dumps({"sn": OTHER_SERIAL, "ssid": "x", "power": 5}),
                "note": f"device_parm_6_{SITE} by someone@example.com",
                "main_sn": SERIAL,
            },
        },
        "account": {"email": "someone@example.com", "vehicles": {"veh-123456": {"id": 7}}},
    }


def test_ids_become_consistent_placeholders_everywhere() -> None:
    """The same id gets the same placeholder as key, value, in texts and in embedded JSON."""
    result = Anonymizer().anonymize(sample())
    device = result["devices"]["**REDACTED_DEVICE_1**"]
    assert list(result["sites"]) == ["**REDACTED_SITE_1**"]
    assert result["sites"]["**REDACTED_SITE_1**"]["site_id"] == "**REDACTED_SITE_1**"
    assert device["device_sn"] == device["main_sn"] == "**REDACTED_DEVICE_1**"
    assert device["site_id"] == "**REDACTED_SITE_1**"
    assert device["owner_user_id"] == "**REDACTED_USER_1**"
    assert device["note"] == f"device_parm_6_**REDACTED_SITE_1** by {REDACTED}"
    embedded = json.loads(device["param_data"])
    assert embedded == {"sn": "**REDACTED_DEVICE_2**", "ssid": REDACTED, "power": 5}
    assert list(result["account"]["vehicles"]) == ["**REDACTED_VEHICLE_1**"]


def test_secrets_are_blanked_and_empty_values_kept() -> None:
    """Personal values become REDACTED; empty ones stay empty (they tell nothing)."""
    result = Anonymizer().anonymize(sample())
    device = result["devices"]["**REDACTED_DEVICE_1**"]
    assert device["wifi_name"] == device["wifi_mac"] == REDACTED
    assert device["alias"] == ""
    assert result["sites"]["**REDACTED_SITE_1**"]["site_info"] == {
        "site_name": REDACTED,
        "lat": REDACTED,
    }
    assert result["account"]["email"] == REDACTED
    text = json.dumps(result)
    for secret in (SITE, SERIAL, OTHER_SERIAL, USER, "someone@example.com", "MyWifi"):
        assert secret not in text


def test_registered_ids_and_numeric_ids() -> None:
    """Ids registered up front keep their kind; numeric id values are replaced too."""
    anonymizer = Anonymizer()
    anonymizer.add_id(USER, "USER")
    anonymizer.add_id(None, "USER")
    result = anonymizer.anonymize({"unique_id": USER, "member_id": 123456, "flag": True})
    assert result == {
        "unique_id": "**REDACTED_USER_1**",
        "member_id": "**REDACTED_MEMBER_1**",
        "flag": True,
    }
    assert USER in anonymizer
    assert anonymizer.redact("[not json") == "[not json"
    assert anonymizer.redact(("a", 1)) == ["a", 1]
