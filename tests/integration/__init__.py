"""Integration tests: Home Assistant with our real client over loopback to the simulator."""
