"""The pure policy engine: a policy file read into `Policy` (`policyfile`), an enterprise's
figures as a `Profile` (`model`), each condition judged met / not met / unknown with the figure,
its year and its source (`conditions`), and the match of a policy (`matching`). No database."""
