"""The founding record: CAS and the Shenzhen government, 3 December 2017.

Every value here is stated by one of the two sources (see shared/seed/README.md); what
they do not state (who signed, the commitments' due dates) is left empty, not guessed.
Loading is idempotent: records are found by their natural keys and brought up to date.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

from kernel.partial_date import PartialDate
from parties.choices import PartyKind
from parties.models import Party, PartyAlias, Person, Post

from ..choices import (
    AgreementKind,
    CommitmentStatus,
    EventKind,
    ParticipantRole,
    PartyRole,
)
from ..models import (
    Agreement,
    AgreementParty,
    AgreementSource,
    Commitment,
    CooperationField,
    Event,
    EventParticipant,
    Region,
    Source,
)
from ..statuses import refresh_statuses
from .founding_claims import XINHUA_FILE, load_claims

PRESS_RELEASE_FILE = Path(__file__).with_name("cas-shenzhen-2017-press-release.txt")
PRESS_RELEASE_URL = "http://english.siat.ac.cn/News2017/SN2017/201712/t20171205_187123.html"
XINHUA_URL = "http://www.gov.cn/xinwen/2017-12/04/content_5244271.htm"
AGREEMENT_SLUG = "cas-shenzhen-2017"
TITLE_EN = (
    "Agreement to jointly promote the Construction of Shenzhen International Science "
    "and Technology Industry Innovation Center"
)
TITLE_ZH = "共同推进建设深圳国际科技产业创新中心合作协议书"

FIELDS = [
    ("education", "Education", "教育"),
    ("science", "Science", "科学"),
    ("technology", "Technology", "技术"),
    ("industry", "Industry", "产业"),
    ("capital", "Capital", "资本"),
]

COMMITMENTS = [
    "Co-build the Shenzhen campus of the University of Chinese Academy of Sciences",
    "Co-build several major science and technology infrastructure facilities",
    "Transfer and commercialise CAS science and technology achievements",
]


def press_release_excerpt() -> str:
    """The press release body: everything after its title and date lines."""
    lines = PRESS_RELEASE_FILE.read_text(encoding="utf-8").splitlines()
    body = [line for line in lines[1:] if not line.startswith("Date:")]
    return "\n\n".join(p.strip() for p in "\n".join(body).split("\n\n") if p.strip())


def _upsert(model: type[Any], lookup: dict[str, Any], values: dict[str, Any]) -> Any:
    """update_or_create that only writes (and so only adds history) when something changed."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
    return obj


@transaction.atomic
def load() -> Agreement:
    press = _upsert(
        Source,
        {"url": PRESS_RELEASE_URL},
        {
            "title": (
                "CAS and Shenzhen government signed the Agreement to promote the Construction "
                "of Shenzhen International Science and Technology Industry Innovation Center"
            ),
            "publisher": "Shenzhen Institutes of Advanced Technology, Chinese Academy of Sciences",
            "published_on": PartialDate.parse("2017-12-05"),
            "language": "en",
            "excerpt": press_release_excerpt(),
            "text": PRESS_RELEASE_FILE.read_text(encoding="utf-8"),
        },
    )
    xinhua = _upsert(
        Source,
        {"url": XINHUA_URL},
        {
            # The dispatch's own headline is not recorded in the seed; this describes it.
            "title": "Xinhua dispatch from Shenzhen, 3 December 2017 (reprinted on gov.cn)",
            "publisher": "Xinhua News Agency, reprinted by www.gov.cn",
            "published_on": PartialDate.parse("2017-12-04"),
            "language": "zh",
            "excerpt": TITLE_ZH,
            "text": XINHUA_FILE.read_text(encoding="utf-8"),
        },
    )

    cas = _upsert(
        Party,
        {"slug": "cas"},
        {
            "name": "Chinese Academy of Sciences",
            "name_local": "中国科学院",
            "abbreviation": "CAS",
            "kind": PartyKind.ACADEMY,
            "country": "CN",
            "parent": None,
        },
    )
    _upsert(PartyAlias, {"party": cas, "name": "Chinese Academy of Science"}, {"language": "en"})
    shenzhen = _upsert(
        Party,
        {"slug": "shenzhen"},
        {
            "name": "Shenzhen Municipal People's Government",
            "name_local": "深圳市人民政府",
            "abbreviation": "",
            "kind": PartyKind.GOVERNMENT,
            "country": "CN",
            "parent": None,
        },
    )
    _upsert(PartyAlias, {"party": shenzhen, "name": "Shenzhen government"}, {"language": "en"})
    siat = _upsert(
        Party,
        {"slug": "siat"},
        {
            "name": "Shenzhen Institutes of Advanced Technology",
            "name_local": "中国科学院深圳先进技术研究院",
            "abbreviation": "SIAT",
            "kind": PartyKind.RESEARCH_INSTITUTE,
            "country": "CN",
            "parent": cas,
        },
    )
    ucas = _upsert(
        Party,
        {"slug": "ucas"},
        {
            "name": "University of Chinese Academy of Sciences",
            "name_local": "中国科学院大学",
            "abbreviation": "UCAS",
            "kind": PartyKind.UNIVERSITY,
            "country": "CN",
            "parent": cas,
        },
    )
    press.parties.set([cas, shenzhen, siat, ucas])
    xinhua.parties.set([cas, shenzhen])

    bai = _upsert(Person, {"slug": "bai-chunli"}, {"name": "BAI Chunli", "name_local": "白春礼"})
    wang = _upsert(
        Person, {"slug": "wang-weizhong"}, {"name": "WANG Weizhong", "name_local": "王伟中"}
    )
    _upsert(
        Post,
        {"person": bai, "party": cas, "title": "President"},
        {
            "started_on": PartialDate.parse("2011"),
            "ended_on": PartialDate.parse("2020"),
        },
    )

    fields = [
        _upsert(CooperationField, {"slug": slug}, {"name": name, "name_local": local})
        for slug, name, local in FIELDS
    ]
    bay_area = _upsert(
        Region,
        {"slug": "greater-bay-area"},
        {
            "name": "Guangdong–Hong Kong–Macao Greater Bay Area",
            "name_local": "粤港澳大湾区",
            "description": "Spans Guangdong, Hong Kong and Macao.",
            "countries": ["CN", "HK", "MO"],
        },
    )
    pan_prd = _upsert(
        Region,
        {"slug": "pan-pearl-river-delta"},
        {"name": "Pan-Pearl-River Delta region", "name_local": "泛珠三角区域"},
    )

    agreement = _upsert(
        Agreement,
        {"slug": AGREEMENT_SLUG},
        {
            "title": TITLE_EN,
            "title_local": TITLE_ZH,
            "language": "zh",
            # 合作协议书: a cooperation agreement, by its Chinese title.
            "kind": AgreementKind.COOPERATION_AGREEMENT,
            "signed_on": PartialDate.parse("2017-12-03"),
            "signed_place": "Shenzhen",
            "published": True,
            "summary": (
                "The Chinese Academy of Sciences and the Shenzhen Municipal People's Government "
                "agree to cooperate in education, science, technology, industry and capital to "
                "build the Shenzhen International Science and Technology Industry Innovation "
                "Center, with the Guangdong–Hong Kong–Macao Greater Bay Area and the "
                "Pan-Pearl-River Delta region in view: co-building the Shenzhen campus of the "
                "University of Chinese Academy of Sciences and several major science and "
                "technology infrastructure facilities, and transferring and commercialising "
                "CAS science and technology achievements."
            ),
        },
    )
    # The status its dates give (in force since 3 December 2017), as any write stores it.
    refresh_statuses(ids=[agreement.pk])
    agreement.refresh_from_db(fields=["status", "updated_at"])
    for position, party in enumerate([cas, shenzhen]):
        _upsert(
            AgreementParty,
            {"agreement": agreement, "party": party},
            {"role": PartyRole.PARTY, "position": position},
        )
    agreement.fields.set(fields)
    agreement.regions.set([bay_area, pan_prd])
    _upsert(
        AgreementSource,
        {"agreement": agreement, "source": press},
        {"supports": "English title; parties; fields; regions; commitments; the symposium"},
    )
    _upsert(
        AgreementSource,
        {"agreement": agreement, "source": xinhua},
        {"supports": "Chinese title; signed on 3 December 2017 in Shenzhen; parties"},
    )
    for position, title in enumerate(COMMITMENTS):
        commitment = _upsert(
            Commitment,
            {"agreement": agreement, "title": title},
            {"status": CommitmentStatus.PLANNED, "position": position},
        )
        commitment.responsible_parties.set([cas, shenzhen])
        commitment.sources.set([press, xinhua])

    load_claims(agreement, press=press, xinhua=xinhua)

    symposium = _upsert(
        Event,
        {"slug": "cas-shenzhen-symposium-2017"},
        {
            "title": "Symposium on science and technology cooperation between CAS and Shenzhen",
            "title_local": "",
            "kind": EventKind.SYMPOSIUM,
            "date": PartialDate.parse("2017-12-03"),
            "place": "Shenzhen",
            "description": "Held by both sides before signing the agreement.",
            "published": True,
        },
    )
    symposium.parties.set([cas, shenzhen])
    symposium.agreements.set([agreement])
    symposium.sources.set([press])
    _upsert(
        EventParticipant,
        {"event": symposium, "person": wang},
        {
            "party": shenzhen,
            "role": ParticipantRole.HOST,
            "note": "Welcomed BAI Chunli to Shenzhen and thanked CAS for its support.",
        },
    )
    _upsert(
        EventParticipant,
        {"event": symposium, "person": bai},
        {"party": cas, "role": ParticipantRole.GUEST, "note": "Head of the CAS side."},
    )
    return agreement
