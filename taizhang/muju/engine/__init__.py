"""The pure 亩均 engine: `schemefile.load_scheme` reads a scheme, `evaluate.evaluate` applies it.
No database, no settings, no clock: the caller passes the figures and the reference date."""
