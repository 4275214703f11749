"""From a press release to draft agreements: one per signing it reports, each fact cited."""

from __future__ import annotations

import datetime as dt
import re

from kernel.partial_date import PartialDate

from . import events, rules
from .assemble import Draft, assemble
from .dates import reference_of
from .matching import Registry, registry
from .mentions import (
    Mention,
    acronym_mentions,
    known_mentions,
    merge,
    org_mentions,
    without_venues,
)
from .people import ANY_CUE, people_in
from .proposal import AgreementProposal
from .text import CJK, Span, dateline, fold, headline, normalise, sentences

_LINK_BEFORE = re.compile(
    r"(?:\bwith|\bbetween|\bamong|\band|&|与|和|同|及|、|,|，|\bentre|\bet|\by|\bund|\bzwischen|"
    r"\bavec|\bcon|\bmit|\bcom)\s*(?:the\s+|l['’]|la\s+|le\s+|el\s+|les\s+|los\s+|las\s+|"
    r"der\s+|die\s+|das\s+|dem\s+|den\s+|o\s+|a\s+|il\s+|lo\s+)?$"
)
_AFFILIATION_AFTER = re.compile(
    r"^\s*(?:'s\s+)?(?:vice[- ])?(?:president|director|minister|mayor|chairman|chair|head|dean|"
    r"secretary|governor|ambassador|ceo|rector|chancellor|deputy|party\s+secretary)\b",
    re.IGNORECASE,
)
_AFFILIATION_BEFORE = re.compile(
    r"(?:president|director|minister|mayor|chairman|chair|head|dean|secretary|governor|"
    r"ambassador|ceo|rector|chancellor|director-general|professor|researcher|scientist)s?\s+"
    r"(?:of|at|from)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


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
        Mention(m.start, m.end, names.party(text[m.start : m.end]), m.abbreviation) for m in others
    ]
    mentions = _known_by_abbreviation(text, merge(normalised, known, others, text), names)
    mentions = without_venues(normalised, mentions)
    abbreviations = _abbreviations(text, mentions)
    drafts: list[Draft] = []

    def take(span: Span, verb: int) -> None:
        parties = _parties(text, normalised, span, verb, mentions, abbreviations, publisher)
        kind, kind_span = _kind(normalised, span)
        bodies: list[Mention] = []
        if not parties:
            bodies = _affiliations(text, span, mentions)
            signers = _signers_bodies(text, span, verb, mentions)
            if signers and not any(
                _same_party(d.parties, s, text) for d in drafts for s in signers
            ):
                # "Bai and Sergeev, President of RAS, signed": the bodies they head, when
                # none is already a party to a signing told (else it retells that one).
                parties = bodies + [b for b in signers if not _same_party(bodies, b, text)]
                parties = parties if len(parties) >= 2 else []
        target = _same_signing(drafts, parties, kind, text, normalised)
        if target is None:
            if not parties:
                if len(bodies) >= 2:
                    parties = bodies
                elif bodies or rules.BOTH_SIDES.search(normalised, span.start, span.end):
                    parties = _earlier_parties(text, span, mentions)
            drafts.append(Draft([span], parties, kind, kind_span))
        else:
            target.sentences.append(span)
            target.parties += [p for p in parties if not _same_party(target.parties, p, text)]
            if target.kind is None:
                target.kind, target.kind_span = kind, kind_span

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
            verb = _signing_verb(screened, segment)
            if verb is None and (index > 0 or signed):
                # "... as well as a memorandum between C and D"; after a signing, "A framework
                # agreement between A and B sets out ...": one more agreement of that signing.
                verb = events.introduced(normalised, segment)
            if verb is not None:
                take(segment, verb)
                signed = True
        signed = signed or events.reports_signing(screened, span)
    for span in [*summaries, *([title] if title else [])]:
        if not drafts and (verb := _signing_verb(screened, span)) is not None:
            take(span, verb)
    _share_event(text, normalised, spans, summaries, drafts)
    for span in spans:
        if drafts and ANY_CUE.search(normalised, span.start, span.end):
            hits = people_in(text, normalised, span.start, span.end, names, mentions)
            shared = [d for d in drafts if span in d.context and span not in d.borrowed]
            if shared:
                for draft in shared:
                    draft.people += [h for h in hits if h.role == "witness"]
                _owner(drafts, span).people += [h for h in hits if h.role != "witness"]
            else:
                _owner(drafts, span).people += hits
    drafts = [draft for draft in drafts if draft.parties]
    return [
        assemble(text, normalised, draft, names, reference, line, mentions, alone=len(drafts) == 1)
        for draft in drafts
    ]


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
        if number and rules.SAME_OCCASION.search(normalised, first.start, first.end):
            previous = drafts[number - 1]
            draft.context = [*previous.sentences, *previous.context, *before]
            if rules.SAME_DAY.search(normalised, first.start, first.end):
                draft.borrowed = [
                    s for s in [*previous.sentences, *previous.context] if s not in before
                ]


def _masked(normalised: str, mentions: list[Mention]) -> str:
    """The text with each party name blanked out, offsets unchanged."""
    chars = list(normalised)
    for mention in mentions:
        chars[mention.start : mention.end] = "※" * (mention.end - mention.start)
    return "".join(chars)


def _signing_verb(normalised: str, span: Span) -> int | None:
    """Where the sentence says an agreement was signed, or None (no signing, or not yet)."""
    if not rules.AGREEMENT_NOUN.search(normalised, span.start, span.end):
        return None
    for verb in rules.SIGNED.finditer(normalised, span.start, span.end):
        before = normalised[max(span.start, verb.start() - 40) : verb.start()]
        window = normalised[max(span.start, verb.start() - 12) : verb.end() + 12]
        if rules.NOT_YET.search(before) and not rules.SIGNED_BACK.search(window):
            continue
        return verb.start()
    return None


def _parties(
    text: str,
    normalised: str,
    span: Span,
    verb: int,
    mentions: list[Mention],
    abbreviations: dict[str, Mention],
    publisher: str | None = None,
) -> list[Mention]:
    inside = [m for m in mentions if span.start <= m.start and m.end <= span.end]
    inside += [
        Mention(m.start, m.end, abbreviations[text[m.start : m.end]].known)
        for m in acronym_mentions(text, span.start, span.end)
        if text[m.start : m.end] in abbreviations
        and not any(o.start <= m.start < o.end for o in inside)
    ]
    quoted = [(q.start(), q.end()) for q in rules.QUOTED.finditer(text, span.start, span.end)]
    noun = rules.AGREEMENT_NOUN.search(normalised, span.start, span.end)
    noun_at = noun.start() if noun else span.end
    chosen: list[Mention] = []
    for mention in sorted(inside, key=lambda m: m.start):
        if any(a <= mention.start and mention.end <= b for a, b in quoted):
            continue
        if _is_affiliation(text, mention, span) or _is_parent(text, mention, inside):
            continue
        before = text[max(span.start, mention.start - 14) : mention.start]
        linked = bool(_LINK_BEFORE.search(before)) and (
            not re.search(r"(?:\band|&|,|，|和|及|、|\bet|\by|\bund)$", before.rstrip())
            or any(c.end <= mention.start and mention.start - c.end <= 14 for c in chosen)
        )
        if mention.start > max(noun_at, verb) and not linked:
            continue
        if mention.known is None and mention.start < verb:
            gap = normalised[mention.end : verb]
            frame = len(gap) <= 60 and not re.search(r"[,;，；]", gap)
            # The sentence's subject: "Die Universität Wien hat ... unterzeichnet".
            subject = bool(_SUBJECT_START.fullmatch(text, span.start, mention.start))
            if not (frame or subject or linked or _followed_by_link(text, mention, inside)):
                continue
        if not _same_party(chosen, mention, text):
            chosen.append(mention)
    if len(chosen) < 2:
        earlier = _named_earlier(text, normalised, span, verb, mentions, publisher)
        if earlier is not None and not _same_party(chosen, earlier, text):
            chosen.insert(0, earlier)
    return chosen


_THE_BODY = re.compile(
    r"\bthe\s+(center|centre|institute|university|academy|company|ministry|foundation|"
    r"council|agency|school|college|laboratory|observatory|museum|society|association)\b"
)


def _named_earlier(
    text: str,
    normalised: str,
    span: Span,
    verb: int,
    mentions: list[Mention],
    publisher: str | None = None,
) -> Mention | None:
    """ "The center also signed ...": the body the text last named with that word; the
    publisher's own body when it is one of them ("the university" in HKUST News)."""
    said = _THE_BODY.search(normalised, span.start, verb)
    if said is None or any(m.start <= said.start(1) < m.end for m in mentions):
        return None
    word = said.group(1)
    named = [
        m
        for m in reversed([m for m in mentions if m.end <= span.start])
        if re.search(rf"\b{word}\b", normalised[m.start : m.end])
    ]
    published = [m for m in mentions if publisher and _publishes(text, m, publisher)]
    own = [
        m
        for m in named
        if m in published or (m.known and any(p.known == m.known for p in published))
    ]
    return (own or named or [None])[0]


def _publishes(text: str, mention: Mention, publisher: str) -> bool:
    """The publisher ("HKUST News", "Tsinghua University News") names this body."""
    written = fold(publisher)
    names = [text[mention.start : mention.end]]
    if mention.abbreviation:
        names.append(text[slice(*mention.abbreviation)])
    if mention.known:
        names.append(mention.known.name)
    return any(re.search(rf"(?<!\w){re.escape(fold(n))}(?!\w)", written) for n in names if n)


_SUBJECT_START = re.compile(
    # A dateline may open the sentence: "Daejeon, Korea — The Korea Advanced Institute ...".
    r"(?:[A-Z][\w .,'’-]{1,40}?\s+(?:—|–|--|-)\s+)?"
    r"[\s\"'“”«]*(?:(?:the|die|der|das|la|le|el|les|los|las|l['’]|o|a|os|as|il|lo|gli)\s*)?",
    re.IGNORECASE,
)
_OF_BEFORE = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?,?\s*(?:of|de|de\s+la|del|der|des|di|della|du)\s+(?:the\s+|l['’])?$",
    re.IGNORECASE,
)
# Chinese writes the body first: "联合国教科文组织（UNESCO）人与生物圈计划秘书处".
_BODY_BEFORE_UNIT = re.compile(r"^\s*(?:（[^）]{1,20}）|\([^)]{1,20}\))?\s*$")


def _is_parent(text: str, mention: Mention, others: list[Mention]) -> bool:
    """ "SIAT of the Chinese Academy of Sciences", "联合国教科文组织人与生物圈计划秘书处": the
    body a named unit belongs to."""
    if any(
        o.end <= mention.start and _OF_BEFORE.match(text[o.end : mention.start]) for o in others
    ):
        return True
    # "Shenzhen Institutes of Advanced Technology, Chinese Academy of Sciences": a unit, then
    # after a comma the body the registry knows it belongs to.
    if mention.known is not None and any(
        o.known is not None
        and o.known.parent == mention.known.slug
        and re.fullmatch(
            r"\s*(?:\([^()]{1,12}\))?\s*[,，]\s*(?:the\s+)?", text[o.end : mention.start]
        )
        for o in others
    ):
        return True
    return bool(re.match(f"[{CJK}]", text[mention.start : mention.start + 1])) and any(
        o.start >= mention.end
        and re.match(f"[{CJK}]", text[o.start : o.start + 1])
        and _BODY_BEFORE_UNIT.match(text[mention.end : o.start])
        for o in others
    )


def _followed_by_link(text: str, mention: Mention, others: list[Mention]) -> bool:
    """ "A and B", "A of the C and B": another party named right after this one."""
    end = mention.end
    parent = next(
        (o for o in others if o.start > end and _OF_BEFORE.match(text[end : o.start])), None
    )
    if parent is not None:
        end = parent.end
    link = re.match(
        r"\s*(?:\([^)]*\)\s*)?,?\s*(?:and|&|与|和|同|及|、|und|et|y|e)\s*"
        r"(?:the\s+|die\s+|der\s+|la\s+|le\s+|el\s+|l['’])?",
        text[end : end + 24],
    )
    return link is not None and any(o.start == end + link.end() for o in others)


def _is_affiliation(text: str, mention: Mention, span: Span) -> bool:
    """ "CAS President Bai Chunli", "president of CAS", "中国科学院院长": a person's body."""
    from .mentions import ZH_TITLES

    after = text[mention.end : min(span.end, mention.end + 40)]
    before = text[max(span.start, mention.start - 40) : mention.start]
    if re.match(rf"^(?:{ZH_TITLES})", after) or re.match(rf"^\s*(?:党委)?(?:{ZH_TITLES})", after):
        return True
    return bool(_AFFILIATION_AFTER.match(after) or _AFFILIATION_BEFORE.search(before))


def _same_party(chosen: list[Mention], mention: Mention, text: str) -> bool:
    for other in chosen:
        if mention.known and other.known and mention.known.slug == other.known.slug:
            return True
        theirs, mine = fold(text[other.start : other.end]), fold(text[mention.start : mention.end])
        if theirs == mine:
            return True
        # "韩国首尔国立大学", then "首尔国立大学": the same name without its country or city.
        shorter, longer = sorted((theirs, mine), key=len)
        if re.fullmatch(f"[{CJK}]{{4,}}", shorter) and longer.endswith(shorter):
            return True
        # "Universidad de Buenos Aires (UBA)" and, later, "UBA".
        for one, two in ((other, mention), (mention, other)):
            if one.abbreviation and text[slice(*one.abbreviation)] == text[two.start : two.end]:
                return True
    return False


def _known_by_abbreviation(text: str, mentions: list[Mention], names: Registry) -> list[Mention]:
    """ "Chinesische Akademie der Wissenschaften (CAS)": a name the registry does not hold,
    written with an abbreviation it does, is that record; the abbreviation is not another party."""
    result: list[Mention] = []
    inside: set[tuple[int, int]] = set()
    for mention in mentions:
        abbreviation = mention.abbreviation
        if mention.known is None and abbreviation is not None:
            found = names.parties.exact(text[abbreviation[0] : abbreviation[1]])
            if found is not None:
                mention = Mention(mention.start, mention.end, found, abbreviation)
                inside.add(abbreviation)
        # "联合国教科文组织（UNESCO）": the same party again, in brackets.
        if (
            result
            and mention.known is not None
            and result[-1].known == mention.known
            and re.fullmatch(r"\s*[（(]\s*", text[result[-1].end : mention.start])
        ):
            continue
        result.append(mention)
    return [m for m in result if (m.start, m.end) not in inside]


def _abbreviations(text: str, mentions: list[Mention]) -> dict[str, Mention]:
    return {text[m.abbreviation[0] : m.abbreviation[1]]: m for m in mentions if m.abbreviation}


_TITLE_OF = (
    r"(?:president|vice[- ]president|director|director-general|minister|mayor|chairman|chair|"
    r"head|dean|rector|chancellor|secretary|governor|ceo)"
)


def _signers_bodies(text: str, span: Span, verb: int, mentions: list[Mention]) -> list[Mention]:
    """ "Bai and Sergeev ... signed": the bodies the text said earlier each one heads
    ("Bai Chunli, President of the Chinese Academy of Sciences")."""
    found: list[Mention] = []
    for word in re.finditer(r"\b[A-Z][a-z]{1,20}\b", text[span.start : verb]):
        at = span.start + word.start()
        if any(m.start <= at < m.end for m in mentions):
            continue
        introduced = re.search(
            rf"\b{word.group()}\b(?:\s+[A-Z][\w-]+)?,\s+(?:[\w-]+\s+){{0,2}}?{_TITLE_OF}\s+"
            r"(?:of|at)\s+(?:the\s+)?",
            text[: span.start],
            re.IGNORECASE,
        )
        if introduced is None:
            continue
        body = next((m for m in mentions if m.start == introduced.end()), None)
        if body is not None and not _same_party(found, body, text):
            found.append(body)
    return found


def _earlier_parties(text: str, span: Span, mentions: list[Mention]) -> list[Mention]:
    """ "Both sides signed": the two parties named last before the sentence."""
    found: list[Mention] = []
    for mention in reversed([m for m in mentions if m.end <= span.start]):
        if not _same_party(found, mention, text):
            found.insert(0, mention)
        if len(found) == 2:
            break
    return found


def _affiliations(text: str, span: Span, mentions: list[Mention]) -> list[Mention]:
    """ "CAS President Bai Chunli and ... signed": the bodies the signers speak for."""
    found: list[Mention] = []
    for mention in mentions:
        if span.start <= mention.start < span.end and _is_affiliation(text, mention, span):
            if not _same_party(found, mention, text):
                found.append(mention)
    return found


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
        common = sum(_same_party(draft.parties, p, text) for p in parties)
        mine_in_theirs = common == len(parties)
        theirs_in_mine = all(_same_party(parties, p, text) for p in draft.parties)
        if compatible and (mine_in_theirs or theirs_in_mine) and common >= min(2, len(parties)):
            return draft
    return None


def _owner(drafts: list[Draft], span: Span) -> Draft:
    before = [d for d in drafts if d.sentences[0].start <= span.start]
    return before[-1] if before else drafts[0]
