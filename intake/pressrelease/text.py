"""Normalised text with the submitted text's offsets, sentences and the dateline."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kernel.text import CJK

# Abbreviations whose full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st no co ltd inc corp jan feb mar apr jun jul aug sep sept oct nov dec "
    "gen gov sen rep jr sr vs etc e.g i.e u.s u.k u.n dept univ h.e amb".split()
)
_SENTENCE_END = re.compile(r"[。！？；!?]+|\.(?=[\s\"'”’)\]]|$)|\n\s*")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def sentences(text: str) -> list[Span]:
    """Sentence spans; a full stop after a known abbreviation or an initial does not end one."""
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.group().startswith("."):
            word = re.search(r"([\w.]+)$", text[start : match.start()])
            token = word.group(1).lower() if word else ""
            if token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
            # "am 9. August 2019": a German day number, not a sentence's end.
            following = re.match(r"\s+(\w+)", text[match.end() :])
            if token.isdigit() and len(token) <= 2 and following:
                from .dates import MONTHS

                if following.group(1).lower() in MONTHS:
                    continue
        end = match.end() if not match.group().isspace() else match.start()
        _add(text, spans, start, end)
        start = match.end()
    _add(text, spans, start, len(text))
    return spans


def _add(text: str, spans: list[Span], start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end))


def headline(text: str) -> Span | None:
    """The title line: the first line, without a closing full stop, set apart by a blank line."""
    match = re.match(r"\s*([^\n]{4,200}?)[ \t]*\n[ \t]*\n", text)
    if match is None or re.search(r"[.。!?！？]$", match.group(1)):
        return None
    return Span(match.start(1), match.end(1))


@dataclass(frozen=True)
class Dateline:
    place: str
    place_span: Span
    date_span: Span | None


_DATELINE_EN = re.compile(
    r"^\s*([A-Z][A-Z .'’-]{2,40}?)(?:,\s*[A-Z][A-Za-z .]{1,20})?,\s*"
    # The date month first ("Sept. 2") or day first ("12 June 2024").
    r"([A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{4})?)?"
    r"\s*(?:\([A-Za-z .]+\)\s*)?(?:--|—|–|-)",
    re.MULTILINE,
)
_DATELINE_ZH = re.compile(rf"新华社([{CJK}]{{2,6}}?)(\d{{1,2}}月\d{{1,2}}日)电")


def dateline(text: str, normalised: str) -> Dateline | None:
    """The agency dateline, "BEIJING, Sept. 2 (Xinhua) --" or "新华社北京9月2日电"."""
    match = _DATELINE_EN.search(text[:2000])
    if match:
        place = match.group(1).strip()
        date_span = Span(match.start(2), match.end(2)) if match.group(2) else None
        return Dateline(place.title(), Span(match.start(1), match.start(1) + len(place)), date_span)
    match = _DATELINE_ZH.search(normalised[:2000])
    if match:
        return Dateline(
            text[match.start(1) : match.end(1)],
            Span(match.start(1), match.end(1)),
            Span(match.start(2), match.end(2)),
        )
    return None
