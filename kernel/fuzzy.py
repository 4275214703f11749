"""Loose name matching in the database, the same contract on PostgreSQL and SQLite.

A row matches when its text contains one of the query's variants (kernel/text.py:
query_variants), or, for a query of at least FUZZY_MIN_LENGTH characters, when some run
of its words is alike enough to the query (a typo: "Shenzen", "Chinse Academy"). The
likeness is pg_trgm's ``word_similarity``: on PostgreSQL the extension's own, served by a
trigram GIN index through the ``%>`` operator; on SQLite a Python function of the same
name and meaning (word_similarity below), registered on every connection.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from django.db.backends.signals import connection_created
from django.db.models import (
    BooleanField,
    Case,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
    Value,
    When,
)

# pg_trgm's default pg_trgm.word_similarity_threshold, which the %> operator applies.
SIMILARITY_THRESHOLD = 0.6
# Shorter queries match as substrings only: three letters are alike to too much.
FUZZY_MIN_LENGTH = 5
_WORD = re.compile(r"\w+")


def _trigrams(words: Sequence[str]) -> frozenset[str]:
    """pg_trgm's trigrams: each word padded with two spaces before and one after."""
    grams: set[str] = set()
    for word in words:
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


@lru_cache(maxsize=256)
def _query_trigrams(query: str) -> tuple[frozenset[str], int]:
    words = _WORD.findall(query.lower())
    return _trigrams(words), len(words)


def word_similarity(query: str | None, text: str | None) -> float:
    """How alike ``query`` is to the most alike run of words in ``text`` (0 to 1): shared
    trigrams over all trigrams of both, as pg_trgm's word_similarity (which may also use
    parts of words, so it can be a little higher)."""
    if not query or not text:
        return 0.0
    wanted, length = _query_trigrams(query)
    if not wanted:
        return 0.0
    words = _WORD.findall(text.lower())
    best = 0.0
    for start in range(len(words)):
        for end in range(start + 1, min(len(words), start + length + 1) + 1):
            grams = _trigrams(words[start:end])
            shared = len(wanted & grams)
            if shared:
                best = max(best, shared / len(wanted | grams))
    return best


def _register_sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "word_similarity", 2, word_similarity, deterministic=True
        )


connection_created.connect(_register_sqlite_functions, dispatch_uid="kernel.fuzzy.sqlite")


class WordSimilarity(Func):
    """``word_similarity(query, text)``: pg_trgm's on PostgreSQL, the function above on SQLite."""

    function = "word_similarity"
    output_field = FloatField()


class WordSimilar(Func):
    """Whether ``text`` has a run of words alike to ``query`` (SIMILARITY_THRESHOLD); on
    PostgreSQL the ``%>`` operator, which a gin_trgm_ops index serves."""

    output_field = BooleanField()

    def as_sql(  # type: ignore[override]
        self, compiler: Any, connection: Any, **extra: Any
    ) -> Any:
        text, query = self.get_source_expressions()
        sql, params = compiler.compile(WordSimilarity(query, text))
        return f"({sql} >= %s)", (*params, SIMILARITY_THRESHOLD)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # "%%" survives the driver's parameter formatting as the operator's one "%".
        return super().as_sql(
            compiler, connection, arg_joiner=" %%> ", template="(%(expressions)s)"
        )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def loose_match(text: Any, variants: Sequence[str], query: str) -> tuple[Q, Any]:
    """The condition that ``text`` (a lower-case column or expression) contains a variant
    or is alike to ``query`` (folded), and a rank for it: a substring match ranks above any
    likeness (1 + likeness, else likeness). Never matches when there is nothing to match."""
    column = F(text) if isinstance(text, str) else text
    contains = Q()
    for variant in variants:
        contains |= Q(_Like(column, Value("%" + _escape_like(variant) + "%")))
    condition = contains
    if len(query) >= FUZZY_MIN_LENGTH:
        condition |= Q(WordSimilar(column, Value(query)))
    if not condition:
        condition = Q(pk__in=[])
    likeness = WordSimilarity(Value(query), column)
    if not contains:
        return condition, likeness
    return condition, Case(When(contains, then=likeness + Value(1.0)), default=likeness)


def loosely_matching(
    queryset: QuerySet[Any], text: Any, variants: Sequence[str], query: str
) -> QuerySet[Any]:
    """The rows of ``queryset`` that loose_match, annotated ``match_rank`` (order by
    ``-match_rank`` to have the best first)."""
    condition, rank = loose_match(text, variants, query)
    return queryset.filter(condition).annotate(match_rank=rank)


class _Like(Func):
    """``text LIKE pattern`` (the text is lower case already; trigram indexes serve LIKE)."""

    template = "%(expressions)s ESCAPE '\\'"
    arg_joiner = " LIKE "
    output_field = BooleanField()
