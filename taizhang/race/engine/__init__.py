"""The race's pure engine: rules in, scores, ranks, completions, warnings and reports out.
No database: it imports only the kernel."""
