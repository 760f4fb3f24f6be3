"""Tests of the poller, the cache builders and the derivation rules."""
