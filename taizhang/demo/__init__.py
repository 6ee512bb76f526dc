"""The demo district: a sample 南湖区 ledger for trying taizhang out (`taizhang demo`)."""

from taizhang.demo.build import DemoAccount, DemoSummary, build_demo, holds_demo
from taizhang.demo.data import DEMO_PASSWORD

__all__ = ["DEMO_PASSWORD", "DemoAccount", "DemoSummary", "build_demo", "holds_demo"]
