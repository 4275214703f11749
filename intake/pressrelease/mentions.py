"""Where parties are named in a text: registry names, and institution-like names unknown to it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kernel.text import CJK

from .matching import Known, NameIndex, head
from .text import ABBREVIATIONS

ORG_WORDS = (
    "University|Universit[éy]|Universidad|Universidade|Universität|Università|Academy|Académie|"
    "Academia|Akademie|Institute|Institut|Instituto|Istituto|Ministry|Ministère|Ministerio|"
    "Ministério|Ministerium|Government|Gouvernement|Gobierno|Governo|Regierung|Company|Co\\.|"
    "Corporation|Corp\\.|Inc\\.|Ltd\\.?|Limited|Group|Bank|Banco|Banque|Agency|Agence|Agencia|"
    "Council|Conseil|Consejo|Commission|Commissione|Foundation|Fondation|Fundación|Fundação|"
    "Stiftung|Gesellschaft|Hochschule|Akademie|Association|Asociación|Associação|Center|Centre|Centro|Zentrum|Hospital|Hôpital|"
    "Department|Département|Bureau|Authority|Society|Société|Sociedad|Organization|Organisation|"
    "Organización|Faculty|Facultad|Faculté|Fakultät|Facoltà|Escuela|École|Laboratory|Laboratories|Laboratoire|Laboratorio|School|College|Federation|"
    "Fédération|Office|Embassy|Municipality|Province|Administration|Observatory|Museum|"
    "Polytechnic|Politecnico|Chamber|Union|Network|Consortium|Port|Airport|Park|Zone|Fund|"
    "Programme|Program|Service|Alliance|Secretariat|District|City|County|State|Republic|Kingdom|"
    "Garden|Jardín|Jardin|Jardim|Garten|Giardino|"
    "People's Government|Research|Sciences|Technologies|Holdings|GmbH|AG|S\\.A\\.|SA|SAS|LLC|PLC"
)
_CAP = r"(?:(?:[ld]['’])?[A-Z][\w'’.&-]*|\d+)"
_LINK = (
    r"(?:of|for|on|and|de|du|des|la|le|les|del|di|da|do|dos|das|für|und|der|von|zu|della|"
    r"the|y|e|&)"
)
# Spaces within a name: one line break at most (a blank line ends a paragraph).
_GAP = r"(?:[^\S\n]+|[^\S\n]*\n[^\S\n]*)"
# A name may follow "l'" or "d'" (l'Université de Nairobi); "Co., Ltd." ends one.
_ORG_EN = re.compile(
    rf"(?<![\w-])(?<!\w\w['’])(?:the\s+)?({_CAP}(?:{_GAP}(?:{_LINK}{_GAP})*{_CAP}|,\s*"
    rf"(?=(?:Ltd|Inc|Limited|LLC|PLC|GmbH)\b){_CAP})*)(?:\s*\(([A-Z][A-Za-z&-]{{1,10}})\))?"
)
# Russian: an institution word in any case, the words after it in the genitive, and the
# abbreviation in brackets that Russian releases give ("Институт космических исследований
# Российской академии наук (ИКИ РАН)"); without the brackets the name's end is not known.
_ORG_RU = re.compile(
    r"(?<![\w-])((?:[А-ЯЁ][а-яё-]+\s+){0,2}(?:[Ии]нститут|[Уу]ниверситет|[Аа]кадеми|[Цц]ентр|"
    r"[Оо]тделени|[Мм]инистерств|[Фф]онд|[Оо]бсерватори|[Лл]аборатори|[Мм]узе|[Аа]гентств|"
    r"[Кк]орпораци|[Оо]бъединени|[Кк]омитет)[а-яё]*(?:\s+(?:им\.\s+(?:[А-ЯЁ]\.\s?)+)?"
    r"[А-ЯЁа-яё-]+){0,8}?)\s*\(([А-ЯЁA-Z][А-ЯЁA-Z]+(?:\s[А-ЯЁA-Z]+){0,2})\)"
)
# "Shenzhen Institutes of ...": an institution word in the plural names one too.
_ORG_WORD = re.compile(rf"\b(?:{ORG_WORDS})s?(?![\w])")
ZH_TITLES = (
    "常务副院长|副院长|院长|州长|副校长|校长|常务副市长|副市长|市长|党委书记|副书记|书记|副主任|主任|副部长|"
    "部长|副局长|局长|副所长|所长|副董事长|董事长|总经理|副总裁|总裁|副主席|主席|大使|副理事长|理事长|"
    "秘书长|事务长|会长|行长|馆长|社长|总监|副厅长|厅长|副省长|省长|区长|县长|教授|院士|总领事|参赞|首席执行官|负责人|司长|处长|主任委员"
)
_ORG_ZH = re.compile(
    rf"[{CJK}]*(?:大学|学院|研究院|研究所|科学院|工程院|人民政府|政府|公司|集团|银行|委员会|"
    rf"中心|医院|协会|学会|基金会|实验室|管理局|管委会|办公室|秘书处|大使馆|领事馆|部|局|厅|署|院|所|馆|校|区)"
)
# Characters and words that end a Chinese name: conjunctions, prepositions, verbs of signing
# ("签署后" whole: "after signing", no name starts with its 后).
_ZH_BREAK = re.compile(
    r"与|(?<!共)和|及|以及|在|于|的|了|(?:签署|签订|签约|签字)[之以]?后|签署|签订|签约|签|代表|见证|双方|等|并|将|是|为|就|"
    r"由|也|向|对|从|到|举行|出席|分别|共同|正式|隶属于?|：|:|、|，|,|。|《|》|“|”|\s|" + ZH_TITLES
)
# Words of an office: "SIAT and Deputy District Mayor HUANG" names a person, not a body.
_OFFICE = re.compile(
    r"\b(?:President|Vice|Deputy|Mayor|Minister|Director|Governor|Secretary|Chairman|Chair|"
    r"Dean|Rector|Provost|Chancellor|Ambassador|Head|Prof|Dr|Vizepräsident\w*|Präsident\w*|"
    r"Rektor\w*|Dekan\w*|Direktor\w*|Presidente|Vicepresidente|Decano|Président\w*|"
    r"Vice-président\w*|Directeur|Directrice)\b"
)


def _is_office(word: str) -> bool:
    """ "Director", and the compounds an office opens: "Director-General", "Vice-Chancellor"."""
    return bool(_OFFICE.fullmatch(word.split("-")[0]))


_STOP_CAPS = frozenset(
    "the a an on in at by this that these those both two under according as it its he she they "
    "we our their his her mou la el los las le les die der das den dem il lo".split()
)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    known: Known | None
    # For names written "Name (ABBR)", the abbreviation's span.
    abbreviation: tuple[int, int] | None = None


@lru_cache(maxsize=20000)
def _key_pattern(key: str) -> re.Pattern[str]:
    if re.search(f"[{CJK}]", key):
        return re.compile(r"\s*".join(re.escape(ch) for ch in key.replace(" ", "")))
    words = [re.escape(word) for word in key.split()]
    return re.compile(r"[\W_]*".join(words).replace(r"\ and\ ", r"\W+(?:and|&)\W+") + r"(?![\w])")


def known_mentions(normalised: str, index: NameIndex) -> list[Mention]:
    """Every place a registry name (in any script) is written, longest first at each place."""
    found: list[Mention] = []
    for match in re.finditer(rf"[{CJK}]|(?<![\w])\w+", normalised):
        token = match.group()
        key_head = (
            normalised[match.start() : match.start() + 2]
            if len(token) == 1 and re.match(f"[{CJK}]", token)
            else token
        )
        best: tuple[int, str] | None = None
        for key in index.by_head.get(key_head, ()):
            hit = _key_pattern(key).match(normalised, match.start())
            if hit and (best is None or hit.end() > best[0]):
                best = (hit.end(), key)
        if best is not None:
            found.append(Mention(match.start(), best[0], index.names[best[1]]))
    return _longest(found)


def _longest(mentions: list[Mention]) -> list[Mention]:
    mentions.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for mention in mentions:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def org_mentions(text: str, normalised: str, start: int, end: int) -> list[Mention]:
    """Institution-like names the text writes: capitalised runs with an institution word, or
    Chinese names ending in 大学, 研究院, 政府, 公司...; not checked against the registry."""
    found: list[Mention] = []
    for match in _ORG_EN.finditer(text, start, end):
        name = match.group(1)
        words = _last_sentence(name.split())
        # "Vizepräsidenten der Tsinghua-Universität": the office is not the name.
        while words and (words[0].lower() in _STOP_CAPS or _is_office(words[0])):
            words = words[1:]
        while words and re.fullmatch(_LINK, words[-1]):
            words = words[:-1]
        words = _after_office_of(words)
        if not words or not _ORG_WORD.search(" ".join(words)):
            continue
        abbreviation = (match.start(2), match.end(2)) if match.group(2) else None
        cursor = match.start(1)
        unit = _parent_split(words)
        # "X's Faculty of Y and the Z Institute of the W (ABBR)": two names before the body.
        units = _split_pairs(unit[0]) if unit else []
        parts = [*units, *_split_pairs(unit[1])] if unit else _split_pairs(words)
        # "A and B (ABBR)": the abbreviation is B's; "A of the B (ABBR)" is A's.
        owner = len(units) if unit and len(parts) == len(units) + 1 else len(parts)
        # "... and the Faculty of X of UiT The Arctic University": a body after the first may
        # be a unit with its own body.
        expanded: list[list[str]] = []
        for number, part in enumerate(parts, start=1):
            inner = _parent_split(part) if number > len(units) + 1 else None
            if inner is not None:
                owner += len(expanded) < owner
                expanded += [inner[0], inner[1]]
            else:
                expanded.append(part)
        parts = expanded
        for number, part in enumerate(parts, start=1):
            while part and (re.fullmatch(_LINK, part[0]) or part[0].lower() in _STOP_CAPS):
                part = part[1:]
            while part and re.fullmatch(_LINK, part[-1]):
                part = part[:-1]
            if not part or not _ORG_WORD.search(" ".join(part)):
                continue
            part_start = text.index(part[0], cursor)
            part_end = part_start
            for word in part:
                part_end = text.index(word, part_end) + len(word)
            part_abbreviation = abbreviation if number == owner else None
            # "Institut de physique de l'atmosphère (IAP)": lower-case words up to the
            # abbreviation are the name's too.
            tail = _LOWER_TAIL.match(text, part_end) if number == len(parts) else None
            field = _FIELD_TAIL.match(text, part_end) if len(part) == 1 else None
            if tail and part_abbreviation is None and match.group(2) is None:
                part_end = tail.end(1)
                part_abbreviation = (tail.start(2), tail.end(2))
            # "Institut de zoologie de Kunming": a field in lower case, then where.
            elif field and _ORG_WORD.fullmatch(re.sub(r"^[ld]['’]", "", part[0])):
                part_end = field.end()
            # "Institut", "University" alone name nothing.
            elif len(part) == 1 and _ORG_WORD.fullmatch(re.sub(r"^[ld]['’]", "", part[0])):
                continue
            if re.match(r"[lLdD]['’]", text[part_start : part_start + 2]):
                part_start += 2  # "l'Université de Nairobi" is "Université de Nairobi"
            # A sentence's full stop is not part of the name ("... of Physics."), "Co." is.
            if text[part_end - 1] == "." and not re.search(
                r"(?:\bCo|\bCorp|\bInc|\bLtd|\b[A-Z]|\.[A-Z])\.$", text[part_start:part_end]
            ):
                part_end -= 1
            cursor = part_end
            found.append(Mention(part_start, part_end, None, part_abbreviation))
    for match in _ORG_RU.finditer(text, start, end):
        found.append(Mention(match.start(1), match.end(1), None, (match.start(2), match.end(2))))
    for chunk in _chunks(normalised, start, end):
        for match in _ORG_ZH.finditer(normalised, chunk[0], chunk[1]):
            # "本研究所", "本校": this institute, the writer's own, named elsewhere.
            if _OWN.fullmatch(normalised, match.start(), match.end()):
                continue
            if match.end() - match.start() >= 3 and not is_venue(normalised, match.end()):
                found.append(Mention(match.start(), match.end(), None))
    return found


_OWN = re.compile(r"本(?:研究所|所|校|院|中心|大学|学院|研究院|机构)")


# A campus or a building is where a signing happens, not who signs: "南港院区", "深圳校区",
# "医学院基础医学大楼" (an institution's name followed by one of its buildings).
# A conference or exhibition centre, a guest house or a hotel is a venue too ("会议中心").
_VENUE_END = re.compile(
    r"(?:院区|校区|园区|校园|大楼|大厦|礼堂|会堂|会议室|报告厅|会议中心|会展中心|展览中心|宾馆|酒店|饭店)$"
)
_VENUE_AFTER = re.compile(
    rf"(?:(?!与|和|及|在|于|的|、)[{CJK}]){{0,8}}?(?:院区|校区|园区|大楼|大厦|楼|礼堂|会堂|会议室|报告厅|会议中心)"
    rf"(?=[^{CJK}]|举行|签|召开|隆重|正式|共同|$)"
)


def is_venue(normalised: str, end: int) -> bool:
    """The Chinese name ending at ``end`` is (part of) a place: a campus, or a building."""
    return bool(
        _VENUE_END.search(normalised, 0, end)
        or _VENUE_AFTER.match(normalised, end)
        # "清水湾校园": the name stops short of its venue word.
        or normalised[end - 1 : end + 1] in ("校园", "校区", "院区", "园区")
    )


# "在中研院人文馆签署", "在闵行区行政服务中心签署": a name between 在 and the verb is where.
_AT_BEFORE = re.compile(r"(?:在|于)$")
_AT_AFTER = re.compile(r"(?:举行|签署|签订|签约|正式|共同|隆重|召开)")


# "签署新一轮区院合作协议": an unknown name between the verb and the agreement's noun is a
# word of the agreement's name, not a party (parties come before a Chinese verb).
# "缅甸林业研究所（隶属缅甸自然资源与环境保护部）", "(part of the Ministry of X)": the body a
# party belongs to, named in brackets, is not one more party.
_BELONGS_BEFORE = re.compile(
    r"[（(]\s*(?:隶属于?|属于|下属于|part\s+of|under|attached\s+to|a\s+unit\s+of|"
    r"rattaché\s+à|dependiente\s+de|vinculad[oa]\s+a[o]?)\s*(?:the\s+|l['’]|la\s+|le\s+|el\s+)?$",
    re.IGNORECASE,
)
# "der Garten, der ebenfalls zur Chinesischen Akademie der Wissenschaften gehört", "an
# institute which belongs to the X": the body a party belongs to, told in a clause.
_BELONGS_CLAUSE = re.compile(
    r"(?:\b(?:which|that|who)\s+(?:belongs|belonged)\s+to|\bzur|\bzum)\s+(?:the\s+)?$"
)
_BELONGS_AFTER = re.compile(r"\s+(?:gehört|gehörte|gehören)\b")
_SIGNED_BEFORE = re.compile(r"(?:签署|签订|签约|续签)了?$")
_AGREEMENT_AFTER = re.compile(rf"[{CJK}]{{0,8}}?(?:协议|备忘录|意向书|协定|合同)")


def without_venues(normalised: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions that name a party: not the "台大" of "台大医学院基础医学大楼", nor a
    name the signing is said to happen at."""
    return [
        m
        for m in mentions
        if not _BELONGS_BEFORE.search(normalised, max(0, m.start - 24), m.start)
        and not (
            (clause := _BELONGS_CLAUSE.search(normalised, max(0, m.start - 24), m.start))
            and (
                clause.group().startswith(("which", "that", "who"))
                or _BELONGS_AFTER.match(normalised, m.end)
            )
        )
        and not (
            re.match(f"[{CJK}]", normalised[m.start : m.start + 1])
            and (
                is_venue(normalised, m.end)
                or (
                    _AT_BEFORE.search(normalised, max(0, m.start - 1), m.start)
                    and _AT_AFTER.match(normalised, m.end)
                )
                or (
                    m.known is None
                    and _SIGNED_BEFORE.search(normalised, max(0, m.start - 3), m.start)
                    and _AGREEMENT_AFTER.match(normalised, m.end)
                )
            )
        )
    ]


def _last_sentence(words: list[str]) -> list[str]:
    """ "Dr. Tom Ochieng. The Science Park of Kisumu": a full stop after a word that is no
    abbreviation ends a sentence, and a name does not run across it."""
    for index in range(len(words) - 2, -1, -1):
        word = words[index]
        if (
            word.endswith(".")
            and len(word) > 3
            and word[:-1].lower() not in ABBREVIATIONS
            and not re.fullmatch(r"(?:[A-Za-z]\.)+|(?:Co|Corp|Inc|Ltd)\.", word)
        ):
            return words[index + 1 :]
    return words


def _after_office_of(words: list[str]) -> list[str]:
    """ "Executive Vice President of Tohoku University": the body after the office."""
    for index in range(len(words) - 2, -1, -1):
        if _is_office(words[index]) and words[index + 1] in ("of", "der", "des", "de", "du"):
            rest = words[index + 2 :]
            while rest and rest[0].lower() in ("the", "la", "l'", "le"):
                rest = rest[1:]
            if rest and _ORG_WORD.search(" ".join(rest)):
                return rest
    return words


_LOWER_TAIL = re.compile(
    r"((?:\s+(?:[a-zà-öø-ÿ][\w'’-]*|[ld]['’][\wà-öø-ÿ-]+)){1,6})\s*\(([A-Z][A-Za-z&-]{1,10})\)"
)


_ROMANCE_LINK = r"(?:de|di|da|do|du|des|del|della|dello|d['’])"
_FIELD_TAIL = re.compile(
    rf"(?:\s+{_ROMANCE_LINK}\s*(?:la\s+|l['’])?[a-zà-öø-ÿ][\w'’-]+"
    rf"(?:\s+(?:et|e|y)\s+[a-zà-öø-ÿ][\w'’-]+)?){{1,3}}"
    rf"(?:\s+{_ROMANCE_LINK}\s*(?:la\s+|l['’])?[A-ZÀ-Ý][\w'’-]+)+"
)
_PARENT_AFTER = re.compile(r"\s+(?:of\s+the|der|des|de\s+la|del|du|della)\s")


def _is_acronym(word: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Z&-]{1,9}", word))


def _parent_split(words: list[str]) -> tuple[list[str], list[str]] | None:
    """ "Warwick Manufacturing Group of the University of Warwick", "Facultad de Agronomía de
    la UBA": a unit, and the body it belongs to, each a name."""
    for index, word in enumerate(words[1:-1], start=1):
        following = words[index + 1]
        if word in ("of", "de") and following in ("the", "la", "l'"):
            right = words[index + 2 :]
        elif word in ("der", "des", "del", "della"):
            right = words[index + 1 :]
        elif word in ("of", "de") and len(words) == index + 2 and _is_acronym(following):
            right = words[index + 1 :]
        elif (
            word == "of"
            and index > 1
            and _BODY_WORD.search(" ".join(_first_run(words[index + 1 :])))
        ):
            # "Faculty of Science and Technology of UiT The Arctic University": a body named
            # without an article, its own institution word before any further "of".
            right = words[index + 1 :]
        else:
            continue
        left = words[:index]
        if not right or not _ORG_WORD.search(" ".join(left)):
            continue
        if _ORG_WORD.search(" ".join(right)) or (len(right) == 1 and _is_acronym(right[0])):
            return left, right
    return None


# Institution words that name a whole body (not "Sciences", "Research", "State" or a unit).
_BODY_WORD = re.compile(
    r"\b(?:University|Universit[éy]|Universidad|Universidade|Universität|Università|Academy|"
    r"Académie|Academia|Akademie|Society|Gesellschaft|Government|Ministry|Organi[sz]ation)\b"
)


def _first_run(words: list[str]) -> list[str]:
    """The words of a name up to its first link word: "UiT The Arctic University" of "UiT The
    Arctic University of Norway", "Science" of "Science and Technology of ..."."""
    run: list[str] = []
    for word in words:
        if re.fullmatch(_LINK, word):
            break
        run.append(word)
    return run


def _split_pairs(words: list[str]) -> list[list[str]]:
    """ "University of Nairobi and Chinese Academy of Sciences" is two names, split where
    both sides name an institution."""
    for index, word in enumerate(words):
        if word in ("and", "&", "und", "y", "et", "e") and 0 < index < len(words) - 1:
            left, right = words[:index], words[index + 1 :]
            # "Jena und das Korea Advanced Institute": an article after the conjunction
            # starts a new name, whatever came before it.
            article = right[0] in _ARTICLES and len(right) > 1
            # "Faculty of Science and Technology of X University": the words after "and" go
            # on naming the left one's field when no institution word comes before their "of".
            field = bool(re.search(r"\b(?:of|for)\b", " ".join(left))) and not _ORG_WORD.search(
                " ".join(_first_run(right))
            )
            if (article or (_ORG_WORD.search(" ".join(left)) and not field)) and _ORG_WORD.search(
                " ".join(right)
            ):
                return [left, *_split_pairs(right)]
    return [words]


_ARTICLES = frozenset("the das die der la le el los las les o a os as il lo".split())


def _chunks(normalised: str, start: int, end: int) -> list[tuple[int, int]]:
    chunks = []
    for run in re.finditer(f"[{CJK}]+", normalised[start:end]):
        run_start = start + run.start()
        position = run_start
        for stop in _ZH_BREAK.finditer(normalised, run_start, start + run.end()):
            # "人与生物圈计划秘书处": one character before 与 is no name; the name goes on
            # (but "3月与": a month, a day, a year end there).
            if (
                stop.start() - position == 1
                and stop.group() in ("与", "和")
                and normalised[position] not in "年月日号"
            ):
                continue
            # "安和医院": a conjunction followed by a bare institution word ("医院", "大学") is
            # a character of the name, not a conjunction (nobody writes "A和医院" for two).
            if stop.group() in ("与", "和", "及") and _BARE_SUFFIX.match(normalised, stop.end()):
                continue
            # "林业和草原局": 和 joins two fields of one office when what comes before it
            # names no institution and what follows it ends one.
            if stop.group() in ("和", "与") and _one_office(normalised, position, stop):
                continue
            if stop.start() > position:
                chunks.append((position, stop.start()))
            position = stop.end()
        if start + run.end() > position:
            chunks.append((position, start + run.end()))
    return chunks


_BARE_SUFFIX = re.compile(r"(?:医院|大学|学院|研究院|研究所|公司|集团|银行|中心|基金会|协会|学会)")
# "生态与环境学院": a school of two fields is one school too.
_ZH_FIELD_AND = re.compile(
    rf"[{CJK}]{{1,4}}?(?:局|厅|委员会|委|部|办公室|司|处|学院|研究所|研究院|研究中心|实验室)"
    rf"(?=[^{CJK}]|与|和|及|签|的|$)"
)


def _one_office(normalised: str, position: int, stop: re.Match[str]) -> bool:
    left = normalised[position : stop.start()]
    if len(left) < 2 or _ORG_ZH.fullmatch(left) or left.endswith(("市", "省", "县", "州")):
        return False
    return bool(_ZH_FIELD_AND.match(normalised, stop.end()))


def acronym_mentions(text: str, start: int, end: int) -> list[Mention]:
    """ALL-CAPS words of 2 to 8 letters (KEMRI, UNESCO), which may name an institution."""
    return [
        Mention(m.start(), m.end(), None)
        for m in re.finditer(r"(?<![\w-])[A-Z][A-Z&]{1,7}(?![\w-])", text[:end])
        if m.start() >= start
    ]


def merge(
    normalised: str, known: list[Mention], others: list[Mention], text: str | None = None
) -> list[Mention]:
    """Known names, and other names not overlapping one; a Chinese name that starts with a
    known one and goes on (中国科学院深圳先进技术研究院 after 中国科学院) replaces it; in
    "CAS and the University of Mombasa", the name after the known one and "and" is kept."""
    merged = list(known)
    for other in others:
        overlapping = [m for m in merged if m.start < other.end and other.start < m.end]
        if not overlapping:
            merged.append(other)
            continue
        head = _before_known(text, other, overlapping) if text is not None else None
        if head is not None:
            merged.append(head)
            continue
        rest = _after_known(text, other, overlapping) if text is not None else None
        if rest is not None and text is not None:
            if _UNIT_OF.fullmatch(text, overlapping[-1].end, rest.start):
                # "the HKUST School of Engineering", "CUHK's Faculty of Medicine": the unit is
                # the party, not its body; with
                # its body named after it ("TUM School of X der Universität"), all of it.
                merged = [m for m in merged if m not in overlapping]
                if text is not None and _PARENT_AFTER.match(text, other.end):
                    rest = other
            merged.append(rest)
            continue
        # A Chinese or Russian name around a known one ("Институт ... Российской академии
        # наук" around "Российской академии наук") is a longer name, the known one's unit.
        chinese = bool(re.match(f"[{CJK}А-ЯЁа-яё]", normalised[other.start : other.start + 1]))
        if chinese and all(
            m.known is not None and other.start <= m.start and m.end < other.end - 1
            for m in overlapping
        ):
            merged = [m for m in merged if m not in overlapping]
            merged.append(other)
    # "(ИКИ РАН)": a known name within another name's abbreviation is that abbreviation's.
    merged = [
        m
        for m in merged
        if not any(
            o.abbreviation and o.abbreviation[0] <= m.start and m.end <= o.abbreviation[1]
            for o in merged
            if o is not m
        )
    ]
    merged.sort(key=lambda m: m.start)
    return merged


# Between a known body and its unit: a space ("HKUST School of ...") or a possessive.
_UNIT_OF = re.compile(r"(?:['’]s)? ")


def _before_known(text: str, other: Mention, overlapping: list[Mention]) -> Mention | None:
    """ "the Kazakh Academy of Sciences and CAS": the name before "and" and a known one."""
    first = min(overlapping, key=lambda m: m.start)
    if first.start <= other.start or any(m.end > other.end for m in overlapping):
        return None
    link = re.search(
        r"\s*,?\s+(?:and|&|y|et|und|e)\s+(?:(?:the|la|le|l'|el|die|der)\s*)?$",
        text[other.start : first.start],
    )
    if link is None:
        return None
    end = other.start + link.start()
    if end <= other.start or not _ORG_WORD.search(text, other.start, end):
        return None
    if _OFFICE.search(text, other.start, end):
        return None
    return Mention(other.start, end, None)


def _after_known(text: str, other: Mention, overlapping: list[Mention]) -> Mention | None:
    last = max(overlapping, key=lambda m: m.end)
    if any(m.start < other.start for m in overlapping) or last.end >= other.end:
        return None
    link = re.match(
        r"(?:\s*\([^)]*\))?\s+(?:and|&|y|et|und|e)\s+(?:(?:the|la|le|l'|el|die|der)\s*)?|"
        r"(?:['’]s)? (?=[A-Z])",
        text[last.end : other.end],
    )
    if link is not None and _UNIT_OF.fullmatch(link.group()) and len(overlapping) > 1:
        return None
    if link is None:
        return None
    start = last.end + link.end()
    if not _ORG_WORD.search(text, start, other.end) or _OFFICE.search(text, start, other.end):
        return None
    return Mention(start, other.end, None, other.abbreviation)


__all__ = [
    "Mention",
    "acronym_mentions",
    "head",
    "is_venue",
    "known_mentions",
    "merge",
    "org_mentions",
    "without_venues",
]
