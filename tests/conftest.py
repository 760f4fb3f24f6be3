"""Shared fixtures: the cloud simulator on loopback and the custom-integration switch."""

from __future__ import annotations

from pathlib import Path

import pytest

import custom_components.anker_solix  # noqa: F401  (the harness must see our package at import time)

REPO = Path(__file__).resolve().parent.parent
SCENARIOS = REPO / "scenarios"


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Load custom_components/ in every Home Assistant test."""
