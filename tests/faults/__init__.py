"""Fault matrix: every endpoint the integration calls x every error kind (issue 17)."""
