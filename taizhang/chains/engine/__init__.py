"""The pure chain engine: map files, mapping firms and projects to links with their reasons,
link strength and gaps, 链主 suppliers. No database, no web."""
