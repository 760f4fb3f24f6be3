"""Library settings controls against the cloud simulator over loopback."""
