"""Plain words for people: plurals, terminal-safe text, spreadsheet-safe cells, tables."""
