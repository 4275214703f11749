"""Fill a database with synthetic agreements in bulk, reproducibly from a seed.

Rows go in through ``bulk_create``, which bypasses ``save()``, signals and
django-simple-history: slugs, date precisions and pinyin sort keys are set here, no
history rows are written, and the search index and the pair table behind the network are
rebuilt once at the end.
"""

from __future__ import annotations

import importlib
import os
import random
import time
from collections.abc import Callable
from pathlib import Path

from django.db import connections, transaction

from agreements.models import (
    Agreement,
    CooperationField,
    Region,
)
from bench.dataset.agreement_maker import AgreementMaker, Counts, DatasetError
from bench.dataset.universe import PartySpec, TermSpec, Universe, UniverseBuilder
from parties.models import Party, PartyAlias, Person, Post

# After these batches (0-based) the planner statistics are refreshed: the tables have
# grown from nothing by then, and later growth changes no plan.
STATISTICS_AFTER_BATCHES = frozenset({0, 4, 24})
# Agreements whose search documents are rebuilt between two clearings of the query log.
REINDEX_CHUNK = 20_000


# Tables derived from the agreements, rebuilt after the load: (name in Counts.seconds,
# module, function, what the log says of the number it returns).
DERIVED_TABLES = (
    (
        "partnerships",
        "agreements.partnerships",
        "rebuild_partnerships",
        "Pair table rebuilt: {} pairs",
    ),
    (
        "summaries",
        "agreements.summaries",
        "rebuild_summaries",
        "Summaries rebuilt for {} published agreements",
    ),
)


def generate(
    agreements: int,
    *,
    seed: int = 1,
    batch_size: int = 2000,
    append: bool = False,
    using: str = "default",
    log: Callable[[str], None] = print,
) -> Counts:
    """Add ``agreements`` synthetic agreements (and the world they need); returns counts."""
    existing = Agreement.objects.using(using).count()
    if existing and not append:
        raise DatasetError(
            f"The database already holds {existing} agreements. Pass --append to add "
            "more (new slugs, same synthetic institutions), or use an empty database."
        )
    counts = Counts()
    started = time.perf_counter()
    universe = UniverseBuilder(random.Random(seed)).build()
    with transaction.atomic(using=using):
        _load_universe(universe, using, counts)
    counts.seconds["universe"] = time.perf_counter() - started
    log(
        f"{len(universe.parties)} parties ({counts.parties} new), {len(universe.people)} "
        f"people ({counts.people} new), {len(universe.fields)} fields, "
        f"{len(universe.regions)} regions in {counts.seconds['universe']:.1f}s"
    )
    # The existing count is part of the seed: an appended batch differs from the first one.
    maker = AgreementMaker(universe, random.Random(f"{seed}-{existing}"), using)
    # Statistics for the parties before the first signature's trigger plans its lookup.
    _refresh_statistics(using)
    loading = time.perf_counter()
    for number, start in enumerate(range(0, agreements, batch_size)):
        size = min(batch_size, agreements - start)
        with transaction.atomic(using=using):
            maker.insert_batch(size, counts)
        # DEBUG keeps every statement's SQL, a bulk INSERT's megabytes included: forget
        # them, so memory stays flat however many batches run.
        connections[using].queries_log.clear()
        if number in STATISTICS_AFTER_BATCHES:
            _refresh_statistics(using)
        elapsed = time.perf_counter() - loading
        log(
            f"{counts.agreements:>7}/{agreements} agreements, {counts.party_links} party "
            f"links, {counts.signatures} signatures, {counts.sources} sources, "
            f"{counts.relations} relations, {counts.commitments} commitments "
            f"({counts.agreements / elapsed:,.0f} agreements/s, {_resident_mib()} MiB resident)"
        )
    counts.seconds["agreements"] = time.perf_counter() - loading
    indexing = time.perf_counter()
    indexed = _rebuild_search_index(using)
    counts.seconds["search_index"] = time.perf_counter() - indexing
    if indexed is not None:
        seconds = counts.seconds["search_index"]
        log(f"Search index rebuilt for {indexed} agreements in {seconds:.1f}s")
    for name, module, function, done in DERIVED_TABLES:
        rebuilding = time.perf_counter()
        rebuilt = _rebuild(module, function, using)
        counts.seconds[name] = time.perf_counter() - rebuilding
        if rebuilt is not None:
            log(done.format(rebuilt) + f" in {counts.seconds[name]:.1f}s")
    analyzing = time.perf_counter()
    _analyze(using)
    counts.seconds["analyze"] = time.perf_counter() - analyzing
    log(f"Statistics refreshed in {counts.seconds['analyze']:.1f}s")
    counts.seconds["total"] = time.perf_counter() - started
    return counts


def _resident_mib() -> str:
    """This process's resident memory now, in MiB ("?" where /proc is missing), so the
    progress lines show whether memory stays flat from batch to batch."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return "?"
    return f"{pages * os.sysconf('SC_PAGE_SIZE') / 2**20:,.0f}"


def _refresh_statistics(using: str) -> None:
    """ANALYZE, then on PostgreSQL drop this session's cached plans. Autovacuum may be off
    or late, and the triggers' queries keep the plans made while the tables looked empty:
    a signature's check would then scan every party for each row inserted."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "postgresql":
            cursor.execute("DISCARD PLANS")


def _analyze(using: str) -> None:
    """Fresh planner statistics, and on PostgreSQL a compact agreements table: the search
    index rebuild rewrote each of its rows twice, and the bloat would slow every scan."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute(f"VACUUM (FULL, ANALYZE) {Agreement._meta.db_table}")
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")


def _rebuild_search_index(using: str) -> int | None:
    """Rebuild the full-text index if this version of the registry has one, a chunk of
    agreements at a time. Under DEBUG the connection keeps the SQL of its last 9,000
    statements, and each batch's UPDATE carries a thousand documents: at a million
    agreements that is nearly every batch's text, kept to the end. The log is cleared
    after each chunk, so memory stays flat."""
    try:
        from agreements.search import refresh_search_documents
    except ImportError:
        return None
    pks = Agreement.objects.using(using).order_by("pk").values_list("pk", flat=True)
    indexed, last = 0, 0
    while chunk := list(pks.filter(pk__gt=last)[:REINDEX_CHUNK]):
        indexed += refresh_search_documents(chunk, using=using)
        connections[using].queries_log.clear()
        last = chunk[-1]
    return indexed


def _rebuild(module: str, function: str, using: str) -> int | None:
    """Call ``module.function(using=...)`` if this version of the registry has it: a table
    derived from the agreements that the bulk inserts, sending no signal, left behind."""
    try:
        rebuild = getattr(importlib.import_module(module), function)
    except (ImportError, AttributeError):
        return None
    return int(rebuild(using=using))


def _refresh_name_keys(using: str, party_ids: list[int], person_ids: list[int]) -> None:
    """bulk_create bypasses save(), which fills the search keys of parties and people;
    fill them here, if this version of the registry has them."""
    try:
        from parties.search import refresh_search_keys
    except ImportError:
        return
    refresh_search_keys(party_ids=party_ids, person_ids=person_ids, using=using)


# The universe --------------------------------------------------------------------------


def _load_universe(universe: Universe, using: str, counts: Counts) -> None:
    """Insert what is missing (matched by slug) and give every spec its primary key."""
    existing = dict(Party.objects.using(using).values_list("slug", "pk"))
    new_parties: list[PartySpec] = []
    for depth in sorted({spec.depth for spec in universe.parties}):
        level = [spec for spec in universe.parties if spec.depth == depth]
        rows: list[tuple[PartySpec, Party]] = []
        for spec in level:
            if spec.slug in existing:
                spec.pk = existing[spec.slug]
                continue
            parent = universe.parties[spec.parent].pk if spec.parent is not None else None
            rows.append((spec, _party_row(spec, parent)))
        Party.objects.using(using).bulk_create([row for _spec, row in rows], batch_size=500)
        for spec, row in rows:
            spec.pk = row.pk
            new_parties.append(spec)
    aliases = [
        PartyAlias(party_id=spec.pk, name=name, language=language)
        for spec in new_parties
        for name, language in {n: lang for n, lang in spec.aliases}.items()
        if name != spec.name
    ]
    PartyAlias.objects.using(using).bulk_create(aliases, batch_size=1000)
    counts.parties = len(new_parties)

    existing = dict(Person.objects.using(using).values_list("slug", "pk"))
    new_people = [p for p in universe.people if p.slug not in existing]
    for person in universe.people:
        person.pk = existing.get(person.slug, 0)
    rows_people = [Person(slug=p.slug, name=p.name, name_local=p.name_local) for p in new_people]
    for person_row in rows_people:
        person_row.fill_sort_key()
    Person.objects.using(using).bulk_create(rows_people, batch_size=1000)
    for person, person_row in zip(new_people, rows_people, strict=True):
        person.pk = person_row.pk
    counts.people = len(new_people)
    new_person_pks = {person_row.pk for person_row in rows_people}
    posts = [
        Post(
            person_id=universe.people[post.person].pk,
            party_id=universe.parties[post.party].pk,
            title=post.title,
            title_local=post.title_local,
            started_on=post.started_on,
            ended_on=post.ended_on,
        )
        for post in universe.posts
        if universe.people[post.person].pk in new_person_pks
    ]
    Post.objects.using(using).bulk_create(posts, batch_size=1000)
    _refresh_name_keys(using, [spec.pk for spec in new_parties if spec.pk], sorted(new_person_pks))
    _load_terms(CooperationField, universe.fields, using)
    _load_terms(Region, universe.regions, using)


def _party_row(spec: PartySpec, parent_pk: int | None) -> Party:
    row = Party(
        slug=spec.slug,
        name=spec.name,
        name_local=spec.name_local,
        abbreviation=spec.abbreviation,
        kind=spec.kind,
        country=spec.country,
        website=spec.website,
        parent_id=parent_pk,
    )
    row.fill_sort_key()
    return row


def _load_terms(
    model: type[CooperationField] | type[Region], terms: list[TermSpec], using: str
) -> None:
    existing = dict(model.objects.using(using).values_list("slug", "pk"))
    for parents_first in (True, False):
        level = [t for t in terms if (t.parent is None) == parents_first]
        rows = []
        for term in level:
            if term.slug in existing:
                term.pk = existing[term.slug]
                continue
            row = model(slug=term.slug, name=term.name, name_local=term.name_local)
            row.parent_id = existing[term.parent] if term.parent else None
            row.fill_sort_key()
            if isinstance(row, Region):
                setattr(row, "countries", list(term.countries))  # noqa: B010 - a list field
            rows.append((term, row))
        model.objects.using(using).bulk_create([row for _term, row in rows])  # type: ignore[misc]
        for term, row in rows:
            term.pk = row.pk
            existing[term.slug] = row.pk


# Agreements ----------------------------------------------------------------------------
