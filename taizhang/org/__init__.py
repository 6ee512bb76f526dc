"""The organisation: units (区 → 镇街/平台 → 村社区 → 小区, departments), people, log-ins,
and the one place scope and permission rules live (`access`)."""
