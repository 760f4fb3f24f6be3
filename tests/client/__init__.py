"""Tests of the client library's transport layer (session, limiter, stats, crypto, stores)."""
