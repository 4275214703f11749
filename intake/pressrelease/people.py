"""Who signed and who witnessed: names near the words that say so, with their titles."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kernel.text import CJK

from . import rules
from .matching import Known, Registry
from .mentions import ZH_TITLES, Mention, known_mentions

TITLE_WORDS = frozenset(
    "president vice minister deputy premier chairman chairwoman chair chairperson director "
    "general director-general mayor governor secretary ambassador dean professor prof prof. "
    "dr dr. mr mr. ms ms. mrs mrs. ceo cto cfo chief executive officer head rector chancellor "
    "vice-chancellor vice-president vice-minister prime foreign party commissioner state "
    "councilor councillor counsellor consul senior first managing founder academician h.e. "
    "excellency "
    "his her sir madam lord minister-counselor counselor president-elect provost principal "
    "permanent representative envoy special undersecretary under-secretary assistant "
    "m. mme mme. herr frau sr. sra. don doña dekanin dekan vizepräsident vizepräsidentin "
    "präsident präsidentin staatssekretär staatssekretärin rektor rektorin generalkonsul "
    "generalkonsulin reitor reitora pró vice diretor diretora presidente coordenador "
    "coordenadora ministro ministra embaixador embaixadora professora secretário secretária "
    "director directora rector rectora decano decana consul consule général générale "
    "directeur directrice konsul konsulin botschafter botschafterin gesandte gesandter "
    "директор директора академик академика профессор профессора президент президента ректор "
    "ректора председатель председателя посол посла министр министра заместитель заместителя "
    "советник советника советник-посланник советника-посланника вице-президент "
    "вице-президента глава главы руководитель руководителя".split()
)


def is_title(word: str) -> bool:
    """An office or honorific: "President", "Prof.", "Vice-Mayor" (each part a title word)."""
    lowered = word.lower()
    return lowered in TITLE_WORDS or (
        "-" in lowered
        and all(part in TITLE_WORDS or part == "mayor" for part in lowered.split("-"))
    )


_NOT_NAMES = frozenset(
    "the a an and of on in at by with for this that both two agreement memorandum mou "
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday china chinese xinhua national "
    "international congress initiative innovation pioneer program programme project plan forum "
    "summit conference day week year belt road area bay river delta new north south east west "
    "hong kong macao macau province region city county district zone park centre center "
    "science technology research development cooperation university institute academy "
    "government ministry council commission party state republic kingdom union committee "
    "provincial municipal cpc office bureau department group company corporation foundation "
    "society association school college faculty laboratory "
    "россия россии китай китая кнр рф москва москве пекин пекине".split()
)
# A cue further than this (characters) from a name says nothing about it.
CUE_REACH = 160
_UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁ"
_NAME_EN = re.compile(
    rf"(?<![\w'’-])((?:[{_UPPER}][\w'’.-]*|[{_UPPER}]{{2,}})"
    rf"(?:\s+(?:(?:de|da|del|di|dos|van|von|le|i)\s+(?=[{_UPPER}]))?"
    rf"(?:[{_UPPER}][\w'’-]*\.?|[{_UPPER}]{{2,}})){{1,7}})"
)
_ZH_AFTER_NAME = "先生|女士|教授|博士|院士"
# Offices written after a Japanese name (in Simplified folding: 所長 is 所长).
_JA_AFTER_NAME = (
    "副?(?:所长|学长|总长|社长|会长|部长|校长|院长|センター长|研究科长|主任)|理事|教授|"
    "总?领事|大使|参事官?|公使"
)
# A foreign name transliterated into Chinese is written with a middle dot: "宋蓬·西沙瓦".
_NAME_ZH = re.compile(
    rf"(?:{ZH_TITLES})(?:（[^）]{{1,8}}）|\([^)]{{1,8}}\))?([{CJK}]{{2,3}}?(?:[·•・][{CJK}]{{1,6}}?)*)"
    rf"(?=[、，,和与及等代分共出见在为签同]|{_ZH_AFTER_NAME}|$|[^{CJK}·•・])"
    # A longer name (Mongolian, Tibetan, Uyghur: "乌云其其格") before 出席, 见证 or a comma.
    rf"|(?:{ZH_TITLES})([{CJK}]{{4,5}}?)(?=出席|见证|代表|[、，,])"
    rf"|(?<=[由与和及、，,])([{CJK}]{{2,3}}?)(?={_ZH_AFTER_NAME})"
    # Japanese writes the office after the name: "研究所の佐藤健一所長", "高橋誠理事・副学長".
    rf"|(?<=の)([{CJK}]{{2,4}}?)(?={_JA_AFTER_NAME})"
)
# What follows a title but is no name: 出席, 参加, 签署, 表示, 及专家...
_NOT_ZH_NAME_START = set("及和与等在为对由向的了将并也出参签表致见会主介指认强希代一率带共分")

FORWARD_SIGN = (
    # The participle, then where or when, then the agent: "signed on the campus in Coventry
    # by", "signée par", "assinado na Cidade Universitária, em São Paulo, pela".
    r"(?:signed|sign[ée]e?s?|firmad[oa]s?|suscrit[oa]s?|assinad[oa]s?)(?:[^.;:]{0,80}?\s)??"
    r"(?:by|par|por|pel[oa]s?)\b|inked\s+by|unterzeichnet\s+von|由|\bwith\b|"
    # The verb first: "Firmaron el documento X e Y", "La firmaron X e Y", "Unterzeichnet wurde
    # die Vereinbarung von X", "Für die MPG unterschrieb X".
    r"\bfirmaron\s+(?:el|la|los|las)\s+(?:documento|convenio|acuerdo|memorando|carta)|"
    r"\bl[oa]s?\s+(?:firmaron|rubricaron|suscribieron)\b|\bunterzeichnet\s+wurden?\b(?:\s+[\w-]+){0,3}?"
    r"\s+von\b|\bunterschrieb(?:en)?\b|"
    # Russian: "Подписи под документом поставили X и Y", "Соглашение подписали X и Y".
    r"\bподписи\s+под\s+\w+\s+поставили\b|"
    r"\b(?:документ|соглашение|меморандум|договор)\s+подписали\b"
)
BACKWARD_SIGN = (
    r"\bsigned(?![^.;:]{0,80}?\sby\b)|\bput\s+their\s+names\s+to|\bput\s+pen\s+to\s+paper\b|"
    r"\binked(?!\s+by)|"
    # "出席了签署前的会面": a meeting before the signing is not the signing.
    r"\bsign(?:s|ing)?\s+(?:the|an?)\b|代表.{0,12}?签|(?:签署|签订|签约|签字)(?!前|之前|以前)|"
    r"\bfirmaron\b|\bsuscribieron\b|\brubricaron\b|\bsignèrent\b|ont\s+signé|unterzeichneten|assinaram|"
    r"\bподписали\b(?!\s+(?:соглашение|меморандум|договор|документ))|"
    # Japanese: "…所長が覚書に署名しました".
    r"に署名|署名し|缔结し|调印し"
)
FORWARD_WITNESS = (
    # "The ceremony was attended by": the signing's guests, not a workshop's.
    r"in\s+the\s+presence\s+of|witnessed\s+by|"
    r"\b(?:signing|ceremony|signature|it)\s+(?:[\w-]+\s+){0,3}?(?:was|were)\s+attended\s+by|en\s+présence\s+de|en\s+presencia\s+de|"
    r"(?:na|com\s+a)\s+presença\s+d[eoa]s?|in\s+anwesenheit\s+von|im\s+beisein\s+von|alla\s+presenza\s+di|见证人|"
    # "Als Zeugen unterzeichneten X und Y", "as witnesses, X and Y", "en tant que témoins".
    r"\bals\s+zeug(?:e|en|in|innen)\b|\bas\s+witnesses\b|\ben\s+tant\s+que\s+témoins?\b|"
    r"\bcomo\s+testigos?\b|\bcomo\s+testemunhas?\b|\bв\s+присутствии\b"
)
BACKWARD_WITNESS = (
    # "出席国科大签约仪式", "出席并讲话", "出席见证": attending the signing is witnessing it.
    r"出席[^，。；,;]{0,12}?(?:仪式|签约|签字)|出席并?(?:讲话|致辞|见证)|\battended\s+the\s+(?:signing|ceremony)|"
    r"\bwitness(?:ed|es)?(?!\s+by)|\blooked\s+on\b|见证|\bwere\s+present\b|"
    # "X und Y waren dabei anwesend".
    r"\bwaren\s+(?:dabei\s+)?(?:anwesend|zugegen)\b|"
    # Japanese: "…理事の立会いのもと".
    r"立会い|立ち会い|立会の"
)
_CUES = [
    (re.compile(FORWARD_SIGN), "signatory", True),
    (re.compile(BACKWARD_SIGN), "signatory", False),
    (re.compile(FORWARD_WITNESS), "witness", True),
    (re.compile(BACKWARD_WITNESS), "witness", False),
]
ANY_CUE = re.compile(
    "|".join(f"(?:{p})" for p in (FORWARD_SIGN, BACKWARD_SIGN, FORWARD_WITNESS, BACKWARD_WITNESS))
)


@dataclass(frozen=True)
class PersonHit:
    start: int
    end: int
    role: str
    known: Known | None
    title: str | None
    title_span: tuple[int, int] | None
    party_mention: Mention | None


def people_in(
    text: str,
    normalised: str,
    start: int,
    end: int,
    registry: Registry,
    parties: list[Mention],
) -> list[PersonHit]:
    """The people a sentence says signed or witnessed, each with the role its cue gives."""
    cues = [
        (m.start(), m.end(), role, forward)
        for pattern, role, forward in _CUES
        for m in pattern.finditer(normalised, start, end)
        # "is expected to be signed by": nobody has signed yet.
        if not rules.BE_SIGNED.search(normalised, max(start, m.start() - 12), m.start())
    ]
    names = _names(
        text, normalised, start, end, registry, parties, tuple((a, b) for a, b, _, _ in cues)
    )
    hits = []
    starts = [s for s, _, _ in names]
    for name_start, name_end, known in names:
        role = _role(normalised, name_start, name_end, cues, starts)
        if role is None:
            continue
        title, title_span, party = _title_and_party(
            text, normalised, name_start, name_end, start, end, parties
        )
        # "Prof. LAM signed": the person the text named in full before ("Prof. Grace LAM").
        if not re.search(r"\s", text[name_start:name_end]) and not re.match(
            f"[{CJK}]", text[name_start]
        ):
            full = _named_in_full(text, text[name_start:name_end], name_start)
            if full is None:
                continue
            name_start, name_end = full
            known = registry.person(text[name_start:name_end])
        hits.append(PersonHit(name_start, name_end, role, known, title, title_span, party))
    return hits


def _capitals(word: str, words: list[str]) -> bool:
    """ "PARK" in "PARK Jun-seo": a word in capitals beside a word that is not."""
    return len(word) > 1 and word.isupper() and any(not w.isupper() for w in words)


def _named_in_full(text: str, surname: str, before: int) -> tuple[int, int] | None:
    """Where the text last wrote ``surname`` with a given name, before ``before``."""
    found = None
    pattern = (
        rf"(?<![\w'’-])((?:[A-Z][\w'’-]+\s+){{1,2}}(?i:{re.escape(surname)})"
        rf"|(?i:{re.escape(surname)})\s+[A-Z][a-z][\w'’-]*)(?![\w'’-])"
    )
    for match in re.finditer(pattern, text[:before]):
        words = match.group(1).split()
        skip = 0
        while skip < len(words) - 1 and (
            is_title(words[skip]) or words[skip].lower() in _NOT_NAMES
        ):
            skip += 1
        if len(words) - skip < 2:
            continue
        start = match.start(1) + match.group(1).index(words[skip])
        found = (start, match.end(1))
    return found


def _role(
    text: str,
    name_start: int,
    name_end: int,
    cues: list[tuple[int, int, str, bool]],
    others: list[int],
) -> str | None:
    """The role of the nearest cue that reaches the name. A cue before the name whose phrase
    a name and a comma closed ("In the presence of Z, A and B signed") yields to a verb after
    the name; without one it still reaches ("in the presence of the ambassador, Álvaro Ruiz")."""
    reaching = []
    for cue_start, cue_end, role, forward in cues:
        distance = name_start - cue_end if forward else cue_start - name_end
        if 0 <= distance <= CUE_REACH:
            between = [o for o in others if cue_end <= o < name_start]
            closed = (
                forward
                and len(between) == 1
                and bool(re.search(r"[,，]\s*$", text[cue_end:name_start]))
            )
            reaching.append((distance, role, forward, closed))
    if any(not forward for _, _, forward, _ in reaching):
        reaching = [r for r in reaching if not r[3]]
    return min(reaching)[1] if reaching else None


def _names(
    text: str,
    normalised: str,
    start: int,
    end: int,
    registry: Registry,
    parties: list[Mention],
    cues: tuple[tuple[int, int], ...] = (),
) -> list[tuple[int, int, Known | None]]:
    found = [
        (m.start, m.end, m.known)
        for m in known_mentions(normalised[:end], registry.people)
        if m.start >= start
    ]
    taken = [(m.start, m.end) for m in parties] + [(s, e) for s, e, _ in found]

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for match in _NAME_EN.finditer(text, start, end):
        words = match.group(1).split()
        offset = match.start(1)
        titled = [i for i, w in enumerate(words) if is_title(w)]
        if titled:
            for word in words[: titled[-1] + 1]:
                offset = text.index(word, offset) + len(word)
            words = words[titled[-1] + 1 :]
        while words and (
            (words[0].lower() in _NOT_NAMES and not _capitals(words[0], words))
            or (not titled and _adjective(words[0]))
        ):
            offset = text.index(words[0], offset) + len(words[0])
            words = words[1:]
        # "президента РАН Александра Сергеева": the body before a name is not part of it.
        while words and any(m.start <= text.index(words[0], offset) < m.end for m in parties):
            offset = text.index(words[0], offset) + len(words[0])
            words = words[1:]
        # "im Beisein von Markus Feldhaus", "Als Zeugen": a cue's words are not a name's.
        while words and any(a <= text.index(words[0], offset) < b for a, b in cues):
            offset = text.index(words[0], offset) + len(words[0])
            words = words[1:]
        # "ИПГ РАН", "NSSC CAS": abbreviations, not a person.
        if len(words) > 1 and all(len(w) > 1 and w.isupper() for w in words):
            continue
        if words and words[-1].endswith(".") and len(words[-1]) > 2:
            words[-1] = words[-1][:-1]
        # One word after a title ("Prof. LAM") may be a surname: people_in() looks for the
        # name in full earlier in the text.
        surname = bool(titled) and len(words) == 1 and len(words[0]) > 1
        # A surname in capitals is a surname, whatever else the word means ("PARK Jun-seo").
        if (len(words) < 2 and not surname) or any(
            (w.lower().strip(".") in _NOT_NAMES and not _capitals(w, words)) or is_title(w)
            for w in words
        ):
            continue
        name_start = text.index(words[0], offset)
        name_end = text.index(words[-1], name_start) + len(words[-1])
        # "Head of Global Engagement", "Vizepräsident für Internationale Allianzen": the unit
        # an office is of, not a person.
        if _after_office(text[max(start, name_start - 60) : name_start]):
            continue
        # "consul general in Rio de Janeiro", "no Rio de Janeiro": a place, not a person.
        if _LOCATIVE_BEFORE.search(text, max(start, name_start - 12), name_start):
            continue
        # "de la Investigación Científica", "of the Foreign Office": part of a longer name.
        if re.search(
            r"\b(?:de\s+la|del|de\s+los|de\s+las|of\s+the|der|des)\s+$", text[start:name_start]
        ):
            continue
        if free(name_start, name_end):
            known = registry.person(text[name_start:name_end])
            found.append((name_start, name_end, known))
            taken.append((name_start, name_end))
    for match in _NAME_ZH.finditer(normalised, start, end):
        group = next(g for g in (1, 2, 3, 4) if match.group(g))
        if match.group(group)[0] in _NOT_ZH_NAME_START:
            continue
        if free(match.start(group), match.end(group)):
            known = registry.person(text[match.start(group) : match.end(group)])
            found.append((match.start(group), match.end(group), known))
            taken.append((match.start(group), match.end(group)))
    # "在侯建国和包志强的共同见证下": the people named in the phrase, with or without a title.
    for phrase in _IN_PRESENCE_ZH.finditer(normalised, start, end):
        for name in re.finditer(r"[^和与及、]+", normalised[phrase.start(1) : phrase.end(1)]):
            at = phrase.start(1) + name.start()
            title = re.match(f"(?:.*?(?:{ZH_TITLES}))?", name.group())
            first = at + (title.end() if title else 0)
            last = phrase.start(1) + name.end()
            if 2 <= last - first <= 3 and free(first, last):
                found.append((first, last, registry.person(text[first:last])))
                taken.append((first, last))
    found.sort()
    return found


_IN_PRESENCE_ZH = re.compile(rf"在([{CJK}、]{{2,40}}?)的?(?:共同)?见证下")


# "at the Lakeview Guest House", "in the Tana basin": a place, with or without its article.
_LOCATIVE_BEFORE = re.compile(
    r"(?<![\w'’])(?:in|at|no|na|nos|nas|em|à|au|aux|im|nel|nella|a\s+la|al)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_OF_UNIT = re.compile(
    r"([\w'’.-]+)\s+(?:of|for|für|de|du|des|del|da|do|dos|das|di|della)\s+(?:the\s+|la\s+|l['’])?$"
)


def _after_office(before: str) -> bool:
    """The words before a name end "Head of", "Director for", "Vizepräsident für"."""
    match = _OF_UNIT.search(before)
    if match is None:
        return False
    word = match.group(1)
    return is_title(word) or word.lower() in ("head", "leader", "chief")


def _adjective(word: str) -> bool:
    """Nationality adjectives written before a title: Chinese, Kenyan, Brazilian, French..."""
    return bool(re.fullmatch(r"[A-Z][a-z]+(?:ese|an|ian|ish|ch|ic|i)", word)) and len(word) > 4


def _title_and_party(
    text: str,
    normalised: str,
    name_start: int,
    name_end: int,
    start: int,
    end: int,
    parties: list[Mention],
) -> tuple[str | None, tuple[int, int] | None, Mention | None]:
    # Chinese: "中国科学院院长白春礼": the title, and the party just before it.
    before = normalised[max(start, name_start - 30) : name_start]
    title_match = re.search(f"({ZH_TITLES})$", before)
    if title_match:
        title_start = name_start - len(title_match.group(1))
        party = next((m for m in parties if 0 <= title_start - m.end <= 4), None)
        return text[title_start:name_start], (title_start, name_start), party
    # English, before the name: "CAS President Bai Chunli", "Vice Minister Li".
    words = list(re.finditer(r"[\w.'’-]+", text[max(start, name_start - 60) : name_start]))
    base = max(start, name_start - 60)
    title_words: list[re.Match[str]] = []
    for word in reversed(words):
        if is_title(word.group()):
            title_words.insert(0, word)
        else:
            break
    if title_words:
        title_start, title_end = base + title_words[0].start(), base + title_words[-1].end()
        party = next((m for m in parties if 0 <= title_start - m.end <= 2), None)
        return text[title_start:title_end], (title_start, title_end), party
    # English, after the name: "Bai Chunli, president of CAS, ...".
    after = re.match(
        r",\s+((?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,4}?)\s+(?:of|at)\s+", text[name_end:end]
    )
    if after and after.group(1).split()[-1].lower() in TITLE_WORDS | {"head", "leader"}:
        title_start = name_end + after.start(1)
        title_end = name_end + after.end(1)
        party = next((m for m in parties if 0 <= m.start - (name_end + after.end()) <= 4), None)
        return text[title_start:title_end], (title_start, title_end), party
    return None, None, None
