"""赛马比拼 on the web: the leaderboard, explanations, targets and reports."""
