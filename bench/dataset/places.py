"""Names and places of the synthetic world: local-script names, regions by country, and
the cooperation-field and region vocabularies as term specs."""

from __future__ import annotations

from django.utils.text import slugify

from bench.dataset import vocabulary as v
from bench.dataset.specs import TermSpec

COUNTRY = {c.code: c for c in v.COUNTRIES}

ACADEMY_ALIASES = {
    "CAS": ("Academia Sinica (1949)", "Chinese Academy of Science"),
    "RAS": ("Academy of Sciences of the USSR",),
    "MPG": ("Max-Planck-Gesellschaft",),
    "CNRS": ("Centre national de la recherche scientifique",),
    "CSIC": ("Consejo Superior de Investigaciones Cientificas",),
    "CNR": ("Consiglio Nazionale delle Ricerche",),
}


def local_name(names: tuple[str, ...] | list[str], language: str, parent: str = "") -> str:
    """The local-script form from an (en, zh, ja, ko, ru) tuple, after its parent's name."""
    column = v.LANGUAGE_COLUMN.get(language)
    if not column or column >= len(names):
        return ""
    if not parent:
        return names[column]
    if language == "ru":
        return f"{names[column]}, {parent}"
    return f"{parent} {names[column]}" if language == "ko" else f"{parent}{names[column]}"


def topic_names(topic: tuple[str, ...], language: str) -> dict[str, str]:
    return names_by_language(topic[0], local_name(topic, language), language)


def names_by_language(en: str, local: str, language: str) -> dict[str, str]:
    """A placeholder's value by language: English, and the local script if any."""
    return {language: local, "en": en} if language != "en" else {"en": en}


def country_region_slugs(code: str) -> tuple[str, ...]:
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


CN_REGIONS = {
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


def field_terms() -> list[TermSpec]:
    terms: list[TermSpec] = []
    for slug, name, zh, children in v.FIELDS:
        terms.append(TermSpec(slug, name, zh, None))
        terms += [TermSpec(slugify(child), child, child_zh, slug) for child, child_zh in children]
    return terms


def region_terms() -> list[TermSpec]:
    terms: list[TermSpec] = []
    for slug, name, zh, countries, children in v.REGIONS:
        terms.append(TermSpec(slug, name, zh, None, countries))
        for child in children:
            terms.append(TermSpec(child[0], child[1], child[2], slug, tuple(child[3:4])))
    return terms
