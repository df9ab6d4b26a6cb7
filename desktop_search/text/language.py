"""Tell Chinese text from English text, cheaply, per chunk and per query.

The app serves people who keep Chinese and English documents side by side; which
vector spaces a chunk goes to, and how keyword evidence is weighed in fusion,
depend on the language. A script count is enough to separate these two and is
fast enough to run on every chunk.
"""

from __future__ import annotations

import re
from typing import Literal

Language = Literal["zh", "en"]

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def cjk_count(text: str) -> int:
    """Number of Han characters in ``text``."""
    return len(_CJK.findall(text))


def detect_language(text: str) -> Language:
    """'zh' when Han characters carry a real share of the text, else 'en'.

    One Han character is worth about one English word, so compare Han characters
    with Latin words: a Chinese sentence quoting "FAISS" stays Chinese, an English
    page with one 中文 example stays English.
    """
    han = cjk_count(text)
    if han == 0:
        return "en"
    words = len(_LATIN_WORD.findall(text))
    return "zh" if han >= 0.5 * words else "en"
