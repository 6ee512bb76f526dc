"""读报入账 on the web: documents and the facts read from them, for review."""
