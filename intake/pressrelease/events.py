"""How a release groups its signings: summary sentences, ceremonies, and agreements told one
after another ("The first, a framework agreement between A and B, ...; the second ...")."""

from __future__ import annotations

import re

from . import rules
from .dates import Reference, find_dates
from .text import Span

# How far into a sentence an agreement introduced by its parties may start ("Le deuxième est
# une lettre d'intention entre ...": the agreement is what the sentence is about).
INTRODUCED_WITHIN = 45
# How far after the agreement's noun "between" may come ("an agreement on X between").
BETWEEN_WITHIN = 30


def reports_signing(normalised: str, span: Span) -> bool:
    """The sentence says something was signed (not to be signed, not unsigned)."""
    for verb in rules.SIGNED.finditer(normalised, span.start, span.end):
        before = normalised[max(span.start, verb.start() - 40) : verb.start()]
        window = normalised[max(span.start, verb.start() - 12) : verb.end() + 12]
        if (
            rules.BE_SIGNED.search(before)
            or rules.SINCE_SIGNING.search(before)
            or rules.AFTER_SIGNING.match(normalised, verb.end(), span.end)
        ):
            continue
        if not rules.NOT_YET.search(before) or rules.SIGNED_BACK.search(window):
            return True
    return False


# How far from the verb a date says when that signing was (characters).
DATE_REACH = 50


def recalled(normalised: str, span: Span, verb: re.Match[str], reference: Reference) -> bool:
    """The signing at ``verb`` is one the release recalls ("the two academies first
    concluded the memorandum in 2019", "2019年签署的协议", "两校自2014年首度签署"), not one it
    reports: an "earlier" word before the verb, or the date nearest the verb a year (only)
    well before the release's."""
    if rules.EARLIER_SIGNING.search(normalised, max(span.start, verb.start() - 12), verb.start()):
        return True
    if reference.year is None:
        return False
    hits = [
        hit
        for hit in find_dates(normalised, span.start, span.end, reference)
        if hit.value is not None
        and min(abs(hit.start - verb.end()), abs(verb.start() - hit.end)) <= DATE_REACH
    ]
    if not hits:
        return False
    nearest = min(
        hits, key=lambda hit: min(abs(hit.start - verb.end()), abs(verb.start() - hit.end))
    )
    assert nearest.value is not None
    return (
        nearest.value.precision == "year"
        and nearest.value.start.year <= reference.year - rules.PASSING_YEARS
    )


def is_summary(normalised: str, span: Span) -> bool:
    """ "HKUST signed three cooperation documents": several signings in one sentence."""
    return bool(rules.SEVERAL.search(normalised, span.start, span.end)) and reports_signing(
        normalised, span
    )


def is_ceremony(normalised: str, span: Span) -> bool:
    return bool(rules.CEREMONY.search(normalised, span.start, span.end))


def introduced(normalised: str, span: Span) -> int | None:
    """Where the sentence's agreement starts when the sentence introduces it by its parties
    ("A memorandum of understanding between A and B will support ..."), else None."""
    noun = rules.AGREEMENT_NOUN.search(normalised, span.start, span.end)
    if noun is None or noun.start() - span.start > INTRODUCED_WITHIN:
        return None
    if rules.COMMITMENT.search(normalised, span.start, noun.end() + 2):
        return None
    if rules.PENDING.search(normalised, span.start, span.end):
        return None
    if rules.BETWEEN.search(normalised, noun.end(), min(span.end, noun.end() + BETWEEN_WITHIN)):
        return noun.start()
    # "The second, a memorandum with Y, provides ...": one of the agreements announced.
    if rules.ORDINAL_OPENING.match(normalised, span.start) and rules.WITH.search(
        normalised, noun.end(), min(span.end, noun.end() + BETWEEN_WITHIN)
    ):
        return noun.start()
    return None


def segments(normalised: str, span: Span) -> list[Span]:
    """A sentence naming two agreements each between its own parties ("an agreement between
    A and B, as well as a memorandum between C and D") in one piece for each."""
    starts: list[int] = []
    for noun in rules.AGREEMENT_NOUN.finditer(normalised, span.start, span.end):
        after = normalised[noun.end() : min(span.end, noun.end() + BETWEEN_WITHIN)]
        if rules.BETWEEN.search(after) and not (starts and noun.start() - starts[-1] < 40):
            starts.append(noun.start())
    if len(starts) < 2:
        return [span]
    cuts = [span.start, *starts[1:], span.end]
    return [Span(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def paragraph_lead(text: str, spans: list[Span], span: Span) -> list[Span]:
    """The sentences before ``span`` in its paragraph, nearest first."""
    start = text.rfind("\n\n", 0, span.start)
    found = [s for s in spans if start < s.start and s.end <= span.start]
    return list(reversed(found))


def paragraph_rest(text: str, spans: list[Span], span: Span) -> list[Span]:
    """The sentences after ``span`` in its paragraph."""
    end = text.find("\n\n", span.end)
    end = len(text) if end < 0 else end
    return [s for s in spans if s.start >= span.end and s.end <= end]


__all__ = [
    "paragraph_rest",
    "introduced",
    "recalled",
    "is_ceremony",
    "is_summary",
    "paragraph_lead",
    "reports_signing",
    "segments",
]
