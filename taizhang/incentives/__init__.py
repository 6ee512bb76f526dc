"""激励兑现: incentives paid by rule out of a capped pool — 节能降耗消费券 for households that
save on their electricity bill year on year, and 需求响应 / 移峰填谷 payments for enterprises.

Programs are versioned rule files (`programs/*.toml`, read by `engine.programfile`); `engine/`
is pure (bills and a program in, rewards with their reasons out); `bills` reads the power
company's monthly bills, `columnar` computes a program over millions of rows with Polars (the
same rewards as the engine, to the fen), `payment_sheet` writes the payment office's workbook.
"""
