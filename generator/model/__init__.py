"""Loaded files -> what each organisation publishes: inheritance, resolution, releases, pinning."""
