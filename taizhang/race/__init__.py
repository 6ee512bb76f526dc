"""赛马比拼: targets, points, rankings and the reporting cadence, computed from the ledger."""
