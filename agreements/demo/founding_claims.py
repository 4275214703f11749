"""The founding record's claims: each fact its two sources state, with the passage.

Every quote is an exact substring of the source's stored text (the shipped files); the
offsets are found, not typed. Who signed is stated by neither source, so nothing claims it.
"""

from __future__ import annotations

from pathlib import Path

from ..models import Agreement, Claim, ClaimPath, Source

XINHUA_FILE = Path(__file__).with_name("xinhua-2017-12-03.txt")

FIELD_SLUGS = ["education", "science", "technology", "industry", "capital"]
REGION_SLUGS = ["greater-bay-area", "pan-pearl-river-delta"]

# (path, value, quote) per source; the commitments are named by their titles.
PRESS_RELEASE_CLAIMS: list[tuple[str, str, str]] = [
    (ClaimPath.PARTIES, "cas", "CAS and Shenzhen government signed the Agreement"),
    (ClaimPath.PARTIES, "shenzhen", "CAS and Shenzhen government signed the Agreement"),
    (
        ClaimPath.TITLE,
        "Agreement to jointly promote the Construction of Shenzhen International Science "
        "and Technology Industry Innovation Center",
        "both sides signed the Agreement in order to jointly promote the Construction of "
        "Shenzhen International Science and Technology Industry Innovation Center",
    ),
    *[
        (
            ClaimPath.FIELDS,
            slug,
            "All-round cooperation in the fields of education, science, technology, industry "
            "and capital",
        )
        for slug in FIELD_SLUGS
    ],
    *[
        (
            ClaimPath.REGIONS,
            slug,
            "cooperation between Guangdong, Hong Kong and Macao Bay Area, Pan-Pearl-River "
            "Delta Region",
        )
        for slug in REGION_SLUGS
    ],
    (
        ClaimPath.COMMITMENTS,
        "Co-build the Shenzhen campus of the University of Chinese Academy of Sciences",
        "co-construction of the Shenzhen campus of the University of Chinese Academy of Sciences",
    ),
    (
        ClaimPath.COMMITMENTS,
        "Co-build several major science and technology infrastructure facilities",
        "several major scientific and technological infrastructure",
    ),
    (
        ClaimPath.COMMITMENTS,
        "Transfer and commercialise CAS science and technology achievements",
        "promote the transformation and transformation of scientific and technological "
        "achievements of CAS",
    ),
]

XINHUA_CLAIMS: list[tuple[str, str, str]] = [
    (
        ClaimPath.SIGNED_ON,
        "2017-12-03",
        "新華社深圳12月3日電(記者 陳宇軒)中國科學院與深圳市政府3日簽署了",
    ),
    (ClaimPath.SIGNED_PLACE, "Shenzhen", "新華社深圳12月3日電"),
    (
        ClaimPath.TITLE_LOCAL,
        "共同推进建设深圳国际科技产业创新中心合作协议书",
        "《共同推進建設深圳國際科技産業創新中心合作協議書》",
    ),
    (ClaimPath.KIND, "cooperation_agreement", "合作協議書"),
    (ClaimPath.PARTIES, "cas", "中國科學院與深圳市政府3日簽署了"),
    (ClaimPath.PARTIES, "shenzhen", "中國科學院與深圳市政府3日簽署了"),
    *[(ClaimPath.FIELDS, slug, "在教育、科技、産業、資本等方面開展合作") for slug in FIELD_SLUGS],
    (ClaimPath.REGIONS, "greater-bay-area", "粵港澳大灣區建設、粵港澳合作"),
    (ClaimPath.REGIONS, "pan-pearl-river-delta", "泛珠三角區域合作"),
    (
        ClaimPath.COMMITMENTS,
        "Co-build the Shenzhen campus of the University of Chinese Academy of Sciences",
        "共建中國科學院大學深圳校區",
    ),
    (
        ClaimPath.COMMITMENTS,
        "Co-build several major science and technology infrastructure facilities",
        "若干重大科技基礎設施",
    ),
    (
        ClaimPath.COMMITMENTS,
        "Transfer and commercialise CAS science and technology achievements",
        "推動中科院科技成果轉移轉化",
    ),
]


def load_claims(agreement: Agreement, *, press: Source, xinhua: Source) -> None:
    """Create the claims that are missing; an existing one is left as it is."""
    for source, claims in ((press, PRESS_RELEASE_CLAIMS), (xinhua, XINHUA_CLAIMS)):
        for path, value, quote in claims:
            start = source.text.index(quote)  # a quote not in the text is a bug: fail loudly
            Claim.objects.get_or_create(
                agreement=agreement,
                source=source,
                path=path,
                value=value,
                defaults={"quote": quote, "start": start, "end": start + len(quote)},
            )
