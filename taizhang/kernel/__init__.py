"""The shared mechanisms every domain builds on: database, base types, clock, money,
periods, the working-day calendar, rule files, codes, sheets and report documents.
Imports nothing of taizhang."""
