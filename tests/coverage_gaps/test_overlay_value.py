"""`overlay_value`: the public rule of which value to show from a live value and the cloud's."""

from __future__ import annotations

from custom_components.anker_solix.solixapi import overlay_value

NOW = 1_749_038_400.0


def test_fresh_live_value_wins() -> None:
    """A live value at most `max_age` old is shown over the cloud value."""
    assert overlay_value((55, NOW - 30), 40, NOW, max_age=60) == 55
    assert overlay_value((55, NOW - 60), 40, NOW, max_age=60) == 55


def test_stale_live_value_gives_way_to_the_cloud() -> None:
    """An older live value yields to the cloud value, unless the cloud has none."""
    assert overlay_value((55, NOW - 61), 40, NOW, max_age=60) == 40
    assert overlay_value((55, NOW - 3600), None, NOW, max_age=60) == 55


def test_without_a_live_value_the_cloud_value_is_shown() -> None:
    """No live value: the cloud value (also when that is None)."""
    assert overlay_value(None, 40, NOW, max_age=60) == 40
    assert overlay_value(None, None, NOW, max_age=60) is None
