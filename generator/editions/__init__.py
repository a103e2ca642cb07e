"""The document tree -> the three editions: site, PDF and Word."""
