"""A project -> every organisation's outputs: plan, fingerprint, pool, lock check, preview."""
