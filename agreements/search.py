"""Full-text search over agreements (``?q=``).

Each agreement keeps a ``search_document``: four lines, one per ranking weight —
titles in both languages (A), party names, abbreviations and aliases (B), summaries in
both languages (C), people and places of signing in both languages (D). On PostgreSQL a
weighted ``search_vector`` is built from those lines plus, per line, the overlapping
character pairs of its Chinese, Japanese and Korean runs (the 'simple' parser cannot split
text without spaces) and the last character of each run, and is GIN-indexed.

``q`` is in web-search syntax on both databases (parse_query): terms are required,
``"a phrase"`` is one term, ``or`` between terms makes either do, ``-term`` excludes. On
PostgreSQL a word matches words starting with it (``innov`` finds "Innovation"), a phrase
its words whole and in order, a CJK term the same characters anywhere (``四川`` finds
"中国科学院与四川省人民政府", as a phrase of its pairs), a term with punctuation (``100%``)
its words and then the exact text. Results rank by ts_rank over the weighted vector, so a
match in a title outranks one in a party name, summary, people or place. Only when
nothing matches exactly, and the query has at least five characters and no operator,
are its words corrected (``Shenzen`` finds "Shenzhen"): each is looked up among the
documents' words (models/search.py, trigram-indexed) and the query runs again, indexed and
ranked, with the likest words as alternatives. SQLite matches each
term and phrase as a substring of the document and ranks by the line each term is found
in; ``search()`` hides the difference. Bulk loads that bypass the signals
(agreements/signals.py) call ``rebuild_search_index`` (also a management command).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections
from django.db.models import BooleanField, Case, F, FloatField, Func, Q, QuerySet, Value, When
from django.db.models.expressions import OrderBy
from django.db.models.functions import Cast

from parties.models import Party, PartyAlias

from .models import Agreement, AgreementParty, SearchWord, Signature

# The weight of each document line, in order, as PostgreSQL's ts_rank weighs A, B, C, D.
LINE_WEIGHTS = (("A", 1.0), ("B", 0.4), ("C", 0.2), ("D", 0.1))
MAX_TERMS = 8
# Fuzzy (trigram) matching, the fallback when nothing matches exactly, only for queries
# long enough not to match everything.
FUZZY_MIN_LENGTH = 5
# A misspelt word stands for at most this many words of the documents.
SIMILAR_WORDS = 4
# The words kept for correcting misspellings (agreements/models/search.py): runs of 3 to 40
# Latin letters, as the migration that first filled them splits them.
WORD = re.compile(r"[a-z]{3,40}")
BATCH_SIZE = 1000
# Ranking reads each match's whole vector: only this many matches are ranked, the first
# in the list's default order (newest signing first), which an index serves; the others
# follow them, newest first. A word in a quarter of a million agreements costs the same as
# one in a thousand. A search's count is exact up to this many matches, an estimate above.
RANKED = 500
# The list's default order, in which the first RANKED matches are the ranked ones.
DEFAULT_ORDER = tuple(t for t in Agreement._meta.ordering or [] if isinstance(t, str))
# The rank of a match outside the ranked ones: below any ts_rank (never negative).
UNRANKED = -1.0
# Han, kana, bopomofo and Hangul: scripts written without spaces between words.
CJK = "\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
CJK_RUN = re.compile(f"[{CJK}]+")
# A term's pieces: CJK runs, and runs of other letters and digits (words).
PIECE = re.compile(f"([{CJK}]+)|((?:(?![{CJK}])[^\\W_])+)")


def _line(parts: Iterable[str]) -> str:
    """One document line: the non-empty parts, whitespace (newlines too) collapsed."""
    return " ".join(" ".join(part.split()) for part in parts if part and part.strip())


def build_documents(agreement_ids: Iterable[int], using: str = "default") -> dict[int, str]:
    """The search document of each agreement; five queries whatever the number of ids."""
    ids = set(agreement_ids)
    rows = (
        Agreement.objects.using(using)
        .filter(pk__in=ids)
        .values_list(
            "pk",
            "title",
            "title_local",
            "summary",
            "summary_local",
            "signed_place",
            "signed_place_local",
        )
    )
    bodies: dict[int, list[int]] = defaultdict(list)
    for agreement_id, party_id in (
        AgreementParty.objects.using(using)
        .filter(agreement_id__in=ids)
        .values_list("agreement_id", "party_id")
    ):
        bodies[agreement_id].append(party_id)
    people: dict[int, list[str]] = defaultdict(list)
    for agreement_id, body_id, name, name_local in (
        Signature.objects.using(using)
        .filter(agreement_id__in=ids)
        .values_list("agreement_id", "on_behalf_of_id", "person__name", "person__name_local")
    ):
        # The body signed for may be a parent of a party (CAS for its institute): searchable.
        if body_id not in bodies[agreement_id]:
            bodies[agreement_id].append(body_id)
        people[agreement_id] += [name, name_local]
    names = _party_names({pk for pks in bodies.values() for pk in pks}, using)
    return {
        pk: "\n".join(
            [
                _line([title, title_local]),
                _line(name for party_id in bodies[pk] for name in names.get(party_id, [])),
                _line([summary, summary_local]),
                _line([*people[pk], place, place_local]),
            ]
        )
        for pk, title, title_local, summary, summary_local, place, place_local in rows
    }


def _party_names(party_ids: set[int], using: str) -> dict[int, list[str]]:
    """Every name of each party: English, local, abbreviation, aliases; two queries."""
    names: dict[int, list[str]] = defaultdict(list)
    for pk, name, name_local, abbreviation in (
        Party.objects.using(using)
        .filter(pk__in=party_ids)
        .values_list("pk", "name", "name_local", "abbreviation")
    ):
        names[pk] += [name, name_local, abbreviation]
    for party_id, alias in (
        PartyAlias.objects.using(using)
        .filter(party_id__in=party_ids)
        .values_list("party_id", "name")
    ):
        names[party_id].append(alias)
    return names


def cjk_pairs(text: str) -> str:
    """The overlapping character pairs of each CJK run in ``text`` and the run's last
    character, space-separated: "四川省" gives "四川 川省 省". A term's pairs, as a phrase,
    then match exactly where the term occurs, and one character matches as a prefix."""
    tokens: list[str] = []
    for run in CJK_RUN.findall(text):
        tokens += [run[i : i + 2] for i in range(len(run) - 1)]
        tokens.append(run[-1])
    return " ".join(tokens)


def _vector_sql(document: str, pairs: str) -> str:
    """SQL for the weighted tsvector of a document's four lines, each with its CJK pairs
    (the matching line of ``pairs``), on PostgreSQL."""
    return " || ".join(
        f"setweight(to_tsvector('simple'::regconfig, split_part({document}, chr(10), {number})"
        f" || ' ' || split_part({pairs}, chr(10), {number})), '{weight}')"
        for number, (weight, _rank) in enumerate(LINE_WEIGHTS, start=1)
    )


def _write_documents(documents: dict[int, str], using: str) -> None:
    """Store documents (and on PostgreSQL their vectors) in one statement per batch."""
    if connections[using].vendor != "postgresql":
        Agreement.objects.using(using).bulk_update(
            [Agreement(pk=pk, search_document=text) for pk, text in documents.items()],
            ["search_document"],
        )
        return
    # One UPDATE ... FROM unnest(): each row is written once, and there is no CASE
    # with a branch per row as bulk_update would build.
    table = Agreement._meta.db_table
    pairs = ["\n".join(map(cjk_pairs, text.split("\n"))) for text in documents.values()]
    words = sorted({w for text in documents.values() for w in WORD.findall(text.lower())})
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS a SET search_document = v.doc, "
            f"search_vector = {_vector_sql('v.doc', 'v.pairs')} "
            f"FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS v(id, doc, pairs) "
            f"WHERE a.id = v.id",
            [list(documents), list(documents.values()), pairs],
        )
        cursor.execute(
            f"INSERT INTO {SearchWord._meta.db_table} (word) SELECT unnest(%s::text[]) "
            "ON CONFLICT DO NOTHING",
            [words],
        )


def refresh_search_documents(agreement_ids: Iterable[int], *, using: str = "default") -> int:
    """Rebuild the search document (and vector) of these agreements; returns how many."""
    count = 0
    for batch in _batches(sorted(set(agreement_ids)), BATCH_SIZE):
        documents = build_documents(batch, using)
        if documents:
            _write_documents(documents, using)
            count += len(documents)
    return count


def rebuild_search_index(*, using: str = "default") -> int:
    """Refresh every agreement's search document, in batches."""
    ids = list(Agreement.objects.using(using).order_by("pk").values_list("pk", flat=True))
    return refresh_search_documents(ids, using=using)


def _batches(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Like(Func):
    """``expression LIKE pattern`` (ILIKE on PostgreSQL, where the trigram index serves it);
    SQLite's LIKE already ignores ASCII case."""

    template = "%(expressions)s ESCAPE '\\'"
    arg_joiner = " LIKE "
    output_field = BooleanField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, arg_joiner=" ILIKE ", **extra)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains(term: str, newlines_after: int = 0) -> Like:
    """The document contains ``term`` with at least this many line breaks after it: 3 means
    in the titles line, 0 anywhere."""
    pattern = "%" + _escape_like(term) + "%" + "\n%" * newlines_after
    return Like(F("search_document"), Value(pattern))


def _line_rank(terms: list[str]) -> Any:
    """Per term, the weight of the first line that contains it; summed over terms."""
    lines = len(LINE_WEIGHTS)
    total: Any = Value(0.0)
    for term in terms:
        total = total + Case(
            *[
                When(_contains(term, lines - number), then=Value(rank))
                for number, (_weight, rank) in enumerate(LINE_WEIGHTS, start=1)
            ],
            default=Value(0.0),
            output_field=FloatField(),
        )
    return total


def _term_query(term: str) -> tuple[str, bool]:
    """The tsquery (raw syntax) a term's words and CJK runs must match, and whether that
    is the whole condition (False: the exact text must also be checked, as for ``100%``)."""
    parts = []
    for cjk, word in PIECE.findall(term):
        if word:
            parts.append(f"'{word.lower()}':*")
        elif len(cjk) == 1:
            parts.append(f"'{cjk}':*")
        else:
            parts.append(" <-> ".join(f"'{cjk[i : i + 2]}'" for i in range(len(cjk) - 1)))
    if not parts:
        return "", False
    whole = len(parts) == 1 and PIECE.fullmatch(term) is not None
    return " & ".join(f"({part})" for part in parts), whole


@dataclass(frozen=True)
class Term:
    """One term of a query: a word (or run of characters) or a quoted phrase, which the
    matching agreements must contain or, when ``negated``, must not."""

    text: str
    phrase: bool = False
    negated: bool = False


# A token: an optionally negated quoted phrase (the closing quote may be missing), or a
# run of other characters.
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def parse_query(text: str) -> list[list[Term]]:
    """``text`` in web-search syntax as groups that must all match, each group matching
    when any of its terms does: terms are required, ``or`` between two terms makes either
    do, ``-term`` or ``-"a phrase"`` excludes, ``"a phrase"`` is one term. At most
    MAX_TERMS terms; a stray ``or`` or ``-`` is ignored."""
    groups: list[list[Term]] = []
    either = False
    count = 0
    for negation, phrase, word in TOKEN.findall(text):
        if word and word.lower() == "or":
            either = bool(groups)
            continue
        if word:
            negated = word.startswith("-")
            term = Term(word[1:] if negated else word, negated=negated)
        else:
            term = Term(" ".join(phrase.split()), phrase=True, negated=bool(negation))
        if not term.text or count == MAX_TERMS:
            continue
        count += 1
        if either:
            groups[-1].append(term)
        else:
            groups.append([term])
        either = False
    return groups


def _matching(groups: list[list[Term]], condition: Callable[[Term], Q]) -> Q:
    """Every group with at least one of its terms matching (a negated term: not)."""
    match = Q()
    for group in groups:
        either = Q()
        for term in group:
            either |= ~condition(term) if term.negated else condition(term)
        match &= either
    return match


def _positive(groups: list[list[Term]]) -> list[Term]:
    return [term for group in groups for term in group if not term.negated]


def search(queryset: QuerySet[Agreement], text: str) -> QuerySet[Agreement]:
    """Agreements matching ``text`` (web-search syntax, see parse_query), annotated with
    ``search_rank``, as SearchResults. PostgreSQL matches words and phrases in the indexed
    vector; SQLite matches every term and phrase as a substring (docs/api.md says what each
    does)."""
    groups = parse_query(text)
    if not groups:
        return queryset
    if connections[queryset.db].vendor != "postgresql":
        match = _matching(groups, lambda term: Q(_contains(term.text)))
        terms = [term.text for term in _positive(groups)]
        return _results(queryset, match, _line_rank(terms))
    return _search_postgresql(queryset, text, groups)


@dataclass
class Candidates:
    """The matches a search ranks: the first RANKED in the default order (``ordered``,
    their ids), read once (and one more, to know whether there are more), and their rank."""

    ordered: QuerySet[Any]
    rank: Any
    read: list[Any] | None = None

    def ids(self) -> list[Any]:
        if self.read is None:
            self.read = list(self.ordered.values_list("pk", flat=True)[: RANKED + 1])
        return self.read


class SearchResults(QuerySet[Agreement]):
    """A search's matches, ranked (``search_rank``) among the first RANKED of them.

    While no filter has been added since the search (a filter forgets them), two queries
    reuse the ids of the ranked matches, read once: a slice within the first RANKED rows of
    a rank-first ordering reads those rows by id (every row before RANKED is one of them),
    so the database never sorts the other matches; and ``bounded_count()`` is their number
    when there are no more, else the planner's estimate."""

    _candidates: Candidates | None = None
    _classes: ClassVar[dict[type, type]] = {}

    @classmethod
    def of(cls, queryset: QuerySet[Agreement], candidates: Candidates) -> SearchResults:
        """``queryset`` (a fresh clone, of any Agreement queryset class) as search results."""
        base = type(queryset)
        if not issubclass(base, SearchResults):
            base = cls._classes.setdefault(base, type(f"Searched{base.__name__}", (cls, base), {}))
        queryset.__class__ = base
        results: SearchResults = queryset  # type: ignore[assignment]
        results._candidates = candidates
        return results

    def _clone(self) -> Any:
        clone = super()._clone()  # type: ignore[misc]
        clone._candidates = self._candidates
        return clone

    def _filter_or_exclude(self, negate: bool, args: Any, kwargs: Any) -> Any:
        clone = super()._filter_or_exclude(negate, args, kwargs)  # type: ignore[misc]
        clone._candidates = None
        return clone

    def _rank_first(self) -> bool:
        first = self.query.order_by[0] if self.query.order_by else None
        if isinstance(first, str):
            return first == "-search_rank"
        return (
            isinstance(first, OrderBy)
            and first.descending
            and isinstance(first.expression, F)
            and first.expression.name == "search_rank"  # type: ignore[attr-defined]
        )

    def _tail_is_default(self) -> bool:
        """Whether the ordering after the rank is the default one, the ranked matches'."""
        return list(self.query.order_by[1:]) == [*DEFAULT_ORDER, "pk"]

    def __getitem__(self, k: Any) -> Any:
        candidates = self._candidates
        if (
            candidates is None
            or not isinstance(k, slice)
            or k.stop is None
            or k.step is not None
            or not self._rank_first()
        ):
            return super().__getitem__(k)
        start = k.start or 0
        if k.stop <= RANKED:
            # Every row here is a ranked one: ranked by ts_rank alone, read by id.
            ids = candidates.ids()[:RANKED]
            return self.filter(pk__in=ids).annotate(search_rank=candidates.rank)[k]
        if not self._tail_is_default():
            return super().__getitem__(k)
        if start >= RANKED:
            # Past the ranked matches the rest follow in the default order, which an index
            # walks: the same rows at the same positions, without sorting every match.
            return self.order_by(*DEFAULT_ORDER, "pk")[k]
        return [*self[start:RANKED], *self[RANKED : k.stop]]

    def candidate_ids(self) -> list[Any]:
        """The ids of the ranked matches (and one more if there are more), read once."""
        assert self._candidates is not None
        return self._candidates.ids()

    def bounded_count(self) -> tuple[int, bool]:
        """How many match, and whether exactly: exact up to RANKED, else (PostgreSQL) the
        planner's estimate, at least RANKED + 1; SQLite counts them all."""
        if self._candidates is None:
            return self.count(), True
        found = len(self._candidates.ids())
        if found <= RANKED:
            return found, True
        rows = self.order_by().values("pk")
        if connections[self.db].vendor != "postgresql":
            return rows.count(), True
        plan = json.loads(rows.explain(format="json"))
        return max(int(plan[0]["Plan"]["Plan Rows"]), RANKED + 1), False


def _results(queryset: QuerySet[Agreement], match: Q, rank: Any) -> SearchResults:
    """The matches ranked by ``rank`` among the first RANKED in the default order, the
    others ranked UNRANKED. ts_rank is a real; as a double it survives the trip through
    Python exactly, so a cursor (kernel/api/pagination.py) can name the rank of the row it
    stopped at."""
    matches = queryset.filter(match)
    ordered = matches.order_by(*DEFAULT_ORDER, "pk")
    rank = Cast(rank, FloatField())
    ranked = Case(
        When(pk__in=ordered.values("pk")[:RANKED], then=rank),
        default=Value(UNRANKED),
        output_field=FloatField(),
    )
    return SearchResults.of(matches.annotate(search_rank=ranked), Candidates(ordered, rank))


def _phrase_query(text: str) -> tuple[str, bool]:
    """As _term_query, for a quoted phrase: its words in this order, each whole (no
    prefix); a phrase mixing Chinese runs and other words, or with punctuation, needs each
    piece and then the exact text."""
    pieces = PIECE.findall(text)
    words = [word.lower() for cjk, word in pieces if word]
    if not pieces:
        return "", False
    if len(words) == len(pieces):
        whole = " ".join(words) == text.lower()
        return " <-> ".join(f"'{word}'" for word in words), whole
    if len(pieces) == 1:
        return _term_query(text)
    return " & ".join(f"({_term_query(cjk or word)[0]})" for cjk, word in pieces), False


def _tsquery(term: Term) -> tuple[str, bool]:
    return _phrase_query(term.text) if term.phrase else _term_query(term.text)


def _search_postgresql(
    queryset: QuerySet[Agreement], text: str, groups: list[list[Term]]
) -> QuerySet[Agreement]:
    """The GIN-indexed vector narrows the rows, exact-text checks only what it cannot."""
    terms = [term for group in groups for term in group]
    if all(_tsquery(term)[1] for term in terms):
        # Words and phrases only: the whole query is one tsquery, served by the index.
        match = Q(search_vector=_raw(_combined(groups, negated=True)))
    else:
        match = _matching(groups, _vector_and_text)
    rank: Any = Value(0.0)
    if wanted := _combined(groups, negated=False):
        rank = SearchRank(F("search_vector"), _raw(wanted))
    unranked = [term.text for term in _positive(groups) if not _tsquery(term)[0]]
    if unranked:  # no word to rank by: rank by the line the text is found in
        rank = rank + _line_rank(unranked)
    plain = len(groups) == len(terms) and not any(t.phrase or t.negated for t in terms)
    results = _results(queryset, match, rank)
    if plain and len(text) >= FUZZY_MIN_LENGTH and not results.candidate_ids():
        # Nothing matches exactly: a misspelling, perhaps. Each word is corrected against
        # the words the documents hold (a small trigram-indexed table), and the corrected
        # query is an ordinary indexed search, ranked as any other.
        corrected = _corrected(groups, queryset.db)
        if corrected is None:
            return queryset.none().annotate(search_rank=Value(0.0))
        match = Q(search_vector=_raw(corrected))
        rank = SearchRank(F("search_vector"), _raw(corrected))
        results = _results(queryset, match, rank)
    return results


def similar_words(word: str, using: str = "default") -> list[str]:
    """Up to ``SIMILAR_WORDS`` words of the documents most like ``word`` (pg_trgm's
    similarity, at least its threshold of 0.3), the likest first; PostgreSQL only."""
    table = SearchWord._meta.db_table
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT word FROM {table} WHERE word %% %s ORDER BY word <-> %s, word LIMIT %s",
            [word, word, SIMILAR_WORDS],
        )
        return [row[0] for row in cursor.fetchall()]


def _corrected(groups: list[list[Term]], using: str) -> str | None:
    """The query as a raw tsquery in which each word may also be one of the words of the
    documents most like it; None when no term has anything to match."""
    alternatives = []
    for group in groups:
        options = []
        for term in group:
            query, _whole = _tsquery(term)
            if query:
                options.append(f"({query})")
            word = term.text.lower()
            if WORD.fullmatch(word):
                options += [f"'{w}'" for w in similar_words(word, using) if w != word]
        if not options:
            return None
        alternatives.append("(" + " | ".join(options) + ")")
    return " & ".join(alternatives)


def _combined(groups: list[list[Term]], *, negated: bool) -> str:
    """The query as one raw tsquery; without ``negated``, the wanted terms only (to rank
    by). Terms without words are left out."""
    alternatives = []
    for group in groups:
        parts = [
            f"{'!' if term.negated else ''}({query})"
            for term in group
            if (query := _tsquery(term)[0]) and (negated or not term.negated)
        ]
        if parts:
            alternatives.append("(" + " | ".join(parts) + ")")
    return " & ".join(alternatives)


def _vector_and_text(term: Term) -> Q:
    """A term's words in the vector and, where they are not the whole term, its text."""
    query, whole = _tsquery(term)
    match = Q(search_vector=_raw(query)) if query else Q()
    return match if whole else match & Q(_contains(term.text))


def _raw(query: str) -> SearchQuery:
    """A tsquery written here (its words are letters and digits only, quoted)."""
    return SearchQuery(query, config="simple", search_type="raw")
