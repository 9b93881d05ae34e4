"""A brief: strict YAML, the typed model, inline markup, schema. Knows nothing of audiences."""
