"""项目台账 on the web: the dashboard, the project list and pages, imports, and their API."""
