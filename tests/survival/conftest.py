"""Fixtures of the survival tests (damage, failures, hostile input, tampering)."""
