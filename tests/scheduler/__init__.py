"""Tests of the poll scheduler and the simulator's bench command."""
