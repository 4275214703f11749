"""Which named bodies are a signing's parties: the sentence's subject and its partners,
the bodies signers head, the body "the university" refers back to."""

from __future__ import annotations

import re

from kernel.text import CJK, fold

from . import rules
from .matching import Registry
from .mentions import Mention, acronym_mentions
from .text import Span

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


def choose(
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
        if not same_party(chosen, mention, text):
            chosen.append(mention)
    if len(chosen) < 2:
        earlier = named_earlier(text, normalised, span, verb, mentions, publisher)
        if earlier is not None and not same_party(chosen, earlier, text):
            chosen.insert(0, earlier)
    return chosen


_THE_BODY = re.compile(
    r"\bthe\s+(center|centre|institute|university|academy|company|ministry|foundation|"
    r"council|agency|school|college|laboratory|observatory|museum|society|association)\b"
)


def named_earlier(
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
    chosen = own or named
    return chosen[0] if chosen else None


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
    r"[\s\"'“”«]*(?:(?:the|die|der|das|la|le|el|les|los|las|l['’]|o|a|os|as|il|lo|gli)\s*)?"
    # "Tsinghua's School of Environment ...": a unit named with its body's possessive.
    r"(?:[A-Z][\w-]*['’]s\s+)?",
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


def same_party(chosen: list[Mention], mention: Mention, text: str) -> bool:
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


def known_by_abbreviation(text: str, mentions: list[Mention], names: Registry) -> list[Mention]:
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


def abbreviations(text: str, mentions: list[Mention]) -> dict[str, Mention]:
    return {text[m.abbreviation[0] : m.abbreviation[1]]: m for m in mentions if m.abbreviation}


_TITLE_OF = (
    r"(?:president|vice[- ]president|director|director-general|minister|mayor|chairman|chair|"
    r"head|dean|rector|chancellor|secretary|governor|ceo)"
)


def signers_bodies(text: str, span: Span, verb: int, mentions: list[Mention]) -> list[Mention]:
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
        if body is not None and not same_party(found, body, text):
            found.append(body)
    return found


def earlier_parties(text: str, span: Span, mentions: list[Mention]) -> list[Mention]:
    """ "Both sides signed": the two parties named last before the sentence."""
    found: list[Mention] = []
    for mention in reversed([m for m in mentions if m.end <= span.start]):
        if not same_party(found, mention, text):
            found.insert(0, mention)
        if len(found) == 2:
            break
    return found


def affiliations(text: str, span: Span, mentions: list[Mention]) -> list[Mention]:
    """ "CAS President Bai Chunli and ... signed": the bodies the signers speak for."""
    found: list[Mention] = []
    for mention in mentions:
        if span.start <= mention.start < span.end and _is_affiliation(text, mention, span):
            if not same_party(found, mention, text):
                found.append(mention)
    return found
