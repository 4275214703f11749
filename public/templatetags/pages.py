"""Template helpers for the public pages: dates at their precision, names in the reader's
language first, language alternates, query strings and JSON-LD blocks."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, QueryDict
from django.urls import translate_url
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_info, gettext_lazy

from kernel.partial_date import PartialDate, format_partial_date

register = template.Library()

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# The characters that could end a <script> element or open a comment inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
# hreflang / og:locale values for the interface languages.
HREFLANG = {"en": "en", "zh-hans": "zh-Hans"}
OG_LOCALE = {"en": "en_GB", "zh-hans": "zh_CN"}


def local_lang(text: str, language: str) -> str:
    """The language tag of a text in the original language: Chinese if written in Han
    characters (an English-language agreement may have a Chinese title), else ``language``."""
    return "zh-Hans" if _HAN.search(text) else language


def reader_reads_chinese() -> bool:
    return (get_language() or "").lower().startswith("zh")


@register.filter
def partial_date(value: PartialDate | dt.date | None) -> str:
    """'3 December 2017' / '2017年12月3日'; empty for no date. A date or a moment (such as
    ``updated_at``, read in the site's time zone) is shown to the day, in the same words,
    so that every date of a page reads alike."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    if isinstance(value, dt.date):
        value = PartialDate(value)
    return format_partial_date(value, get_language() or settings.LANGUAGE_CODE)


def name_pair(obj: Any) -> tuple[str, str]:
    """(English, local) name or title of a party, person, agreement, event or term."""
    if hasattr(obj, "title"):
        return obj.title, getattr(obj, "title_local", "") or ""
    return obj.name, getattr(obj, "name_local", "") or ""


def names_in_reading_order(obj: Any) -> list[str]:
    """The English and local names, the one in the reader's language first."""
    english, local = name_pair(obj)
    if local and reader_reads_chinese() and _HAN.search(local):
        return [local, english]
    return [english, local] if local and local != english else [english]


@register.filter
def primary_name(obj: Any) -> str:
    return names_in_reading_order(obj)[0]


@register.filter
def secondary_name(obj: Any) -> str:
    names = names_in_reading_order(obj)
    return names[1] if len(names) > 1 else ""


@register.filter
def in_reading_language(obj: Any, field: str) -> dict[str, str]:
    """A text kept in English (``field``) and in the original language (``field_local``),
    as ``{"text", "lang"}``: the Chinese one for Chinese readers when there is one (as
    ``primary_name`` does for names), else the English, else whichever is written."""
    english = getattr(obj, field, "") or ""
    local = getattr(obj, f"{field}_local", "") or ""
    if local and (not english or (reader_reads_chinese() and _HAN.search(local))):
        return {"text": local, "lang": local_lang(local, getattr(obj, "language", "") or "")}
    return {"text": english, "lang": "en" if english else ""}


@register.simple_tag(takes_context=True)
def language_alternates(context: dict[str, Any]) -> list[dict[str, Any]]:
    """The current page in every interface language: code, name, hreflang, absolute URL."""
    request: HttpRequest = context["request"]
    current = get_language()
    return [
        {
            "code": code,
            "name": name,
            "hreflang": HREFLANG.get(code, code),
            "og_locale": OG_LOCALE.get(code, code),
            "url": request.build_absolute_uri(translate_url(request.get_full_path(), code)),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]


@register.simple_tag
def og_locale() -> str:
    return OG_LOCALE.get(get_language() or "", "en_GB")


@register.simple_tag(takes_context=True)
def query(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters set (or removed when None/''); the
    page number is dropped unless set, since a new filter starts at page one."""
    request: HttpRequest = context["request"]
    params: QueryDict = request.GET.copy()
    params.pop("page", None)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def jsonld(data: dict[str, Any]) -> SafeString:
    """A schema.org data block; '<', '>' and '&' escaped so no text can end the element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_SCRIPT_ESCAPES)),  # noqa: S308 - escaped just above
    )


# Language tags on sources and documents that Django's language table does not name.
_LANGUAGE_NAMES = {"zh": gettext_lazy("Chinese"), "en": gettext_lazy("English")}


@register.filter
def language_name(code: str) -> str:
    """'English', '中文'... for a BCP 47 tag, in the reader's language; the tag if unknown."""
    if not code:
        return ""
    if code.lower() in _LANGUAGE_NAMES:
        return str(_LANGUAGE_NAMES[code.lower()])
    try:
        return str(get_language_info(code.lower())["name_translated"])
    except KeyError:
        return code


@register.filter
def text_lang(obj: Any) -> str:
    """The lang attribute for an object's secondary name (see ``secondary_name``)."""
    if reader_reads_chinese():
        return "en"
    language = getattr(obj, "language", "")
    if language:
        return str(language)
    return "zh-Hans" if _HAN.search(name_pair(obj)[1]) else ""


@register.simple_tag(takes_context=True)
def x_default_url(context: dict[str, Any]) -> str:
    """The page without its language prefix, which redirects by the browser's language."""
    request: HttpRequest = context["request"]
    parts = request.path.split("/", 2)
    unprefixed = "/" + parts[2] if len(parts) > 2 else "/"
    return request.build_absolute_uri(unprefixed)


# Parameters that mean nothing once another is removed.
_DEPENDENT_PARAMETERS = {"party": ("include_subunits",)}


@register.simple_tag(takes_context=True)
def query_set(context: dict[str, Any], name: str, value: Any) -> str:
    """The current query string with one parameter set, back on page one."""
    return query(context, **{name: value})


@register.simple_tag(takes_context=True)
def query_without(context: dict[str, Any], name: str) -> str:
    """The current query string without a parameter (and those that depend on it)."""
    removed = {key: None for key in (name, *_DEPENDENT_PARAMETERS.get(name, ()))}
    return query(context, **removed)


@register.simple_tag(takes_context=True)
def query_without_value(context: dict[str, Any], name: str, value: Any) -> str:
    """The current query string without one value of a repeated parameter (``party=a&
    party=b`` less ``b``, in any case); once none is left, without those that depend on it too."""
    request: HttpRequest = context["request"]
    params: QueryDict = request.GET.copy()
    params.pop("page", None)
    # Country codes are read in any case; slugs and choices are lower case anyway.
    remaining = [v for v in params.getlist(name) if v.strip().lower() != str(value).lower()]
    if remaining:
        params.setlist(name, remaining)
    else:
        for key in (name, *_DEPENDENT_PARAMETERS.get(name, ())):
            params.pop(key, None)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def primary_lang(obj: Any) -> str:
    """The lang attribute for ``primary_name``: English, or the local name's language."""
    english, _local = name_pair(obj)
    if names_in_reading_order(obj)[0] == english:
        return "en"
    return str(getattr(obj, "language", "") or "zh-Hans")


@register.simple_tag
def cite(facts: Any, path: str, value: Any = "") -> SafeString | str:
    """The note markers of a fact ("[1, 3]"), linking to the quoted passages; the facts
    are ``public.claims.CitedFacts`` (nothing when the page has none)."""
    numbers = facts.numbers(path, str(value or "")) if facts is not None else []
    if not numbers:
        return ""
    links = format_html_join(", ", '<a href="#note-{0}">{0}</a>', ((n,) for n in numbers))
    return format_html('<sup class="cite">[{}]</sup>', links)


@register.simple_tag(takes_context=True)
def page_url(context: dict[str, Any], param: str, number: int) -> str:
    """The current query string on another page of one list (``param``), every other
    parameter kept (the other lists' pages too)."""
    request: HttpRequest = context["request"]
    params: QueryDict = request.GET.copy()
    params[param] = str(number)
    return f"?{params.urlencode()}"


@register.filter
def elided_pages(page: Any) -> list[int | str]:
    """Page numbers to link, near the current one and at both ends; "…" for gaps."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
