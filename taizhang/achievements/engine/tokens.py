"""Chinese text into search tokens: jieba (its search mode: a long word and the words inside
it) with a domain dictionary of technical terms and enterprises' names and short names. The
same cut serves the index and the query, so a term is found however the text around it leads
jieba to cut it."""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Iterable
from functools import lru_cache

import jieba

jieba.setLogLevel(logging.WARNING)

# Strong enough that a dictionary word is kept whole against jieba's own words around it.
WORD_FREQUENCY = 200_000
_WORDLIKE = re.compile(r"[\w\u4e00-\u9fff]")
# What jieba cuts as one block (its own `re_han_default`): the text between is never a token.
_RUNS = re.compile(r"[\u4e00-\u9fd5a-zA-Z0-9+#&._%\-]+")
KEPT_RUNS = 200_000
_STOPWORD_TEXT = (
    "的 了 和 与 及 或 在 对 为 是 将 把 被 等 中 上 下 用 以 于 其 该 一种 一 个 我们 我司 公司 "
    "企业 需要 需求 希望 寻求 寻找 求 想 要 能 能够 可 可以 进行 开展 相关 方面 问题 解决 提升 "
    "提高 实现 基于 通过 采用 方法 技术 研究 应用"
)
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


class Tokenizer:
    """jieba with the given dictionary words added; `digest` names the dictionary, so an index
    built with one dictionary is not read with another."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = tuple(sorted({w.strip() for w in words if len(w.strip()) >= 2}))
        self.digest = hashlib.sha256("\n".join(self.words).encode()).hexdigest()[:16]
        self._jieba = jieba.Tokenizer()
        self._jieba.initialize()
        for word in self.words:
            self._jieba.add_word(word, freq=WORD_FREQUENCY)
        self._lock = threading.Lock()  # jieba's tokenizer is not safe across threads
        self._runs: dict[str, tuple[str, ...]] = {}

    def tokens(self, text: str) -> list[str]:
        """Every token of the text, in order, lower-cased; punctuation and spaces dropped.
        jieba cuts each run of words between punctuation on its own, so each run is cut once
        and kept (a library repeats its phrases and its holders' names)."""
        found: list[str] = []
        for run in _RUNS.findall(text):
            cut = self._runs.get(run)
            if cut is None:
                cut = self._cut(run)
                if len(self._runs) < KEPT_RUNS:
                    self._runs[run] = cut
            found.extend(cut)
        return found

    def _cut(self, run: str) -> tuple[str, ...]:
        with self._lock:
            cut = list(self._jieba.cut_for_search(run))
        return tuple(t.lower() for t in (c.strip() for c in cut) if t and _WORDLIKE.search(t))

    def terms(self, text: str) -> list[str]:
        """The distinct tokens a query or a need asks for, stopwords left out, in order."""
        seen: dict[str, None] = {}
        for token in self.tokens(text):
            if token not in STOPWORDS:
                seen.setdefault(token, None)
        return list(seen)


@lru_cache(maxsize=4)
def tokenizer_for(words: tuple[str, ...]) -> Tokenizer:
    """One tokenizer per dictionary, kept (building one loads jieba's dictionary)."""
    return Tokenizer(words)


def plain_tokenizer() -> Tokenizer:
    """jieba's own dictionary only: what the search would do without ours."""
    return tokenizer_for(())
