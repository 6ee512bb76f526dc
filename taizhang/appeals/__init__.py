"""诉求: every request registered, tracked and closed in a loop (民情一本账 · 七星服务 · 堵点)."""
