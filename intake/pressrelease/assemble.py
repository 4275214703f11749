"""A proposal from the sentences reporting one signing: each fact with its passage."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from kernel.partial_date import PartialDate
from kernel.text import fold

from . import rules
from .dates import Reference, find_dates, find_ranges
from .matching import Known, Registry
from .mentions import Mention
from .people import PersonHit
from .proposal import AgreementProposal, Claim, ProposedParty, ProposedRelation, ProposedSignatory
from .sides import same_party
from .text import Dateline, Span


@dataclass
class Draft:
    """A proposal being assembled from the sentences that report one signing."""

    sentences: list[Span]
    parties: list[Mention]
    kind: str | None
    kind_span: tuple[int, int] | None
    people: list = field(default_factory=list)  # type: ignore[type-arg]
    # Sentences about the signing event this agreement was signed at (nearest first): its
    # date, place and witnesses when the agreement's own sentences do not state them.
    context: list[Span] = field(default_factory=list)
    # The sentences before it, nearest first: a visit "from July 11 to 20" dates a signing
    # during it to the month.
    earlier: list[Span] = field(default_factory=list)
    # Its first sentence and those before it in its paragraph, nearest first.
    lead: list[Span] = field(default_factory=list)
    # Context borrowed from the signing before it "on the same day": its date and place hold,
    # the people at that other ceremony are not this one's witnesses.
    borrowed: list[Span] = field(default_factory=list)


_PARENT_EN = re.compile(
    r"^\s*(?:\(|,)\s*(?:an?|the|one)\s+(?:[\w-]+\s+){0,2}?(?:institute|institution|district|"
    r"subsidiary|branch|unit|member|college|school|campus|part|laboratory|department|agency|"
    r"city|affiliate|centre|center|faculty|body)\s+(?:of|under|affiliated\s+(?:to|with)|within)\s+"
    r"(?:the\s+)?",
    re.IGNORECASE,
)


_VENUE_BEFORE = re.compile(
    r"(?:headquarters|campus|premises|offices|siège|locaux|sede|sitz|zentrale)\s+"
    r"(?:of|du|de|des|de\s+la|del|der|des)?\s*(?:the\s+|l['’])?$",
    re.IGNORECASE,
)
# "signed at KIZ in Kunming": at one of the signing's parties, whose seat is then the place.
_AT_BEFORE = re.compile(r"\b(?:at|à|chez|bei|presso)\s+(?:the\s+|l['’])?$", re.IGNORECASE)


# Between a party's name and "in <city>": nothing, or its abbreviation in brackets.
_SEAT_GAP = re.compile(r"\s?(?:\([^()]{1,12}\)\s?)?")


class _Builder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.proposal = AgreementProposal()

    def claim(self, path: str, start: int, end: int) -> None:
        self.proposal.claims.append(Claim(path, self.text[start:end], start, end))


def assemble(
    text: str,
    normalised: str,
    draft: Draft,
    names: Registry,
    reference: Reference,
    line: Dateline | None,
    mentions: list[Mention],
    *,
    alone: bool,
    earlier: list[tuple[int, PartialDate]] | None = None,
) -> AgreementProposal:
    """The proposal for ``draft``; ``alone`` when it is the only signing in the text;
    ``earlier`` the dates of the signings assembled before it, each with where it is stated."""
    built = _Builder(text)
    proposal = built.proposal
    for index, mention in enumerate(draft.parties):
        proposal.parties.append(_party(built, names, index, mention, mentions))
    if draft.kind and draft.kind_span:
        proposal.kind = draft.kind
        built.claim("kind", *draft.kind_span)
    _title(built, normalised, draft.sentences)
    _date(built, normalised, [*draft.sentences, *draft.context], reference, line, earlier or [])
    if built.proposal.signed_on is None:
        # "次日，一行返回昆明。在……座谈会上，双方签署": the paragraph opens on the day.
        _next_day(built, normalised, draft.lead[1:], earlier or [])
    if built.proposal.signed_on is None:
        _during(built, normalised, draft.earlier, reference)
    # Most specific first: "At Warwick he signed", "in Nairobi", then the place the paragraph
    # opens on ("In Spain, ..."), then the dateline.
    _opening_place(built, draft.lead[:1], mentions)
    if built.proposal.signed_place is None:
        _place(built, normalised, [*draft.sentences, *draft.context], None, mentions, draft.parties)
    if built.proposal.signed_place is None:
        _opening_place(built, draft.lead[1:], mentions)
    if built.proposal.signed_place is None:
        _place(built, normalised, [*draft.sentences, *draft.context], line, mentions, draft.parties)
    _people(built, draft.people, draft.parties, mentions)
    scope = [Span(0, len(text))] if alone else draft.sentences
    taken = [(m.start, m.end) for m in mentions]
    proposal.fields = _terms(built, normalised, scope, names.fields, "fields", taken)
    proposal.regions = _terms(built, normalised, scope, names.regions, "regions", taken)
    _relations(built, normalised, draft.sentences)
    if alone:
        _commitments(built, normalised)
    return proposal


def _party(
    built: _Builder, names: Registry, index: int, mention: Mention, mentions: list[Mention]
) -> ProposedParty:
    text = built.text
    name = text[mention.start : mention.end]
    party = ProposedParty(name=name, party=mention.known.slug if mention.known else None)
    built.claim(f"parties[{index}]", mention.start, mention.end)
    if mention.known is not None:
        return party
    # 中国科学院深圳先进技术研究院: a registry name at the start of an unknown one.
    prefix = _known_prefix(names, name)
    if prefix is not None:
        body, length = prefix
        party.parent, party.parent_name = body.slug, name[:length]
        built.claim(f"parties[{index}].parent", mention.start, mention.end)
        return party
    # "..., an institute of the Chinese Academy of Sciences": the body named after it.
    after = _PARENT_EN.match(text[mention.end : mention.end + 120])
    if after:
        parent_at = mention.end + after.end()
        parent = next((m for m in mentions if m.start == parent_at), None)
        if parent is not None:
            party.parent_name = text[parent.start : parent.end]
            party.parent = parent.known.slug if parent.known else None
            built.claim(f"parties[{index}].parent", mention.start, parent.end)
    return party


def _known_prefix(names: Registry, written: str) -> tuple[Known, int] | None:
    """The longest registry name a Chinese name starts with, and its length."""
    if not re.match(r"[\u4e00-\u9fff]", written):
        return None
    for length in range(len(written) - 2, 1, -1):
        found = names.parties.exact(written[:length])
        if found is not None:
            return found, length
    return None


def _title(built: _Builder, normalised: str, spans: list[Span]) -> None:
    for span in spans:
        for quoted in rules.QUOTED.finditer(built.text, span.start, span.end):
            group = next(i for i in range(1, 5) if quoted.group(i))
            start, end = quoted.start(group), quoted.end(group)
            if not rules.AGREEMENT_NOUN.search(normalised, start, end):
                continue
            local = bool(re.search(r"[\u4e00-\u9fff]", built.text[start:end]))
            path = "title_local" if local else "title"
            if getattr(built.proposal, path) is None:
                setattr(built.proposal, path, built.text[start:end])
                built.claim(path, start, end)
        if built.proposal.title is None:
            match = rules.TITLE_EN.search(built.text, span.start, span.end)
            if match and sum(w[:1].isupper() for w in match.group(1).split()) >= 2:
                built.proposal.title = match.group(1)
                built.claim("title", match.start(1), match.end(1))


def _date(
    built: _Builder,
    normalised: str,
    spans: list[Span],
    reference: Reference,
    line: Dateline | None,
    earlier: list[tuple[int, PartialDate]],
) -> None:
    """The signing date nearest the verb; "the following day" counts from the last of the
    ``earlier`` signings' dates (each with where the text states it) told before it."""
    for span in spans:
        hits = find_dates(normalised, span.start, span.end, reference)
        if line and line.date_span:
            hits = [h for h in hits if not (line.date_span.start <= h.start < line.date_span.end)]
        hits = [
            h
            for h in hits
            if not rules.BEFORE_NOT_SIGNING_DATE.search(normalised[max(0, h.start - 12) : h.start])
        ]
        verb = rules.SIGNED.search(normalised, span.start, span.end)
        at = verb.start() if verb else span.start
        if hits:
            best = min(hits, key=lambda h: abs(h.start - at))
            if best.value is not None:
                built.proposal.signed_on = best.value.isoformat()
                built.claim("signed_on", best.start, best.end)
            return
        if _next_day(built, normalised, [span], earlier):
            return
        today = rules.TODAY.search(normalised, span.start, span.end)
        if today and reference.day is not None:
            built.proposal.signed_on = reference.day.isoformat()
            built.claim("signed_on", today.start(), today.end())
            return


def _next_day(
    built: _Builder, normalised: str, spans: list[Span], earlier: list[tuple[int, PartialDate]]
) -> bool:
    """ "The following day": the day after the last signing dated before the words."""
    for span in spans:
        following = rules.NEXT_DAY.search(normalised, span.start, span.end)
        day_before = [d for at, d in earlier if following and at < following.start()]
        if following and day_before and day_before[-1].precision == "day":
            built.proposal.signed_on = PartialDate(
                day_before[-1].start + dt.timedelta(days=1)
            ).isoformat()
            built.claim("signed_on", following.start(), following.end())
            return True
    return False


def _during(built: _Builder, normalised: str, spans: list[Span], reference: Reference) -> None:
    """A signing the text dates no other way, told after a span of days within one month
    ("visited Spain from July 11 to 20"): that month."""
    for span in spans:
        ranges = [h for h in find_ranges(normalised, span.start, span.end, reference) if h.value]
        if ranges:
            value = ranges[-1].value
            assert value is not None
            built.proposal.signed_on = value.isoformat()
            built.claim("signed_on", ranges[-1].start, ranges[-1].end)
            return


def _opening_place(built: _Builder, spans: list[Span], mentions: list[Mention]) -> None:
    """ "In Spain, Bai ... He witnessed the signing ...": the place the paragraph opens on."""
    for span in spans:
        match = rules.PLACE_OPENING.match(built.text, span.start, span.end)
        if match is None or match.group(1).split()[0].lower() in rules.NOT_PLACES:
            continue
        if any(m.start <= match.start(1) < m.end for m in mentions):
            continue
        built.proposal.signed_place = match.group(1)
        built.claim("signed_place", match.start(1), match.end(1))
        return


def _place(
    built: _Builder,
    normalised: str,
    spans: list[Span],
    line: Dateline | None,
    mentions: list[Mention],
    parties: list[Mention],
) -> None:
    text = built.text
    venue: re.Match[str] | None = None
    for span in spans:
        for match in rules.PLACE_ZH.finditer(normalised, span.start, span.end):
            group = next(g for g in (1, 2, 3, 4) if match.group(g))
            # "在意向书上签字": signed on the document, not somewhere.
            if match.group(group).endswith("上") and rules.AGREEMENT_NOUN.search(
                match.group(group)
            ):
                continue
            # "在侯建国和包志强的共同见证下": in someone's presence, not somewhere.
            if rules.NOT_PLACE_ZH.search(match.group(group)):
                continue
            built.proposal.signed_place = text[match.start(group) : match.end(group)]
            built.claim("signed_place", match.start(group), match.end(group))
            return
        for match in rules.PLACE_RU.finditer(text, span.start, span.end):
            if not any(m.start <= match.start(1) < m.end for m in mentions):
                built.proposal.signed_place = match.group(1)
                built.claim("signed_place", match.start(1), match.end(1))
                return
        for match in rules.PLACE_WHERE.finditer(text, span.start, span.end):
            if match.group(1).split()[0].lower() not in rules.NOT_PLACES and not any(
                m.start <= match.start(1) < m.end for m in mentions
            ):
                built.proposal.signed_place = match.group(1)
                built.claim("signed_place", match.start(1), match.end(1))
                return
        for match in rules.PLACE_EN.finditer(text, span.start, span.end):
            words = match.group(1).split()
            if words[0].lower() in rules.NOT_PLACES:
                continue
            # "in DNA barcoding", "in AI": an acronym is a subject, not a place.
            if len(words) == 1 and re.fullmatch(r"[A-Z]{2,6}", words[0]):
                continue
            if any(m.start <= match.start(1) < m.end for m in mentions):
                continue
            # "an Agreement on Cooperation in Marine Science": the agreement's name; and any
            # name in quotes ("titled “Partnership in Chemical Ecology”").
            if any(
                c.path == "title" and c.start <= match.start(1) < c.end
                for c in built.proposal.claims
            ) or any(
                q.start() <= match.start(1) < q.end()
                for q in rules.QUOTED.finditer(text, span.start, span.end)
            ):
                continue
            # "Tsinghua University in Beijing": where a party is, not where it signed (unless
            # the signing was at its seat: "au siège du CNRS à Paris").
            if any(
                _SEAT_GAP.fullmatch(text, m.end, match.start())
                and not _VENUE_BEFORE.search(text, max(0, m.start - 30), m.start)
                and not (
                    same_party(parties, m, text)
                    and _AT_BEFORE.search(text, max(0, m.start - 12), m.start)
                )
                for m in mentions
            ):
                continue
            if rules.NOT_PLACE_BEFORE.search(text, max(0, match.start() - 40), match.start()):
                continue
            # "na Cidade Universitária, em São Paulo": a city outranks the venue in it; the
            # venue is the place when no city is named.
            if match.group().startswith(("no ", "na ")):
                venue = venue or match
                continue
            built.proposal.signed_place = match.group(1)
            built.claim("signed_place", match.start(1), match.end(1))
            return
        if venue is not None:
            built.proposal.signed_place = venue.group(1)
            built.claim("signed_place", venue.start(1), venue.end(1))
            return
    if line is not None and any(s.start <= line.place_span.start < s.end for s in spans):
        built.proposal.signed_place = line.place
        built.claim("signed_place", line.place_span.start, line.place_span.end)
    elif line is not None and spans:
        built.proposal.signed_place = line.place
        built.claim("signed_place", line.place_span.start, line.place_span.end)


def _people(
    built: _Builder, hits: list[PersonHit], parties: list[Mention], mentions: list[Mention]
) -> None:
    text = built.text
    seen: set[str] = set()
    for hit in hits:
        name = text[hit.start : hit.end]
        key = hit.known.slug if hit.known else fold(name)
        if key in seen:
            continue
        seen.add(key)
        index = len(built.proposal.signatories)
        signatory = ProposedSignatory(
            name=name, role=hit.role, person=hit.known.slug if hit.known else None
        )
        built.claim(f"signatories[{index}]", hit.start, hit.end)
        if hit.title and hit.title_span:
            signatory.title = hit.title
            built.claim(f"signatories[{index}].title", *hit.title_span)
        if hit.party_mention is not None:
            party = hit.party_mention
            signatory.on_behalf_of_name = text[party.start : party.end]
            signatory.on_behalf_of = party.known.slug if party.known else None
            built.claim(f"signatories[{index}].on_behalf_of", party.start, party.end)
        built.proposal.signatories.append(signatory)


def _terms(
    built: _Builder,
    normalised: str,
    spans: list[Span],
    terms: dict[str, Known],
    path: str,
    taken: list[tuple[int, int]],
) -> list[str]:
    found: list[str] = []
    for key, known in terms.items():
        if known.slug in found:
            continue
        pattern = _term_pattern(key)
        for span in spans:
            match = next(
                (
                    m
                    for m in pattern.finditer(normalised, span.start, span.end)
                    if not any(a <= m.start() < b for a, b in taken)
                ),
                None,
            )
            if match:
                built.claim(f"{path}[{len(found)}]", match.start(), match.end())
                found.append(known.slug)
                break
    return found


def _term_pattern(key: str) -> re.Pattern[str]:
    if re.search(r"[\u4e00-\u9fff]", key):
        return re.compile(re.escape(key.replace(" ", "")))
    words = [re.escape(w) for w in key.split()]
    return re.compile(r"(?<![\w])" + r"[\W_]+".join(words) + r"(?![\w])")


def _relations(built: _Builder, normalised: str, spans: list[Span]) -> None:
    for span in spans:
        for kind, pattern in rules.RELATIONS:
            if pattern.search(normalised, span.start, span.end):
                note = built.text[span.start : span.end]
                built.proposal.relations.append(ProposedRelation(kind, note))
                built.claim(f"relations[{len(built.proposal.relations) - 1}]", span.start, span.end)
                return


def _commitments(built: _Builder, normalised: str) -> None:
    from .text import sentences

    for span in sentences(built.text):
        if rules.COMMITMENT.search(normalised, span.start, span.end):
            index = len(built.proposal.commitments)
            built.proposal.commitments.append(built.text[span.start : span.end][:500])
            built.claim(f"commitments[{index}]", span.start, span.end)


__all__: list[Any] = ["assemble"]
