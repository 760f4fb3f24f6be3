"""Tests of the schedule model, algorithms and operations."""
