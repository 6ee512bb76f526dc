"""The major-project ledger (项目台账): projects, their events (the truth) and projection,
commands, queries, access and sheets."""
