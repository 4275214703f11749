"""The synthetic world agreements are made in: party hierarchies, office-holders,
cooperation fields and regions, built in memory from a seeded random generator."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.utils.text import slugify

from parties.choices import PartyKind
from registry.partial_date import PartialDate, Precision
from registry.slugs import SLUG_MAX_LENGTH

from . import vocabulary as v

FIRST_TERM_YEAR = 1996
LAST_YEAR = 2025
# Depth below which bodies have recorded heads (labs and divisions sign through parents).
MAX_HEADED_DEPTH = 2


class SlugAllocator:
    """Unique slugs in the registry's format, suffixed -2, -3... on collision."""

    def __init__(self, taken: set[str] | None = None, fallback: str = "record") -> None:
        self.taken = taken if taken is not None else set()
        self.fallback = fallback
        self.counters: dict[str, int] = {}

    def allocate(self, *texts: str) -> str:
        base = next(
            (s for s in (slugify(t)[: SLUG_MAX_LENGTH - 8].strip("-") for t in texts if t) if s),
            self.fallback,
        )
        slug = base
        if slug in self.taken:
            n = self.counters.get(base, 1)
            while slug in self.taken:
                n += 1
                slug = f"{base}-{n}"
            self.counters[base] = n
        self.taken.add(slug)
        return slug


@dataclass
class PartySpec:
    index: int
    slug: str
    name: str
    name_local: str
    abbreviation: str
    kind: str
    country: str
    parent: int | None
    depth: int
    head: str  # key of HEAD_TITLES, "" for bodies without a recorded head
    zh: str  # how a Chinese title names this party
    city: str
    region_slugs: tuple[str, ...]
    website: str = ""
    aliases: list[tuple[str, str]] = field(default_factory=list)
    ancestors: tuple[int, ...] = ()  # indices, parent first
    pk: int = 0


@dataclass
class PersonSpec:
    slug: str
    name: str
    name_local: str
    pk: int = 0


@dataclass
class PostSpec:
    person: int
    party: int
    title: str
    title_local: str
    started_on: PartialDate
    ended_on: PartialDate | None  # the next head's first month or year; None while in office

    def holds_on(self, day: dt.date) -> bool:
        return self.started_on.start <= day and (self.ended_on is None or day < self.ended_on.start)


@dataclass
class TermSpec:
    """A cooperation field or a region."""

    slug: str
    name: str
    name_local: str
    parent: str | None
    countries: tuple[str, ...] = ()
    pk: int = 0


def initials(name: str) -> str:
    words = [w for w in name.replace(",", " ").split() if w[:1].isupper()]
    return "".join(w[0] for w in words if w not in {"The", "Co.", "Ltd."})


class UniverseBuilder:
    """Builds every party, person, post, field and region for one seed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.parties: list[PartySpec] = []
        self.people: list[PersonSpec] = []
        self.posts: list[PostSpec] = []
        self.party_slugs = SlugAllocator(fallback="party")
        self.person_slugs = SlugAllocator(fallback="person")

    def build(self) -> Universe:
        for country in v.COUNTRIES:
            self._country(country)
        self._international()
        for spec in self.parties:
            ancestors: list[int] = []
            parent = spec.parent
            while parent is not None:
                ancestors.append(parent)
                parent = self.parties[parent].parent
            spec.ancestors = tuple(ancestors)
        for spec in self.parties:
            if spec.head:
                self._heads(spec)
        return Universe(self.parties, self.people, self.posts, _fields(), _regions())

    # Parties -------------------------------------------------------------------------

    def _add(
        self,
        template: str,
        country: v.Country | None,
        parent: PartySpec | None,
        kind: str,
        head: str,
        context: dict[str, dict[str, str]],
        *,
        city: str = "",
        abbreviation: str = "",
        region_slugs: tuple[str, ...] = (),
    ) -> PartySpec:
        """A party named by ``template``; ``context`` maps each placeholder to its name by
        language ("en" and the country's language)."""
        code = country.code if country else ""
        language = country.language if country else "en"
        names = v.TEMPLATES[template]
        en_format = names.get(f"en:{code}", names["en"])
        name = en_format.format(**{k: val["en"] for k, val in context.items()})
        local = ""
        if language in v.LOCAL_SCRIPT_LANGUAGES:
            local = names[language].format(
                **{k: val.get(language, "") for k, val in context.items()}
            )
        return self._party(
            name, local, abbreviation, kind, country, parent, head, city, region_slugs
        )

    def _party(
        self,
        name: str,
        local: str,
        abbreviation: str,
        kind: str,
        country: v.Country | None,
        parent: PartySpec | None,
        head: str,
        city: str,
        region_slugs: tuple[str, ...] = (),
        zh: str = "",
    ) -> PartySpec:
        if country is not None and not zh:
            if country.language in ("zh", "ja") and local:
                zh = local
            else:
                zh = country.zh + (abbreviation or name)
        depth = parent.depth + 1 if parent else 0
        spec = PartySpec(
            index=len(self.parties),
            slug=self.party_slugs.allocate(abbreviation, name),
            name=name[:300],
            name_local=local[:300],
            abbreviation=abbreviation[:40],
            kind=kind,
            country=country.code if country else "",
            parent=parent.index if parent else None,
            depth=depth,
            head=head if depth <= MAX_HEADED_DEPTH else "",
            zh=zh,
            city=city or (parent.city if parent else ""),
            region_slugs=region_slugs or (parent.region_slugs if parent else ()),
        )
        if depth <= 1:
            spec.website = f"https://{spec.slug}.example.org/"
        self.parties.append(spec)
        return spec

    def _country(self, country: v.Country) -> None:
        rng = self.rng
        lang = country.language
        cn = _names(country.en, country.en, lang)
        country_regions = _country_region_slugs(country.code)
        government = self._party(
            country.government[0],
            country.government[1],
            "",
            PartyKind.GOVERNMENT,
            country,
            None,
            "government",
            "",
            country_regions,
        )
        for key, *ministry in v.MINISTRIES:
            local = _local(ministry, lang)
            abbreviation = key.upper() if country.code == "CN" else ""
            minister = self._party(
                ministry[0] if country.code == "CN" else f"{ministry[0]} of {country.en}",
                local,
                abbreviation,
                PartyKind.GOVERNMENT_AGENCY,
                country,
                government,
                "ministry",
                "",
            )
            for number, unit in enumerate(v.MINISTRY_UNITS):
                department = self._party(
                    f"{unit[0]}, {minister.name}",
                    _local(unit, lang, minister.name_local),
                    "",
                    PartyKind.GOVERNMENT_AGENCY,
                    country,
                    minister,
                    "agency",
                    "",
                )
                if number == 0:
                    for division in v.MINISTRY_DIVISIONS:
                        self._party(
                            f"{division[0]}, {department.name}",
                            _local(division, lang, department.name_local),
                            "",
                            PartyKind.GOVERNMENT_AGENCY,
                            country,
                            department,
                            "",
                            "",
                        )
        academy_en, academy_local, academy_abbr = country.academy
        academy = self._party(
            academy_en,
            academy_local,
            academy_abbr,
            PartyKind.ACADEMY,
            country,
            None,
            "academy",
            "",
            country_regions,
        )
        academy.aliases += [(a, "") for a in _ACADEMY_ALIASES.get(academy_abbr, ())]
        academy_names = _names(academy_abbr, v.GENITIVE.get(academy_local, academy_local), lang)
        association = self._add(
            "association",
            country,
            None,
            PartyKind.NGO,
            "ngo",
            {"country": cn},
            region_slugs=country_regions,
        )
        for region in country.regions:
            region_names = _names(region.place.en, region.place.local, lang)
            region_slugs = tuple(
                dict.fromkeys(country_regions + _CN_REGIONS.get(region.place.en, ()))
            )
            capital = region.cities[0].en
            province = self._add(
                "province",
                country,
                None,
                PartyKind.GOVERNMENT,
                "province",
                {"region": region_names},
                city=capital,
                region_slugs=region_slugs,
            )
            province.aliases.append((f"{region.place.en} Government", "en"))
            for template in ("province_st", "province_edu"):
                self._add(
                    template,
                    country,
                    province,
                    PartyKind.GOVERNMENT_AGENCY,
                    "agency",
                    {"region": region_names},
                )
            self._add(
                "regional_association",
                country,
                association,
                PartyKind.NGO,
                "ngo",
                {"region": region_names},
                city=capital,
                region_slugs=region_slugs,
            )
            for place in region.cities:
                self._city(country, place, province, academy, academy_names, region_slugs)
        for number in range(rng.randint(2, 4)):
            self._enterprise(country, number)

    def _city(
        self,
        country: v.Country,
        place: v.Place,
        province: PartySpec,
        academy: PartySpec,
        academy_names: dict[str, str],
        region_slugs: tuple[str, ...],
    ) -> None:
        rng = self.rng
        lang = country.language
        city_names = _names(place.en, place.local, lang)
        government = self._add(
            "city",
            country,
            province,
            PartyKind.GOVERNMENT,
            "city",
            {"city": city_names},
            city=place.en,
            region_slugs=region_slugs,
        )
        if place.en != government.name:
            government.aliases.append((f"{place.en} Government", "en"))
        self._add(
            "city_st",
            country,
            government,
            PartyKind.GOVERNMENT_AGENCY,
            "agency",
            {"city": city_names},
        )
        zone = self._add(
            "zone", country, government, PartyKind.GOVERNMENT_AGENCY, "agency", {"city": city_names}
        )
        self._add(
            "zone_bureau", country, zone, PartyKind.GOVERNMENT_AGENCY, "", {"city": city_names}
        )
        branch = self._add(
            "branch",
            country,
            academy,
            PartyKind.ACADEMY,
            "institute",
            {"academy": academy_names, "city": city_names},
            city=place.en,
            region_slugs=region_slugs,
        )
        for topic in rng.sample(v.TOPICS, 3):
            topic_names = _topic(topic, lang)
            context = {"academy": academy_names, "city": city_names, "topic": topic_names}
            name = v.TEMPLATES["institute"]["en"].format(city=place.en, topic=topic[0])
            abbreviation = initials(name) if rng.random() < 0.6 else ""
            institute = self._add(
                "institute",
                country,
                branch,
                PartyKind.RESEARCH_INSTITUTE,
                "institute",
                context,
                abbreviation=abbreviation,
            )
            lab_topic = _topic(rng.choice(v.TOPICS), lang)
            self._add(
                "lab",
                country,
                institute,
                PartyKind.RESEARCH_INSTITUTE,
                "",
                {"city": city_names, "topic": lab_topic},
            )
        for template in rng.sample(("university", "tech_university"), rng.randint(1, 2)):
            university = self._add(
                template,
                country,
                None,
                PartyKind.UNIVERSITY,
                "university",
                {"city": city_names},
                city=place.en,
                region_slugs=region_slugs,
            )
            if rng.random() < 0.5:
                university.abbreviation = initials(university.name)
            if template == "tech_university" and rng.random() < 0.3:
                university.aliases.append((f"{place.en} Institute of Technology", "en"))
            parent_names = _names(university.name, university.name_local, lang)
            for topic in rng.sample(v.TOPICS, 3):
                context = {"topic": _topic(topic, lang), "parent": parent_names}
                school = self._add(
                    "school", country, university, PartyKind.UNIVERSITY, "school", context
                )
                if rng.random() < 0.5:
                    self._add("centre", country, school, PartyKind.UNIVERSITY, "", context)

    def _enterprise(self, country: v.Country, number: int) -> None:
        rng = self.rng
        lang = country.language
        if number < len(country.brands):
            brand = country.brands[number]
            brand_names = _names(brand.en, brand.local, lang)
        else:
            word = v.GENERIC_BRANDS[(number * 7 + len(country.code) + ord(country.code[0])) % 9]
            brand_names = _names(word, word, lang)
        region = rng.choice(country.regions)
        city = region.cities[0]
        group = self._add(
            "group",
            country,
            None,
            PartyKind.ENTERPRISE,
            "enterprise",
            {"brand": brand_names},
            city=city.en,
            abbreviation=brand_names["en"].upper(),
            region_slugs=_country_region_slugs(country.code),
        )
        group.aliases.append((f"{brand_names['en']} Group", "en"))
        for sector in rng.sample(v.SECTORS, 3):
            sector_names = _names(sector[0], _local(sector, lang), lang)
            context = {"brand": brand_names, "sector": sector_names}
            subsidiary = self._add(
                "subsidiary", country, group, PartyKind.ENTERPRISE, "enterprise", context
            )
            if rng.random() < 0.6:
                place = rng.choice(rng.choice(country.regions).cities)
                context["city"] = _names(place.en, place.local, lang)
                self._add(
                    "local_subsidiary",
                    country,
                    subsidiary,
                    PartyKind.ENTERPRISE,
                    "",
                    context,
                    city=place.en,
                )

    def _international(self) -> None:
        for name, zh, abbreviation, children in v.INTERNATIONAL_ORGANIZATIONS:
            parent = self._party(
                name,
                "",
                abbreviation,
                PartyKind.INTERNATIONAL_ORGANIZATION,
                None,
                None,
                "international",
                "Geneva",
                ("belt-and-road",),
                zh=zh,
            )
            for child in children:
                self._party(
                    child,
                    "",
                    "",
                    PartyKind.INTERNATIONAL_ORGANIZATION,
                    None,
                    parent,
                    "agency",
                    "",
                    zh=zh,
                )

    # People --------------------------------------------------------------------------

    def _heads(self, party: PartySpec) -> None:
        """Successive heads of a body up to today; each term ends the month (or year) the
        next begins, so exactly one head is in office on any day."""
        rng = self.rng
        title, title_zh = v.HEAD_TITLES[party.head]
        country = _COUNTRY.get(party.country)
        pool = country.names if country else rng.choice(list(v.PERSON_NAMES))
        start: PartialDate | None = self._handover(FIRST_TERM_YEAR + rng.randint(0, 4))
        while start is not None:
            year = start.start.year + rng.randint(4, 9)
            following = self._handover(year) if year <= LAST_YEAR else None
            self.posts.append(
                PostSpec(
                    person=self._person(pool),
                    party=party.index,
                    title=title,
                    title_local=title_zh if party.country == "CN" else "",
                    started_on=start,
                    ended_on=following,
                )
            )
            start = following

    def _handover(self, year: int) -> PartialDate:
        if self.rng.random() < 0.5:
            return PartialDate(dt.date(year, self.rng.randint(1, 12), 1), Precision.MONTH)
        return PartialDate(dt.date(year, 1, 1), Precision.YEAR)

    def _person(self, pool: str) -> int:
        families, givens = v.PERSON_NAMES[pool]
        family, family_local = self.rng.choice(families)
        given, given_local = self.rng.choice(givens)
        if pool in v.FAMILY_NAME_FIRST:
            name = f"{family.upper()} {given}"
            local = f"{family_local}{given_local}"
        else:
            name = f"{given} {family}"
            local = f"{given_local} {family_local}" if family_local else ""
        self.people.append(PersonSpec(self.person_slugs.allocate(name), name, local))
        return len(self.people) - 1


@dataclass
class Universe:
    parties: list[PartySpec]
    people: list[PersonSpec]
    posts: list[PostSpec]
    fields: list[TermSpec]
    regions: list[TermSpec]


_COUNTRY = {c.code: c for c in v.COUNTRIES}

_ACADEMY_ALIASES = {
    "CAS": ("Academia Sinica (1949)", "Chinese Academy of Science"),
    "RAS": ("Academy of Sciences of the USSR",),
    "MPG": ("Max-Planck-Gesellschaft",),
    "CNRS": ("Centre national de la recherche scientifique",),
    "CSIC": ("Consejo Superior de Investigaciones Cientificas",),
    "CNR": ("Consiglio Nazionale delle Ricerche",),
}


def _local(names: tuple[str, ...] | list[str], language: str, parent: str = "") -> str:
    """The local-script form from an (en, zh, ja, ko, ru) tuple, after its parent's name."""
    column = v.LANGUAGE_COLUMN.get(language)
    if not column or column >= len(names):
        return ""
    if not parent:
        return names[column]
    if language == "ru":
        return f"{names[column]}, {parent}"
    return f"{parent} {names[column]}" if language == "ko" else f"{parent}{names[column]}"


def _topic(topic: tuple[str, ...], language: str) -> dict[str, str]:
    return _names(topic[0], _local(topic, language), language)


def _names(en: str, local: str, language: str) -> dict[str, str]:
    """A placeholder's value by language: English, and the local script if any."""
    return {language: local, "en": en} if language != "en" else {"en": en}


def _country_region_slugs(code: str) -> tuple[str, ...]:
    """Regions covering a country: those listing it, and sub-regions (with their parent)."""
    slugs: list[str] = []
    for slug, _en, _zh, countries, children in v.REGIONS:
        # Chinese bodies belong to the regions of their province, not to all of China's.
        if code in countries and code != "CN":
            slugs.append(slug)
        for child in children:
            if child[3:4] == (code,):
                slugs += [slug, child[0]]
    return tuple(slugs)


_CN_REGIONS = {
    "Guangdong": (
        "greater-bay-area",
        "pan-pearl-river-delta",
        "shenzhen-hong-kong-innovation-zone",
    ),
    "Sichuan": ("chengdu-chongqing", "pan-pearl-river-delta"),
    "Jiangsu": ("yangtze-river-delta",),
    "Zhejiang": ("yangtze-river-delta",),
    "Anhui": ("yangtze-river-delta",),
}


def _fields() -> list[TermSpec]:
    terms: list[TermSpec] = []
    for slug, name, zh, children in v.FIELDS:
        terms.append(TermSpec(slug, name, zh, None))
        terms += [TermSpec(slugify(child), child, child_zh, slug) for child, child_zh in children]
    return terms


def _regions() -> list[TermSpec]:
    terms: list[TermSpec] = []
    for slug, name, zh, countries, children in v.REGIONS:
        terms.append(TermSpec(slug, name, zh, None, countries))
        for child in children:
            terms.append(TermSpec(child[0], child[1], child[2], slug, tuple(child[3:4])))
    return terms
