"""Tests of the simulator data dynamics and write handlers."""
