"""Tests of the schedule actions."""
