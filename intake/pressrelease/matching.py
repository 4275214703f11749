"""The registry's names in memory: parties, people and the vocabularies, matched loosely.

The index is built with a handful of queries and kept until the tables change (their row
counts and latest ids or update times), so a large registry is not queried name by name.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max
from rapidfuzz import fuzz, process

from agreements.models import CooperationField, Region
from kernel.text import CJK, fold, person_keys, pinyin_keys
from parties.models import Party, PartyAlias, Person

# How alike two written names must be (rapidfuzz ratio, 0-100) to be taken as one.
FUZZY_THRESHOLD = 92
_HAS_CJK = re.compile(f"[{CJK}]")


# Institution words in other languages, to find "Tsinghua-Universität" as "Tsinghua University".
_ORG_WORDS_EN = {
    "universität": "university",
    "universitaet": "university",
    "universidad": "university",
    "universidade": "university",
    "université": "university",
    "università": "university",
    "akademie": "academy",
    "academia": "academy",
    "académie": "academy",
    "instituto": "institute",
    "institut": "institute",
    "istituto": "institute",
    "universitat": "university",
    "universitá": "university",
    "universite": "university",
    "universita": "university",
}
# Words that link a name's parts, left out when names are compared word by word.
_LINKS = frozenset("of for the and de del della di da do dos das du des la le l d der für".split())


def _words(key: str) -> str:
    """A folded name as its words in institution English, links left out, sorted: "institut
    de zoologie de kunming" and "kunming institute of zoology" come out nearly alike."""
    words = [_ORG_WORDS_EN.get(word, word) for word in key.split() if word not in _LINKS]
    plain = unicodedata.normalize("NFKD", " ".join(sorted(words)))
    return "".join(ch for ch in plain if not unicodedata.combining(ch))


@dataclass(frozen=True)
class Known:
    slug: str
    name: str
    parent: str | None = None


@dataclass
class NameIndex:
    """Folded names to records; first words (or first two characters) to the names."""

    names: dict[str, Known] = field(default_factory=dict)
    by_head: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # Latin-script names of three words or more as sorted words (see _words), to their record.
    by_words: dict[str, Known] = field(default_factory=dict)

    def add(self, name: str, known: Known) -> None:
        key = fold(name)
        if len(key) < 2 or key in self.names:
            return
        self.names[key] = known
        self.by_head[head(key)].add(key)
        # "TU München": German writes "Technische Universität" short.
        if key.startswith("technische universität "):
            self.add("TU " + key.removeprefix("technische universität "), known)
        if not _HAS_CJK.search(key) and len(key.split()) >= 3:
            self.by_words.setdefault(_words(key), known)

    def exact(self, name: str) -> Known | None:
        return self.names.get(fold(name))

    def fuzzy(self, name: str) -> Known | None:
        key = fold(name)
        if key in self.names:
            return self.names[key]
        translated = " ".join(_ORG_WORDS_EN.get(word, word) for word in key.split())
        if translated in self.names:
            return self.names[translated]
        candidates = self.by_head.get(head(key), set())
        if len(key) < 6:
            return None
        found = (
            process.extractOne(
                key, list(candidates), scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD
            )
            if candidates
            else None
        )
        if found:
            return self.names[found[0]]
        # "Institut de zoologie de Kunming", "Universidad Politécnica de Cataluña": the same
        # words in another order or language, each a little differently spelt.
        words = _words(key)
        if _HAS_CJK.search(key) or len(words.split()) < 3 or not self.by_words:
            return None
        alike = process.extractOne(
            words, list(self.by_words), scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD
        )
        return self.by_words[alike[0]] if alike else None

    def government_of(self, name: str) -> Known | None:
        """ "光明区": a Chinese province, city, district or county named for its government
        ("深圳市光明区人民政府", "光明区政府"), when one record alone is that government."""
        key = fold(name).replace(" ", "")
        if not re.fullmatch(r"[\u3400-\u9fff]{1,8}[省市区县]", key):
            return None
        found = {
            known
            for other, known in self.names.items()
            if other.endswith((key + "人民政府", key + "政府"))
        }
        return found.pop() if len(found) == 1 else None

    def expanded(self, name: str) -> Known | None:
        """ "中科院大气物理研究所": a Chinese name opening on a short form the registry knows
        (中科院) is the record whose full form (中国科学院) opens the same way."""
        key = fold(name)
        if not _HAS_CJK.match(key):
            return None
        for length in range(len(key) - 2, 1, -1):
            short = self.names.get(key[:length])
            if short is None:
                continue
            rest = key[length:]
            for other, known in self.names.items():
                if known == short and other != key[:length] and _HAS_CJK.match(other):
                    found = self.names.get(other + rest)
                    if found is not None:
                        return found
            return None
        return None


def head(key: str) -> str:
    if _HAS_CJK.match(key):
        return key[:2]
    return key.split(" ", 1)[0]


@dataclass
class Registry:
    parties: NameIndex
    people: NameIndex
    fields: dict[str, Known]
    regions: dict[str, Known]

    def party(self, name: str) -> Known | None:
        found = (
            self.parties.fuzzy(name)
            or self.parties.expanded(name)
            or self.parties.government_of(name)
        )
        # "大气物理所", "昆明动物所": an institute's short form drops the 研究 of 研究所.
        short = re.fullmatch(rf"([{CJK}]{{2,}}[^究])所", fold(name))
        if found is None and short:
            long = short.group(1) + "研究所"
            found = self.parties.fuzzy(long) or self.parties.expanded(long)
        return found

    def person(self, name: str) -> Known | None:
        for key in person_keys(name):
            if key in self.people.names:
                return self.people.names[key]
        return None


_cache: dict[str, Any] = {}


def _version() -> tuple[Any, ...]:
    versions: list[Any] = []
    for model, stamp in (
        (Party, "updated_at"),
        (PartyAlias, "id"),
        (Person, "updated_at"),
        (CooperationField, "id"),
        (Region, "id"),
    ):
        row = model.objects.aggregate(n=Count("id"), last=Max(stamp), top=Max("id"))
        versions.append((row["n"], row["last"], row["top"]))
    return tuple(versions)


def registry() -> Registry:
    """The current index, rebuilt when the registry's tables changed."""
    version = _version()
    if _cache.get("version") != version:
        _cache["registry"] = _build()
        _cache["version"] = version
    result: Registry = _cache["registry"]
    return result


def _build() -> Registry:
    parties = NameIndex()
    rows = list(
        Party.objects.values_list("id", "slug", "name", "name_local", "abbreviation", "parent_id")
    )
    slug_of = {row[0]: row[1] for row in rows}
    known_of: dict[int, Known] = {}
    for pk, slug, name, _local, _abbreviation, parent_id in rows:
        known_of[pk] = Known(slug, name, slug_of.get(parent_id) if parent_id else None)
    for pk, _slug, name, name_local, abbreviation, _parent in rows:
        for written in (name, name_local, abbreviation):
            if written:
                parties.add(written, known_of[pk])
    for party_id, alias in PartyAlias.objects.values_list("party_id", "name"):
        parties.add(alias, known_of[party_id])
    people = NameIndex()
    for slug, name, name_local in Person.objects.values_list("slug", "name", "name_local"):
        known = Known(slug, name)
        for key in [*person_keys(name), *(person_keys(name_local) if name_local else [])]:
            people.add(key, known)
        for key in pinyin_keys(name_local):
            people.add(key, known)
    vocabularies = []
    for model in (CooperationField, Region):
        terms: dict[str, Known] = {}
        for slug, name, name_local in model.objects.values_list("slug", "name", "name_local"):
            for written in (name, name_local):
                if written and len(fold(written)) >= 2:
                    terms.setdefault(fold(written), Known(slug, name))
        vocabularies.append(terms)
    return Registry(parties, people, vocabularies[0], vocabularies[1])
