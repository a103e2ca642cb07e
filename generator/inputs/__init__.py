"""Project files -> checked plain data: YAML with positions, the schema, values, logos, loading."""
