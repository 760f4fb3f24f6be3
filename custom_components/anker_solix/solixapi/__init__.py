"""Async client library for the Anker power cloud (no Home Assistant imports)."""
