"""Chinese names for machines: a pinyin sort key, and the other script of a search text.

Plain functions of text, used by models (the stored sort key) and by searches (Traditional
and Simplified characters folded); nothing here touches the database."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc
from pypinyin import Style, lazy_pinyin

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[a-z0-9]+")
SORT_KEY_LENGTH = 200
# Ends a Latin word in a sort key. Every pinyin syllable ends in its tone digit (1-5), and
# digits sort before letters in every collation the project meets (C, glibc, ICU), so keys
# compare word by word, syllable by syllable, without spaces (which locale collations
# ignore).
_WORD_END = "0"


def has_han(text: str) -> bool:
    return bool(HAN.search(text or ""))


def _latin_words(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(word + _WORD_END for word in _WORD.findall(plain))


def _pinyin(run: str) -> str:
    # Phrase-aware: 重庆 reads chong2 qing4, not zhong4 qing4.
    return "".join(lazy_pinyin(run, style=Style.TONE3, neutral_tone_with_five=True))


def name_sort_key(name: str, name_local: str = "") -> str:
    """The key Chinese readers sort a name by: the pinyin (with tone numbers) of the local
    name when it is written in Chinese characters, else the (English) name, folded to
    lowercase ASCII: 中国科学院 → ``zhong1guo2ke1xue2yuan4``."""
    source = name_local if has_han(name_local) else name
    parts: list[str] = []
    position = 0
    for match in HAN.finditer(source or ""):
        parts.append(_latin_words(source[position : match.start()]))
        parts.append(_pinyin(match.group()))
        position = match.end()
    parts.append(_latin_words((source or "")[position:]))
    return "".join(parts)[:SORT_KEY_LENGTH]


@lru_cache(maxsize=2)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def script_variants(text: str) -> list[str]:
    """``text`` and, if it has Chinese characters, its Simplified and Traditional forms
    (國立臺灣大學 also finds 国立台湾大学); the original first, no repeats."""
    variants = [text]
    if has_han(text):
        for config in ("t2s", "s2t"):
            converted = _converter(config).convert(text)
            if converted not in variants:
                variants.append(converted)
    return variants
