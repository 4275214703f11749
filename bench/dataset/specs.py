"""The synthetic world's records before they are rows: parties, people, posts and terms,
and the slug allocator that names them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.text import slugify

from kernel.partial_date import PartialDate
from kernel.slugs import SLUG_MAX_LENGTH

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
