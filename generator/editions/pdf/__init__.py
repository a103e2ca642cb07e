"""The document tree -> a tagged PDF with form fields and its identity."""
