"""The synthetic world agreements are made in: party hierarchies, office-holders,
cooperation fields and regions, built in memory from a seeded random generator."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from bench.dataset import vocabulary as v
from bench.dataset.places import (
    ACADEMY_ALIASES,
    CN_REGIONS,
    COUNTRY,
    country_region_slugs,
    field_terms,
    local_name,
    names_by_language,
    region_terms,
    topic_names,
)
from bench.dataset.specs import (
    FIRST_TERM_YEAR,
    LAST_YEAR,
    MAX_HEADED_DEPTH,
    PartySpec,
    PersonSpec,
    PostSpec,
    SlugAllocator,
    TermSpec,
    initials,
)
from kernel.partial_date import PartialDate, Precision
from parties.choices import PartyKind


@dataclass
class Universe:
    parties: list[PartySpec]
    people: list[PersonSpec]
    posts: list[PostSpec]
    fields: list[TermSpec]
    regions: list[TermSpec]


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
        return Universe(self.parties, self.people, self.posts, field_terms(), region_terms())

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
        cn = names_by_language(country.en, country.en, lang)
        country_regions = country_region_slugs(country.code)
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
            local = local_name(ministry, lang)
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
                    local_name(unit, lang, minister.name_local),
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
                            local_name(division, lang, department.name_local),
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
        academy.aliases += [(a, "") for a in ACADEMY_ALIASES.get(academy_abbr, ())]
        academy_names = names_by_language(
            academy_abbr, v.GENITIVE.get(academy_local, academy_local), lang
        )
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
            region_names = names_by_language(region.place.en, region.place.local, lang)
            region_slugs = tuple(
                dict.fromkeys(country_regions + CN_REGIONS.get(region.place.en, ()))
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
        city_names = names_by_language(place.en, place.local, lang)
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
            topic_label = topic_names(topic, lang)
            context = {"academy": academy_names, "city": city_names, "topic": topic_label}
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
            lab_topic = topic_names(rng.choice(v.TOPICS), lang)
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
            parent_names = names_by_language(university.name, university.name_local, lang)
            for topic in rng.sample(v.TOPICS, 3):
                context = {"topic": topic_names(topic, lang), "parent": parent_names}
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
            brand_names = names_by_language(brand.en, brand.local, lang)
        else:
            word = v.GENERIC_BRANDS[(number * 7 + len(country.code) + ord(country.code[0])) % 9]
            brand_names = names_by_language(word, word, lang)
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
            region_slugs=country_region_slugs(country.code),
        )
        group.aliases.append((f"{brand_names['en']} Group", "en"))
        for sector in rng.sample(v.SECTORS, 3):
            sector_names = names_by_language(sector[0], local_name(sector, lang), lang)
            context = {"brand": brand_names, "sector": sector_names}
            subsidiary = self._add(
                "subsidiary", country, group, PartyKind.ENTERPRISE, "enterprise", context
            )
            if rng.random() < 0.6:
                place = rng.choice(rng.choice(country.regions).cities)
                context["city"] = names_by_language(place.en, place.local, lang)
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
        country = COUNTRY.get(party.country)
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
