"""激励兑现 pages and API: programs, runs, accounts and their vouchers."""
