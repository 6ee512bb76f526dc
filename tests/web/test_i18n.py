"""The words of the interface: every key a template asks for exists, in both languages, and the
English words are English."""

from __future__ import annotations

import re

from taizhang.web.i18n import MESSAGES, translate
from taizhang.web.rendering import TEMPLATES_DIR

CJK = re.compile(r"[\u3400-\u9fff]")
KEY = re.compile(r"""\bt\(\s*["']([a-z_]+)["']\s*[,)]""")


def test_every_key_a_template_uses_is_translated() -> None:
    used = {key for page in TEMPLATES_DIR.rglob("*.html") for key in KEY.findall(page.read_text())}
    assert used and sorted(used - set(MESSAGES)) == []


def test_every_english_text_is_english() -> None:
    # "language" is the switch back to Chinese, so it says 中文 on an English page.
    chinese = [key for key, (_, en) in MESSAGES.items() if CJK.search(en) and key != "language"]
    assert chinese == []


def test_every_key_has_both_languages() -> None:
    assert [key for key, (zh, en) in MESSAGES.items() if not zh or en is None] == []


def test_the_app_name_carries_the_district() -> None:
    assert translate("app_name", "zh", district="某区") == "某区项目台账"
    assert translate("app_name", "en", district="某区") == "某区 Project Ledger"
