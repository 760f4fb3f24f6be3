"""Tests of the control platforms (switch, select, number, button, datetime)."""
