"""From a press release to draft agreements: one per signing it reports, each fact cited."""

from __future__ import annotations

import datetime as dt
import re

from kernel.partial_date import PartialDate
from kernel.text import fold, normalise

from . import events, rules, sides
from .assemble import Draft, assemble
from .dates import Reference, reference_of
from .matching import Registry, registry
from .mentions import (
    Mention,
    known_mentions,
    merge,
    org_mentions,
    without_venues,
)
from .people import ANY_CUE, people_in
from .proposal import AgreementProposal
from .text import Span, dateline, headline, sentences


def propose(
    *,
    text: str,
    url: str | None = None,
    publisher: str | None = None,
    published_on: PartialDate | dt.date | None = None,
    language: str | None = None,
) -> list[AgreementProposal]:
    """Draft agreements for each signing ``text`` reports; facts cite their passages."""
    published = PartialDate.coerce(published_on)
    normalised = normalise(text)
    names = registry()
    spans = sentences(text)
    line = dateline(text, normalised)
    reference = reference_of(
        normalised,
        (line.date_span.start, line.date_span.end) if line and line.date_span else None,
        published,
    )
    known = known_mentions(normalised, names.parties)
    others = org_mentions(text, normalised, 0, len(text))
    # Names the registry does not hold as written may still be one of its names, misspelt.
    others = [
        Mention(m.start, m.end, names.party(text[m.start : m.end]), m.abbreviation)
        for m in (_without_possessor(text, m, names) for m in others)
    ]
    mentions = sides.known_by_abbreviation(text, merge(normalised, known, others, text), names)
    mentions = without_venues(normalised, mentions)
    abbreviations = sides.abbreviations(text, mentions)
    drafts: list[Draft] = []

    def take(span: Span, verb: int) -> None:
        parties = sides.choose(text, normalised, span, verb, mentions, abbreviations, publisher)
        if len(parties) == 1:
            # "X signed two agreements ... The second, an MoU with Y, ...": the subject of the
            # sentence announcing several signings is a party to each.
            parties = [
                m for m in _announced_by(span) if not sides.same_party(parties, m, text)
            ] + parties
        kind, kind_span = _kind(normalised, span)
        bodies: list[Mention] = []
        if not parties:
            bodies = sides.affiliations(text, span, mentions)
            signers = sides.signers_bodies(text, span, verb, mentions)
            if signers and not any(
                sides.same_party(d.parties, s, text) for d in drafts for s in signers
            ):
                # "Bai and Sergeev, President of RAS, signed": the bodies they head, when
                # none is already a party to a signing told (else it retells that one).
                parties = bodies + [b for b in signers if not sides.same_party(bodies, b, text)]
                parties = parties if len(parties) >= 2 else []
            elif len(bodies) >= 2 and not any(
                sides.same_party(d.parties, b, text) for d in drafts for b in bodies
            ):
                # "A's director X and Y, head of B, put pen to paper on ...": the bodies they
                # speak for, when neither is a party to a signing told (else it retells it).
                parties = bodies
        target = _same_signing(drafts, parties, kind, text, normalised)
        last = drafts[-1] if drafts else None
        if (
            target is None
            and last is not None
            and rules.ANAPHORIC.match(normalised, span.start, span.end)
            and (kind is None or last.kind is None or kind == last.kind)
        ):
            # "备忘录由植微所所长……签署", "The agreement was signed by ...": the signing just
            # told, whatever short forms the sentence names its parties by.
            target = last
            if len(last.parties) >= 2:
                parties = []
        if target is None:
            if not parties:
                if len(bodies) >= 2:
                    parties = bodies
                elif bodies or rules.BOTH_SIDES.search(normalised, span.start, span.end):
                    parties = sides.earlier_parties(text, span, mentions)
            drafts.append(Draft([span], parties, kind, kind_span))
        else:
            target.sentences.append(span)
            target.parties += [p for p in parties if not sides.same_party(target.parties, p, text)]
            if target.kind is None:
                target.kind, target.kind_span = kind, kind_span

    def _announced_by(span: Span) -> list[Mention]:
        summary = next((s for s in reversed(summaries) if s.end <= span.start), None)
        verb = _signing_verb(screened, summary, reference) if summary else None
        if summary is None or verb is None:
            return []
        subject = sides.choose(text, normalised, summary, verb, mentions, abbreviations)
        return [m for m in subject[:1] if m.start < verb]

    # A headline sums up the release, and so does a sentence reporting several signings:
    # they stand for a signing only when no other sentence reports one.
    title = headline(text)
    body = [s for s in spans if title is None or s.start >= title.end]
    # Names are masked where the text is read for "signed" and "not yet": "人与生物圈计划秘书处"
    # holds 计划 (plan) but plans nothing.
    screened = _masked(normalised, mentions)
    summaries = [s for s in body if events.is_summary(screened, s)]
    signed = False
    for span in body:
        if span in summaries:
            signed = True
            continue
        for index, segment in enumerate(events.segments(normalised, span)):
            verb = _signing_verb(screened, segment, reference)
            if verb is None and (index > 0 or signed):
                # "... as well as a memorandum between C and D"; after a signing, "A framework
                # agreement between A and B sets out ...": one more agreement of that signing.
                verb = events.introduced(normalised, segment)
            if verb is not None:
                take(segment, verb)
                signed = True
        signed = signed or events.reports_signing(screened, span)
    for span in [*summaries, *([title] if title else [])]:
        if not drafts and (verb := _signing_verb(screened, span, reference)) is not None:
            take(span, verb)
    _share_event(text, normalised, spans, summaries, drafts)
    told = {s for d in drafts for s in [*d.sentences, *d.context]}
    for number, span in enumerate(spans):
        if drafts and ANY_CUE.search(normalised, span.start, span.end):
            # "2019年签署的协议执行顺利": who signed a signing recalled in passing is no one's
            # signatory here.
            if (
                span not in told
                and _signing_verb(screened, span) is not None
                and _signing_verb(screened, span, reference) is None
            ):
                continue
            hits = people_in(text, normalised, span.start, span.end, names, mentions)
            # A sentence telling several signings one after another (its clauses joined by
            # semicolons): each signs its own, and the witnesses it names witnessed them all.
            end = span.end
            for following in spans[number + 1 :]:
                if not re.search(r"[；;]\s*$", text[span.start : end]):
                    break
                end = following.end
            parts = [
                d
                for d in drafts
                if any(
                    span.start <= s.start and s.end <= end and (s.start, s.end) != (span.start, end)
                    for s in d.sentences
                )
            ]
            if len(parts) >= 2:
                for hit in hits:
                    if hit.role == "witness":
                        for draft in parts:
                            draft.people.append(hit)
                    else:
                        _owner(parts, Span(hit.start, hit.end)).people.append(hit)
                continue
            shared = [d for d in drafts if span in d.context and span not in d.borrowed]
            if shared:
                for draft in shared:
                    draft.people += [h for h in hits if h.role == "witness"]
                _owner(drafts, span).people += [h for h in hits if h.role != "witness"]
            else:
                _owner(drafts, span).people += hits
    drafts = [draft for draft in drafts if draft.parties]
    proposals: list[AgreementProposal] = []
    for draft in drafts:
        # Where each signing before this one is dated, for "the following day".
        earlier = [
            (claim.start, PartialDate.parse(p.signed_on))
            for p in proposals
            for claim in p.claims
            if claim.path == "signed_on" and p.signed_on
        ]
        proposals.append(
            assemble(
                text,
                normalised,
                draft,
                names,
                reference,
                line,
                mentions,
                alone=len(drafts) == 1,
                earlier=sorted(earlier, key=lambda pair: pair[0]),
            )
        )
    return proposals


def _share_event(
    text: str, normalised: str, spans: list[Span], summaries: list[Span], drafts: list[Draft]
) -> None:
    """Each draft's event context: the summary and ceremony sentences before it that belong to
    no draft (a summary with the sentences leading to it in its paragraph); for a signing "at
    the same ceremony", the previous draft's sentences and context."""
    mine = {s for d in drafts for s in d.sentences}
    frames: list[Span] = []
    for span in spans:
        if span in mine:
            continue
        if span in summaries:
            frames += [span, *events.paragraph_lead(text, spans, span)]
            # The rest of its paragraph tells the same event ("... 出席并共同见证签约").
            frames += [
                s
                for s in events.paragraph_rest(text, spans, span)
                if s not in mine and not _signing_verb(normalised, s)
            ]
        elif events.is_ceremony(normalised, span):
            frames.append(span)
    told: set[Span] = set()  # ceremonies told after an earlier signing: that one's
    for number, draft in enumerate(drafts):
        first = draft.sentences[0]
        before = sorted(
            (s for s in set(frames) if s.end <= first.start and s not in told),
            key=lambda s: -s.start,
        )
        # A ceremony told after the signing and before the next one is this signing's.
        following = drafts[number + 1].sentences[0].start if number + 1 < len(drafts) else None
        after = [
            s
            for s in spans
            if s.start > first.start
            and (following is None or s.start < following)
            and s not in mine
            and events.is_ceremony(normalised, s)
        ]
        draft.context = [*before, *after]
        told.update(after)
        draft.earlier = [s for s in reversed(spans) if s.end <= first.start]
        draft.lead = [first, *events.paragraph_lead(text, spans, first)]
        # "Both signings took place in the presence of ...": every signing's.
        draft.context += [
            s
            for s in spans
            if s not in mine
            and s not in draft.context
            and rules.ALL_SIGNINGS.search(normalised, s.start, s.end)
        ]
        if number and rules.SAME_OCCASION.search(normalised, first.start, first.end):
            previous = drafts[number - 1]
            draft.context = [*previous.sentences, *previous.context, *before]
            if rules.SAME_DAY.search(normalised, first.start, first.end):
                draft.borrowed = [
                    s for s in [*previous.sentences, *previous.context] if s not in before
                ]


_POSSESSOR = re.compile(r"([A-Z][\w-]*)['’]s\s+")


def _without_possessor(text: str, mention: Mention, names: Registry) -> Mention:
    """ "Tsinghua's School of Environment": the unit alone, when its possessor is a body the
    registry's names open with or an acronym (not the "King's" of "King's College")."""
    match = _POSSESSOR.match(text, mention.start, mention.end)
    if match is None:
        return mention
    owner = match.group(1)
    if not (re.fullmatch(r"[A-Z]{2,}", owner) or fold(owner) in names.parties.by_head):
        return mention
    # A possessor the registry holds is a name of its own ("CUHK's Faculty of Medicine"): the
    # names found in the registry decide that unit and body.
    if names.party(owner) is not None:
        return mention
    return Mention(match.end(), mention.end, None, mention.abbreviation)


def _masked(normalised: str, mentions: list[Mention]) -> str:
    """The text with each party name blanked out, offsets unchanged."""
    chars = list(normalised)
    for mention in mentions:
        chars[mention.start : mention.end] = "※" * (mention.end - mention.start)
    return "".join(chars)


def _signing_verb(normalised: str, span: Span, reference: Reference | None = None) -> int | None:
    """Where the sentence says an agreement was signed, or None (no signing, or not yet, or
    one recalled in passing when ``reference`` dates the release)."""
    if not rules.AGREEMENT_NOUN.search(normalised, span.start, span.end):
        return None
    for verb in rules.SIGNED.finditer(normalised, span.start, span.end):
        before = normalised[max(span.start, verb.start() - 40) : verb.start()]
        window = normalised[max(span.start, verb.start() - 12) : verb.end() + 12]
        if (
            rules.BE_SIGNED.search(before)
            or rules.SINCE_SIGNING.search(before)
            or rules.AFTER_SIGNING.match(normalised, verb.end(), span.end)
        ):
            continue
        if reference is not None and events.recalled(normalised, span, verb, reference):
            continue
        if rules.NOT_YET.search(before) and not rules.SIGNED_BACK.search(window):
            continue
        return verb.start()
    return None


def _kind(normalised: str, span: Span) -> tuple[str | None, tuple[int, int] | None]:
    for kind, pattern in rules.KINDS:
        match = pattern.search(normalised, span.start, span.end)
        if match:
            return kind, (match.start(), match.end())
    return None, None


def _same_signing(
    drafts: list[Draft], parties: list[Mention], kind: str | None, text: str, normalised: str
) -> Draft | None:
    """The draft a sentence reports again ("the agreement", the same parties), or None."""
    if not drafts:
        return None
    if not parties:
        return drafts[-1]
    for draft in reversed(drafts):
        compatible = kind is None or draft.kind is None or kind == draft.kind
        common = sum(sides.same_party(draft.parties, p, text) for p in parties)
        mine_in_theirs = common == len(parties)
        theirs_in_mine = all(sides.same_party(parties, p, text) for p in draft.parties)
        if compatible and (mine_in_theirs or theirs_in_mine) and common >= min(2, len(parties)):
            return draft
    return None


def _owner(drafts: list[Draft], span: Span) -> Draft:
    before = [d for d in drafts if d.sentences[0].start <= span.start]
    return before[-1] if before else drafts[0]
