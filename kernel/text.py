"""Names compared loosely: Traditional as Simplified, case and punctuation folded, Chinese
names as pinyin. Used by the press-release intake (matching names it reads to records), by
the search keys of parties and people (one folding for both, so they agree), and for the
pinyin sort keys of Chinese lists and the other script of a search text.

Imports only libraries: every app may use it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import opencc
from pypinyin import Style, lazy_pinyin

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAS_CJK = re.compile(f"[{CJK}]")
# Control characters (C0, DEL, C1): never part of a name someone types.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@lru_cache(maxsize=2)
def _converter(config: str = "t2s") -> opencc.OpenCC:
    """OpenCC's converter: "t2s" (Traditional to Simplified) or "s2t"."""
    return opencc.OpenCC(config)


def has_cjk(text: str) -> bool:
    return _HAS_CJK.search(text) is not None


# Japanese simplified forms (shinjitai) that are neither Traditional nor Simplified Chinese,
# so OpenCC leaves them: "大気物理研究所" is 大气物理研究所. One character for one.
_SHINJITAI = str.maketrans(
    "気暁沢広発図県関駅売鉄楽薬実経総児竜桜歳戦浜稲黒転伝変読価帰権労営覚観"
    "蔵拡囲豊軽験険検剣剤斎巣訳駆窓縦粋酔穏隠徳恵渓継団単弾処奨焼浄剰譲醸壌",
    "气晓泽广发图县关驿卖铁乐药实经总儿龙樱岁战滨稻黑转传变读价归权劳营觉观"
    "藏扩围丰轻验险检剑剂斋巢译驱窗纵粹醉稳隐德惠溪继团单弹处奖烧净剩让酿壤",
)


def to_simplified(text: str) -> str:
    """Traditional characters (and Japanese shinjitai) as Simplified, one character for one so
    offsets hold."""
    text = text.translate(_SHINJITAI)
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    convert = _converter().convert
    return "".join(c if len(c) == 1 else ch for ch, c in ((ch, convert(ch)) for ch in text))


def normalise(text: str) -> str:
    """Simplified and lower-cased, the same length as ``text`` (offsets carry over)."""
    simplified = to_simplified(text)
    lowered = simplified.lower()
    if len(lowered) == len(simplified):
        return lowered
    return "".join(low if len(low) == 1 else ch for ch, low in ((c, c.lower()) for c in simplified))


def fold(text: str) -> str:
    """A name compared loosely: Simplified, case-folded, punctuation and spaces collapsed."""
    simplified = to_simplified(text).casefold().replace("&", " and ")
    simplified = re.sub(r"[\s\-–—_.,'’()（）·•]+", " ", simplified)
    return simplified.strip()


def pinyin_keys(name_local: str) -> list[str]:
    """白春礼 → "bai chunli" and "chunli bai"."""
    syllables = [s for s in lazy_pinyin(name_local) if s.strip()]
    if len(syllables) < 2 or not has_cjk(name_local):
        return []
    family, given = syllables[0], "".join(syllables[1:])
    return [f"{family} {given}", f"{given} {family}"]


def pinyin_of(text: str) -> str:
    """The Chinese characters of ``text`` as toneless pinyin syllables, space-separated; other
    text as it is: 中国科学院 → "zhong guo ke xue yuan"."""
    return " ".join(s.strip() for s in lazy_pinyin(fold(text)) if s.strip())


def person_keys(name: str) -> list[str]:
    """A written person name in both orders, hyphens in given names dropped."""
    key = fold(name)
    if has_cjk(key):
        return [key.replace(" ", "")]
    words = key.split()
    if len(words) < 2:
        return [key]
    keys = [" ".join(words), " ".join(words[1:] + words[:1]), " ".join(words[-1:] + words[:-1])]
    if len(words) == 3:
        keys += [f"{words[0]} {words[1]}{words[2]}", f"{words[1]}{words[2]} {words[0]}"]
    return keys


# Between the names of one search key: not a letter, so no name runs into the next.
KEY_SEPARATOR = " | "


def search_key(
    names: Iterable[str], *, local_names: Iterable[str] = (), person: bool = False
) -> str:
    """One searchable line for a record's names: each folded (Simplified, lower case), then
    the local (Chinese) names as pinyin, spaced and run together: a ``person``'s family name
    apart and in both orders ("bai chunli", "chunli bai", "baichunli"), an institution's
    syllable by syllable ("zhong guo ke xue yuan", "zhongguokexueyuan"). Duplicates are
    dropped; the order is kept so the line is stable."""
    parts: list[str] = []
    for name in names:
        if name and (folded := fold(name)):
            parts.append(folded)
    for name in local_names:
        if not name or not has_cjk(name):
            continue
        parts.append(fold(name))
        for key in (person and pinyin_keys(name)) or [pinyin_of(name)]:
            parts += [key, key.replace(" ", "")]
    return KEY_SEPARATOR.join(dict.fromkeys(p for p in parts if p))


def query_variants(text: str) -> list[str]:
    """What a typed query is looked for as, in a search key: folded, and when it holds
    Chinese characters also as pinyin (白春礼 finds "BAI Chunli" recorded without them)."""
    folded = fold(text)
    if not folded:
        return []
    variants = [folded]
    if has_cjk(folded):
        # As a person's name too: 王伟中 finds "WANG Weizhong", written without characters.
        for key in [pinyin_of(folded), *pinyin_keys(folded)]:
            variants += [key, key.replace(" ", "")]
    else:
        squeezed = folded.replace(" ", "")
        if squeezed != folded:
            variants.append(squeezed)
    return list(dict.fromkeys(v for v in variants if v))


_CJK_RUN = re.compile(f"[{CJK}]+")
_WORD = re.compile(r"[a-z0-9]+")
SORT_KEY_LENGTH = 200
# Ends a Latin word in a sort key. Every pinyin syllable ends in its tone digit (1-5), and
# digits sort before letters in every collation the project meets (C, glibc, ICU), so keys
# compare word by word, syllable by syllable, without spaces (which locale collations
# ignore).
_WORD_END = "0"


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
    source = name_local if has_cjk(name_local or "") else name
    parts: list[str] = []
    position = 0
    for match in _CJK_RUN.finditer(source or ""):
        parts.append(_latin_words(source[position : match.start()]))
        parts.append(_pinyin(match.group()))
        position = match.end()
    parts.append(_latin_words((source or "")[position:]))
    return "".join(parts)[:SORT_KEY_LENGTH]


def script_variants(text: str) -> list[str]:
    """``text`` and, if it has Chinese characters, its Simplified and Traditional forms
    (國立臺灣大學 also finds 国立台湾大学); the original first, no repeats."""
    variants = [text]
    if has_cjk(text):
        for config in ("t2s", "s2t"):
            converted = _converter(config).convert(text)
            if converted not in variants:
                variants.append(converted)
    return variants
