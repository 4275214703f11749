"""Agreements among the synthetic universe's parties: titles, dates, signatories, fields,
sources, relations and commitments, made a batch at a time from a seeded generator."""

from __future__ import annotations

import datetime as dt
import random
from array import array
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from agreements.choices import AgreementStatus, CommitmentStatus, PartyRole, RelationKind
from agreements.models import (
    Agreement,
    AgreementParty,
    AgreementRelation,
    AgreementSource,
    Commitment,
    Signature,
    Source,
)
from agreements.models.agreement import MIN_PUBLISHED_PARTIES
from bench.dataset import vocabulary as v
from bench.dataset.universe import PartySpec, PostSpec, SlugAllocator, TermSpec, Universe
from kernel.partial_date import PartialDate, Precision


class DatasetError(Exception):
    """The database is not in a state the generator can add to."""


@dataclass
class Counts:
    agreements: int = 0
    parties: int = 0
    people: int = 0
    party_links: int = 0
    signatures: int = 0
    sources: int = 0
    relations: int = 0
    commitments: int = 0
    tagged: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


FIRST_YEAR = 2000
LAST_DAY = dt.date(2025, 12, 31)
# Statuses are judged against this fixed day, not today, so a seed always gives the same data.
REFERENCE_DAY = dt.date(2026, 1, 1)
PARTY_COUNTS = (2, 3, 4, 5)
PARTY_COUNT_WEIGHTS = (60, 25, 10, 5)
COUNTRY_NAMES = {c.code: c.en for c in v.COUNTRIES}


@dataclass
class Draft:
    """One agreement's rows before its primary key is known."""

    agreement: Agreement
    parties: list[int]
    signed_day: dt.date | None
    signatures: list[tuple[int, int, str, str]] = field(default_factory=list)
    fields: list[int] = field(default_factory=list)
    regions: list[int] = field(default_factory=list)
    sources: list[tuple[Source, str]] = field(default_factory=list)
    relation: tuple[str, int] | None = None
    commitments: list[tuple[Commitment, int]] = field(default_factory=list)


class AgreementMaker:
    """Makes agreements among the universe's parties, a batch at a time."""

    def __init__(self, universe: Universe, rng: random.Random, using: str) -> None:
        self.u = universe
        self.rng = rng
        self.using = using
        self.slugs = SlugAllocator(
            set(Agreement.objects.using(using).values_list("slug", flat=True)), "agreement"
        )
        self.by_country: dict[str, list[int]] = {}
        self.top_by_country: dict[str, list[int]] = {}
        for spec in universe.parties:
            self.by_country.setdefault(spec.country, []).append(spec.index)
            if spec.depth <= 1:
                self.top_by_country.setdefault(spec.country, []).append(spec.index)
        self.countries = list(self.by_country)
        self.foreign = [c for c in self.countries if c not in ("CN", "")]
        self.posts: dict[int, list[PostSpec]] = {}
        for post in universe.posts:
            self.posts.setdefault(post.party, []).append(post)
        self.region_pks = {t.slug: t.pk for t in universe.regions}
        # Agreements made so far by lead party, for relations: their indexes in the run and
        # their signing days (as ordinals), in arrays of machine integers like the primary
        # keys below: these grow with the run, and a million entries of the three took
        # 161 MiB as lists of Python objects, 23 MiB as arrays (measured with tracemalloc).
        self.by_lead: dict[int, tuple[array[int], array[int]]] = {}
        # The earliest of those days, so most agreements need not look through the list.
        self.first_by_lead: dict[int, dt.date] = {}
        self.pks: array[int] = array("q")

    def insert_batch(self, size: int, counts: Counts) -> None:
        drafts = [self._draft(len(self.pks) + n) for n in range(size)]
        db = Agreement.objects.using(self.using)
        db.bulk_create([d.agreement for d in drafts])
        self.pks.extend(d.agreement.pk for d in drafts)
        FieldLink: Any = Agreement.fields.through
        RegionLink: Any = Agreement.regions.through
        party_links, signatures, field_links, region_links, relations = [], [], [], [], []
        for d in drafts:
            pk = d.agreement.pk
            party_links += [
                AgreementParty(
                    agreement_id=pk,
                    party_id=self.u.parties[p].pk,
                    role=PartyRole.LEAD if n == 0 and len(d.parties) > 2 else PartyRole.PARTY,
                    position=n,
                )
                for n, p in enumerate(d.parties)
            ]
            signatures += [
                Signature(
                    agreement_id=pk,
                    person_id=self.u.people[person].pk,
                    on_behalf_of_id=self.u.parties[body].pk,
                    role=role,
                    title=title,
                )
                for person, body, role, title in d.signatures
            ]
            field_links += [FieldLink(agreement_id=pk, cooperationfield_id=f) for f in d.fields]
            region_links += [RegionLink(agreement_id=pk, region_id=r) for r in d.regions]
            if d.relation:
                kind, other = d.relation
                relations.append(
                    AgreementRelation(agreement_id=pk, kind=kind, other_id=self.pks[other])
                )
        AgreementParty.objects.using(self.using).bulk_create(party_links)
        Signature.objects.using(self.using).bulk_create(signatures)
        FieldLink.objects.using(self.using).bulk_create(field_links)
        RegionLink.objects.using(self.using).bulk_create(region_links)
        AgreementRelation.objects.using(self.using).bulk_create(relations)
        self._insert_sources(drafts, counts)
        self._insert_commitments(drafts, counts)
        counts.agreements += len(drafts)
        counts.party_links += len(party_links)
        counts.signatures += len(signatures)
        counts.relations += len(relations)
        counts.tagged += len(field_links) + len(region_links)

    def _insert_sources(self, drafts: list[Draft], counts: Counts) -> None:
        wanted = [(d, source, supports) for d in drafts for source, supports in d.sources]
        # A URL already in the registry is cited, not inserted again (the URL is unique).
        known = dict(
            Source.objects.using(self.using)
            .filter(url__in=[s.url for _d, s, _sup in wanted])
            .values_list("url", "pk")
        )
        new = list({s.url: s for _d, s, _sup in wanted if s.url not in known}.values())
        Source.objects.using(self.using).bulk_create(new)
        known.update({s.url: s.pk for s in new})
        citations = {
            (d.agreement.pk, known[s.url]): AgreementSource(
                agreement_id=d.agreement.pk, source_id=known[s.url], supports=sup
            )
            for d, s, sup in wanted
        }
        AgreementSource.objects.using(self.using).bulk_create(list(citations.values()))
        counts.sources += len(new)

    def _insert_commitments(self, drafts: list[Draft], counts: Counts) -> None:
        rows = []
        for d in drafts:
            for commitment, _party in d.commitments:
                commitment.agreement_id = d.agreement.pk
                rows.append(commitment)
        Commitment.objects.using(self.using).bulk_create(rows)
        Responsible: Any = Commitment.responsible_parties.through
        Responsible.objects.using(self.using).bulk_create(
            [
                Responsible(commitment_id=c.pk, party_id=self.u.parties[party].pk)
                for d in drafts
                for c, party in d.commitments
            ]
        )
        counts.commitments += len(rows)

    # One agreement ---------------------------------------------------------------------

    def _draft(self, number: int) -> Draft:
        rng = self.rng
        parties = self._pick_parties(rng.choices(PARTY_COUNTS, PARTY_COUNT_WEIGHTS)[0])
        specs = [self.u.parties[p] for p in parties]
        kind, _weight, kind_en, kind_zh = rng.choices(v.KINDS, [k[1] for k in v.KINDS])[0]
        theme, theme_zh = rng.choice(v.THEMES)
        title = _title_en(kind_en, specs, theme)
        chinese = any(s.country == "CN" for s in specs)
        title_local = _title_zh(kind_zh, specs, theme_zh) if chinese else ""
        signed_day, dates = self._dates()
        year = str(signed_day.year) if signed_day else ""
        slug = self.slugs.allocate("-".join([*(_slug_word(s) for s in specs[:2]), year]), title)
        place = next((s.city for s in specs if s.city), "") if signed_day else ""
        field_specs = rng.sample(self.u.fields, rng.choice((1, 1, 2, 2, 3)))
        agreement = Agreement(
            slug=slug,
            title=title,
            title_local=title_local,
            language="zh" if chinese else "en",
            kind=kind,
            summary=_summary(specs, theme, field_specs, place),
            signed_place=place,
            # Publishing needs two parties; _pick_parties may find fewer than it was asked.
            published=rng.random() < 0.92 and len(parties) >= MIN_PUBLISHED_PARTIES,
            **dates,
        )
        # bulk_create skips save(), which sets it for every other write.
        if agreement.published:
            agreement.first_published_at = timezone.now()
        draft = Draft(agreement, parties, signed_day)
        draft.fields = [f.pk for f in field_specs]
        draft.regions = self._regions(specs)
        if signed_day:
            signed_on: PartialDate = dates["signed_on"]
            draft.signatures = self._signatures(parties, signed_on.start)
            self._relate(draft, number)
        draft.sources = self._sources(agreement, signed_day, chinese)
        if rng.random() < 0.12:
            draft.commitments = self._commitments(parties, signed_day, theme, theme_zh, chinese)
        return draft

    def _pick_parties(self, n: int) -> list[int]:
        """A lead party (China's in nearly half the agreements) and others, none of them an
        ancestor or a sub-unit of another."""
        rng = self.rng
        country = "CN" if rng.random() < 0.45 else rng.choice(self.foreign)
        chosen = [self._one_party(country)]
        tries = 0
        while len(chosen) < n and tries < 30:
            tries += 1
            other = country if rng.random() < 0.55 else rng.choice(self.countries)
            candidate = self._one_party(other)
            if candidate in chosen or any(self._related(candidate, c) for c in chosen):
                continue
            chosen.append(candidate)
        return chosen

    def _one_party(self, country: str) -> int:
        pool = self.top_by_country if self.rng.random() < 0.4 else self.by_country
        return self.rng.choice(pool[country])

    def _related(self, a: int, b: int) -> bool:
        return a in self.u.parties[b].ancestors or b in self.u.parties[a].ancestors

    def _dates(self) -> tuple[dt.date | None, dict[str, Any]]:
        """Signing, entry into force, expiry and termination at mixed precisions, with the
        status they imply; every combination satisfies the model's date constraints."""
        rng = self.rng
        if rng.random() < 0.03:
            return None, {"status": AgreementStatus.NEGOTIATING}
        first = dt.date(FIRST_YEAR, 1, 1)
        signed_day = first + dt.timedelta(days=rng.randrange((LAST_DAY - first).days + 1))
        precision = rng.choices(Precision.values, (10, 25, 65))[0]  # year, month, day
        dates: dict[str, Any] = {"signed_on": _partial(signed_day, precision)}
        if precision == Precision.DAY and rng.random() < 0.3:
            dates["effective_on"] = PartialDate(signed_day + dt.timedelta(days=rng.randint(0, 60)))
        expires = None
        if rng.random() < 0.45:
            # At least two years on: even truncated to its year it follows signing and effect.
            day = signed_day + dt.timedelta(days=365 * rng.randint(2, 10) + rng.randint(0, 60))
            expires = _partial(day, rng.choices(Precision.values, (15, 25, 60))[0])
            dates["expires_on"] = expires
        if rng.random() < 0.03:
            dates["terminated_on"] = PartialDate(
                signed_day + dt.timedelta(days=rng.randint(365, 1500))
            )
            dates["status"] = AgreementStatus.TERMINATED
        elif expires and expires.end < REFERENCE_DAY:
            superseded = rng.random() < 0.25
            dates["status"] = AgreementStatus.SUPERSEDED if superseded else AgreementStatus.EXPIRED
        else:
            in_force = rng.random() < 0.6
            dates["status"] = AgreementStatus.IN_FORCE if in_force else AgreementStatus.SIGNED
        return signed_day, dates

    def _holder(self, body: int, day: dt.date) -> PostSpec | None:
        return next((p for p in self.posts.get(body, ()) if p.holds_on(day)), None)

    def _signatures(self, parties: list[int], day: dt.date) -> list[tuple[int, int, str, str]]:
        """Heads in office that year sign for a party or for a body above it; sometimes the
        head of the top body witnesses."""
        rng = self.rng
        found: dict[tuple[int, str], tuple[int, int, str, str]] = {}
        for party in parties[:3]:
            if rng.random() < 0.15:
                continue
            chain = [party, *self.u.parties[party].ancestors]
            start = 0 if rng.random() < 0.7 else rng.randrange(len(chain))
            for body in chain[start:]:
                post = self._holder(body, day)
                if post:
                    found.setdefault(
                        (post.person, "signatory"), (post.person, body, "signatory", post.title)
                    )
                    break
        if rng.random() < 0.2:
            party = rng.choice(parties)
            ancestors = self.u.parties[party].ancestors
            if ancestors:
                post = self._holder(ancestors[-1], day)
                if post:
                    found.setdefault(
                        (post.person, "witness"),
                        (post.person, ancestors[-1], "witness", post.title),
                    )
        return list(found.values())

    def _regions(self, specs: list[PartySpec]) -> list[int]:
        rng = self.rng
        candidates = list(dict.fromkeys(slug for s in specs for slug in s.region_slugs))
        if not candidates or rng.random() < 0.4:
            return []
        picked = rng.sample(candidates, min(len(candidates), rng.choice((1, 1, 2))))
        return [self.region_pks[slug] for slug in picked]

    def _relate(self, draft: Draft, number: int) -> None:
        """Now and then, relate an agreement to an earlier one of the same lead party."""
        lead = draft.parties[0]
        numbers, days = self.by_lead.setdefault(lead, (array("q"), array("l")))
        signed = draft.signed_day
        assert signed is not None
        # Some earlier agreement was signed before this one exactly when the earliest was;
        # only then is the draw made, and only for the 6 % it picks is the list read (it
        # grows with the run: reading it for every agreement made a million quadratic).
        first = self.first_by_lead.get(lead)
        if first is not None and first < signed and self.rng.random() < 0.06:
            day_signed = signed.toordinal()
            candidates = [n for n, day in zip(numbers, days, strict=True) if day < day_signed]
            kind = self.rng.choice(RelationKind.values)
            draft.relation = (kind, self.rng.choice(candidates))
        numbers.append(number)
        days.append(signed.toordinal())
        if first is None or signed < first:
            self.first_by_lead[lead] = signed

    def _sources(
        self, agreement: Agreement, signed_day: dt.date | None, chinese: bool
    ) -> list[tuple[Source, str]]:
        rng = self.rng
        sources = []
        for n in range(rng.choices((1, 2, 3), (70, 25, 5))[0]):
            zh_first = chinese and rng.random() < 0.6
            publishers = [p for p in v.PUBLISHERS if (p[2] == "zh") == zh_first]
            publisher, domain, language = rng.choice(publishers)
            day = (signed_day or LAST_DAY) + dt.timedelta(days=rng.randint(0, 6))
            # "_" never occurs in a slug: the second source of "x" cannot clash with "x-2".
            suffix = f"_{n + 1}" if n else ""
            title = (agreement.title_local if language == "zh" else "") or agreement.title
            source = Source(
                url=f"https://{domain}/{day:%Y%m}/{agreement.slug}{suffix}.html",
                title=title[:500],
                publisher=publisher,
                published_on=PartialDate(day),
                language=language,
                excerpt=f"{agreement.title} was signed in {agreement.signed_place or 'public'}."
                if signed_day
                else "Negotiations are under way.",
            )
            supports = rng.choice(
                (
                    "parties and signing date",
                    "title and parties",
                    "place of signing",
                    "fields of cooperation",
                    "",
                )
            )
            sources.append((source, supports))
        return sources

    def _commitments(
        self,
        parties: list[int],
        signed_day: dt.date | None,
        theme: str,
        theme_zh: str,
        chinese: bool,
    ) -> list[tuple[Commitment, int]]:
        rng = self.rng
        base_year = signed_day.year if signed_day else REFERENCE_DAY.year
        rows = []
        for n in range(rng.randint(1, 3)):
            title, title_zh = rng.choice(v.COMMITMENTS)
            status = rng.choice(CommitmentStatus.values)
            due = base_year + rng.randint(1, 5)
            completed = (
                str(rng.randint(base_year, due)) if status == CommitmentStatus.DONE else None
            )
            commitment = Commitment(
                title=title.format(theme=theme.lower()),
                title_local=title_zh.format(theme_zh=theme_zh) if chinese else "",
                status=status,
                due_on=str(due),
                completed_on=completed,
                position=n,
            )
            rows.append((commitment, rng.choice(parties)))
        return rows


def _partial(day: dt.date, precision: str) -> PartialDate:
    if precision == Precision.YEAR:
        return PartialDate(day.replace(month=1, day=1), Precision.YEAR)
    if precision == Precision.MONTH:
        return PartialDate(day.replace(day=1), Precision.MONTH)
    return PartialDate(day)


def _slug_word(spec: PartySpec) -> str:
    """A party's short form in agreement slugs: its abbreviation or its city."""
    if spec.abbreviation:
        return spec.abbreviation
    return spec.city or COUNTRY_NAMES.get(spec.country, spec.name)


def _title_en(kind: str, specs: list[PartySpec], theme: str) -> str:
    if len(specs) == 2:
        names = f"between {specs[0].name} and {specs[1].name}"
    else:
        short = [s.abbreviation or s.name for s in specs]
        names = f"among {', '.join(short[:-1])} and {short[-1]}"
    return f"{kind} {names} on {theme}"[:500]


def _title_zh(kind: str, specs: list[PartySpec], theme: str) -> str:
    if len(specs) == 2:
        return f"{specs[0].zh}与{specs[1].zh}{theme}{kind}"[:500]
    return f"{'、'.join(s.zh for s in specs)}关于{theme}的{kind}"[:500]


def _summary(specs: list[PartySpec], theme: str, fields: list[TermSpec], place: str) -> str:
    parties = ", ".join(s.name for s in specs[:-1]) + f" and {specs[-1].name}"
    areas = ", ".join(f.name.lower() for f in fields)
    text = f"{parties} agree to cooperate on {theme.lower()}, covering {areas}."
    if place:
        text += f" The agreement was signed in {place}."
    return text
