"""Hand-worked expectations on the client's snapshot of every simulator scenario."""
