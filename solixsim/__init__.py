"""Local Anker cloud simulator for tests and development (not shipped to users)."""
