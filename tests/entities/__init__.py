"""Tests of the sensor and binary_sensor platforms."""
