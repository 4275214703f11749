"""Dates as a text states them, at the precision it supports, never guessed.

A month and day without a year take the year of the reference date (the dateline's or the
publication's), the year before when that would put them after it; a weekday is the most
recent such day on or before the reference; "yesterday" is the day before a dateline's day
and "昨（7）日" the 7th on or before the reference. Without a reference they stay unknown.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kernel.partial_date import PartialDate, Precision

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "january jan janvier enero janeiro januar gennaio января январь",
        "february feb février fevrier febrero fevereiro februar febbraio февраля февраль",
        "march mar mars marzo março marco märz maerz марта март",
        "april apr avril abril aprile апреля апрель",
        "may mai mayo maio maggio мая май",
        "june jun juin junio junho juni giugno июня июнь",
        "july jul juillet julio julho juli luglio июля июль",
        "august aug août aout agosto августа август",
        "september sep sept septembre septiembre setiembre setembro settembre сентября сентябрь",
        "october oct octobre octubre outubro oktober ottobre октября октябрь",
        "november nov novembre noviembre novembro ноября ноябрь",
        "december dec décembre decembre diciembre dezembro dezember dicembre декабря декабрь",
    ],
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

WEEKDAYS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "monday lundi lunes segunda-feira montag lunedì 周一 星期一 礼拜一 понедельник",
        "tuesday mardi martes terça-feira dienstag martedì 周二 星期二 礼拜二 вторник",
        "wednesday mercredi miércoles quarta-feira mittwoch mercoledì 周三 星期三 礼拜三 "
        "среду среда",
        "thursday jeudi jueves quinta-feira donnerstag giovedì 周四 星期四 礼拜四 четверг",
        "friday vendredi viernes sexta-feira freitag venerdì 周五 星期五 礼拜五 пятницу пятница",
        "saturday samedi sábado samstag sabato 周六 星期六 礼拜六 субботу суббота",
        "sunday dimanche domingo sonntag domenica 周日 星期日 星期天 礼拜天 周天 воскресенье",
    ]
):
    for _name in _names.split():
        WEEKDAYS[_name] = _number

# A month name is a whole word: "in Marine Science" holds "mar" but names no month.
_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")(?![^\W\d_])\.?"
_WEEKDAY = "(" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + ")"
_ORD = r"(?:st|nd|rd|th|er|º|°)?"
_W = r"(?<![\w])"  # a word start (Latin); CJK patterns need none

# A span of days within one month ("from July 11 to 20", "1月28日至29日", "du 3 au 5 mai"):
# something done during it is dated to the month. Groups: month name or number, year.
RANGES: list[tuple[str, re.Pattern[str]]] = [
    (
        "range_md",
        re.compile(
            _W
            + _MONTH
            + r"\s+\d{1,2}"
            + _ORD
            + r"\s*(?:-|–|to|until|through)\s*\d{1,2}"
            + _ORD
            + r"(?:,?\s*(\d{4}))?(?![\d:])"
        ),
    ),
    (
        "range_dm",
        re.compile(
            _W + r"\d{1,2}" + _ORD + r"\.?\s*"
            r"(?:-|–|to|au|al|bis(?:\s+zum)?)\s*\d{1,2}"
            + _ORD
            + r"\.?\s+(?:de\s+|of\s+)?"
            + _MONTH
            + r"(?:,?\s+(?:de\s+|del\s+)?(\d{4}))?(?![\w])"
        ),
    ),
    (
        "range_zh",
        re.compile(
            r"(?<!\d)(\d{1,2})\s*月\s*\d{1,2}\s*[日号]\s*(?:至|到|-|—|~|－)\s*\d{1,2}\s*[日号]()"
        ),
    ),
]

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    *RANGES,
    ("ymd", re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")),
    ("ymd", re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")),
    # The Republic of China (Minguo) calendar: year 1 is 1912.
    ("roc_ymd", re.compile(r"民[国國]\s*(\d{1,3})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")),
    ("roc_ym", re.compile(r"民[国國]\s*(\d{1,3})\s*年\s*(\d{1,2})\s*月(?!\s*\d)")),
    ("roc_y", re.compile(r"民[国國]\s*(\d{1,3})\s*年(?!\s*\d)")),
    # A part of a month ("6月中旬", "3月初", "2024年6月下旬"): the month, no day.
    ("m_zh", re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(?:上旬|中旬|下旬|初|底|末|份)")),
    # "今年3月": a month of the year the text is written in.
    ("m_zh", re.compile(r"(?:今年|本年)\s*(\d{1,2})\s*月(?!\s*\d)")),
    ("md", re.compile(r"(?<!\d)(?<!年)(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")),
    ("ym", re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?!\s*\d)")),
    ("y", re.compile(r"(\d{4})\s*年(?!\s*\d)")),
    ("mdy", re.compile(_W + _MONTH + r"\s+(\d{1,2})" + _ORD + r"(?:,?\s*(\d{4}))?(?![\d:])")),
    (
        "dmy",
        re.compile(
            _W
            + r"(\d{1,2})"
            + _ORD
            + r"\.?\s+(?:de\s+|of\s+)?"
            + _MONTH
            + r"(?:,?\s+(?:de\s+|del\s+)?(\d{4}))?(?![\w])"
        ),
    ),
    ("my", re.compile(_W + _MONTH + r",?\s+(?:de\s+|of\s+)?(\d{4})(?!\d)")),
    ("y", re.compile(r"(?:\b(?:in|en|em|im|year|of|в)\s+)(\d{4})(?!\d)")),
    (
        "m",
        re.compile(
            r"(?:\b(?:in|during|early|late|en|em|im|de)\s+|\bmid-\s*)" + _MONTH + r"(?![\w.]*\s*\d)"
        ),
    ),
    # "yesterday", "昨天": the day before the reference day.
    ("yesterday", re.compile(r"\byesterday\b|昨天|昨日|\bayer\b|\bontem\b|\bgestern\b|\bieri\b")),
    # "昨（7）日", "今(12)日": a Taiwanese paper's day of the month beside "yesterday"/"today".
    ("day_zh", re.compile(r"[昨今前]\s*[（(]\s*(\d{1,2})\s*[）)]\s*日")),
    (
        "weekday",
        re.compile(_W + _WEEKDAY + r"(?![\w])|(周[一二三四五六日天]|星期[一二三四五六日天])"),
    ),
]


@dataclass(frozen=True)
class DateHit:
    start: int
    end: int
    value: PartialDate | None


def _safe(year: int, month: int, day: int | None = None) -> PartialDate | None:
    try:
        if day is None:
            return PartialDate(dt.date(year, month, 1), Precision.MONTH)
        return PartialDate(dt.date(year, month, day))
    except ValueError:
        return None


@dataclass(frozen=True)
class Reference:
    """What a date without a year counts from: a day (dateline, publication) or a year."""

    day: dt.date | None = None
    year: int | None = None
    # "Yesterday" counts from a dateline's day only: a release may be published days after
    # it was written, and the word alone carries no number to check against.
    dateline: bool = False


def _month_day(month: int, day: int, reference: Reference) -> PartialDate | None:
    if reference.day is not None:
        value = _safe(reference.day.year, month, day)
        if value is not None and value.start > reference.day:
            value = _safe(reference.day.year - 1, month, day)
        return value
    return _safe(reference.year, month, day) if reference.year else None


def _value(kind: str, groups: tuple[str | None, ...], reference: Reference) -> PartialDate | None:
    if kind.startswith("roc_"):
        return _roc(kind, groups)
    if kind == "m_zh":
        return _month_of(int(groups[0] or 0), reference) if 1 <= int(groups[0] or 0) <= 12 else None
    if kind == "ymd":
        return _safe(int(groups[0] or 0), int(groups[1] or 0), int(groups[2] or 0))
    if kind == "md":
        return _month_day(int(groups[0] or 0), int(groups[1] or 0), reference)
    if kind == "ym":
        return _safe(int(groups[0] or 0), int(groups[1] or 0))
    if kind == "y":
        year = int(groups[0] or 0)
        return PartialDate(dt.date(year, 1, 1), Precision.YEAR) if 1900 <= year <= 2100 else None
    if kind in ("mdy", "dmy"):
        month_name, day = (groups[0], groups[1]) if kind == "mdy" else (groups[1], groups[0])
        month = MONTHS[(month_name or "").lower()]
        if groups[2]:
            return _safe(int(groups[2]), month, int(day or 0))
        return _month_day(month, int(day or 0), reference)
    if kind.startswith("range"):
        name = groups[0] or "0"
        month = int(name) if kind == "range_zh" else MONTHS[name.lower()]
        if groups[1]:
            return _safe(int(groups[1]), month)
        return _month_of(month, reference)
    if kind == "m":
        month = MONTHS[(groups[0] or "").lower()]
        if reference.day is not None:
            year = reference.day.year - (month > reference.day.month)
            return _safe(year, month)
        return _safe(reference.year, month) if reference.year else None
    if kind == "my":
        return _safe(int(groups[1] or 0), MONTHS[(groups[0] or "").lower()])
    if kind == "yesterday":
        if reference.day is None or not reference.dateline:
            return None
        return PartialDate(reference.day - dt.timedelta(days=1))
    if kind == "day_zh":
        return _day_of_month(int(groups[0] or 0), reference)
    if kind == "weekday":
        if reference.day is None:
            return None
        weekday = WEEKDAYS[(groups[0] or groups[1] or "").lower()]
        back = (reference.day.weekday() - weekday) % 7
        return PartialDate(reference.day - dt.timedelta(days=back))
    return None


def _roc(kind: str, groups: tuple[str | None, ...]) -> PartialDate | None:
    year = int(groups[0] or 0) + 1911
    if not 1912 <= year <= 2100:
        return None
    if kind == "roc_y":
        return PartialDate(dt.date(year, 1, 1), Precision.YEAR)
    if kind == "roc_ym":
        return _safe(year, int(groups[1] or 0))
    return _safe(year, int(groups[1] or 0), int(groups[2] or 0))


def _day_of_month(day: int, reference: Reference) -> PartialDate | None:
    """Day ``day`` of the reference day's month, or of the month before when that is later."""
    if reference.day is None:
        return None
    value = _safe(reference.day.year, reference.day.month, day)
    if value is None or value.start > reference.day:
        previous = reference.day.replace(day=1) - dt.timedelta(days=1)
        value = _safe(previous.year, previous.month, day)
    return value


def _month_of(month: int, reference: Reference) -> PartialDate | None:
    if reference.day is not None:
        return _safe(reference.day.year - (month > reference.day.month), month)
    return _safe(reference.year, month) if reference.year else None


def find_ranges(normalised: str, start: int, end: int, reference: Reference) -> list[DateHit]:
    """Spans of days within one month, as that month."""
    return [
        hit
        for hit in find_dates(normalised, start, end, reference)
        if any(p.fullmatch(normalised, hit.start, hit.end) for _, p in RANGES)
    ]


def find_dates(normalised: str, start: int, end: int, reference: Reference) -> list[DateHit]:
    """Dates stated between ``start`` and ``end``, the longest reading of each passage."""
    hits: list[tuple[int, int, str, tuple[str | None, ...]]] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(normalised, start, end):
            hits.append((match.start(), match.end(), kind, match.groups()))
    hits.sort(key=lambda hit: (hit[0], -(hit[1] - hit[0])))
    kept: list[DateHit] = []
    last_end = -1
    for hit_start, hit_end, kind, groups in hits:
        if hit_start < last_end:
            continue
        kept.append(DateHit(hit_start, hit_end, _value(kind, groups, reference)))
        last_end = hit_end
    return kept


def reference_of(
    normalised: str, dateline_date: tuple[int, int] | None, published_on: PartialDate | None
) -> Reference:
    """The dateline's day when it states one (its year from the publication), else the
    publication's day, else the publication's year."""
    year = published_on.start.year if published_on else None
    day = published_on.start if published_on and published_on.precision == "day" else None
    if dateline_date is not None:
        hits = find_dates(normalised, dateline_date[0], dateline_date[1], Reference(day, year))
        if hits and hits[0].value is not None and hits[0].value.precision == "day":
            return Reference(hits[0].value.start, hits[0].value.start.year, dateline=True)
    return Reference(day, year)
