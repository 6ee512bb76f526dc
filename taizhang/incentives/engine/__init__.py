"""The pure incentives engine: `programfile.load_program` reads a program, `savings.run_program`
computes its claims and rewards from bills, `sharing` divides a capped pool, `demand` pays
demand-response events, `checks` finds duplicate bills and gaps. No database, no settings, no
clock: the caller passes the bills and the day vouchers are issued."""
