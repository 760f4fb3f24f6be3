"""Tests of the local cloud simulator (solixsim)."""
