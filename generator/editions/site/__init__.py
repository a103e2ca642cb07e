"""The document tree -> a MkDocs Material site with a Content-Security-Policy."""
