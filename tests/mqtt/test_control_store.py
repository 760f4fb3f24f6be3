"""The live value store's unconfirmed marks (issue 15): a commanded value shows at once; a
message carrying it confirms it; other values that arrive meanwhile are kept aside and come back
when the command is given up."""

from __future__ import annotations

from custom_components.anker_solix.solixapi import LiveValue, LiveValueStore

SN = "SN0000000000001"


def test_a_matching_message_confirms() -> None:
    """The expected value arrives: no longer unconfirmed, nothing to restore."""
    store = LiveValueStore()
    store.update(SN, {"ac_out_on": 1}, 100.0)
    store.set_unconfirmed(SN, "ac_out_on", 0, 101.0)
    assert store.get(SN, "ac_out_on") == LiveValue(0, 101.0)
    assert store.unconfirmed(SN) == {"ac_out_on"}
    assert store.snapshot(SN)["unconfirmed"] == ["ac_out_on"]
    store.update(SN, {"ac_out_on": False}, 102.0)  # bools compare as 0/1
    assert not store.is_unconfirmed(SN, "ac_out_on")
    assert store.get(SN, "ac_out_on") == LiveValue(False, 102.0)
    assert store.settle(SN, "ac_out_on") is False


def test_other_values_wait_aside_and_come_back() -> None:
    """A message with the old value does not flip the shown value; giving up restores the
    latest reported value (or removes a value that never was reported)."""
    store = LiveValueStore()
    store.update(SN, {"soc_max_pct": 90, "soc_pct": 50}, 100.0)
    store.set_unconfirmed(SN, "soc_max_pct", 95, 101.0)
    store.set_unconfirmed(SN, "soc_backup_pct", 20, 101.0)
    changed = store.update(SN, {"soc_max_pct": 90, "soc_pct": 51}, 103.0)
    assert changed == {"soc_pct"}
    assert store.get(SN, "soc_max_pct") == LiveValue(95, 101.0)
    assert store.settle(SN, "soc_max_pct") is True
    assert store.get(SN, "soc_max_pct") == LiveValue(90, 103.0)
    assert store.settle(SN, "soc_backup_pct") is True
    assert store.get(SN, "soc_backup_pct") is None
    assert store.unconfirmed(SN) == set()


def test_a_second_command_keeps_the_first_fallback() -> None:
    """Two commands before any confirmation: giving up shows the value before the first."""
    store = LiveValueStore()
    store.update(SN, {"light_mode": 0}, 100.0)
    store.set_unconfirmed(SN, "light_mode", 1, 101.0)
    store.set_unconfirmed(SN, "light_mode", 0, 102.0)
    store.settle(SN, "light_mode")
    assert store.get(SN, "light_mode") == LiveValue(0, 100.0)
