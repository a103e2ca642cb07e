"""The document tree -> a Word file."""
