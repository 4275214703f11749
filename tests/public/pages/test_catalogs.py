"""The Chinese message catalog: every string translated, and the compiled .mo up to date."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from django.conf import settings

CATALOG = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
# [msgctxt "..."] msgid "..." [msgid_plural "..."] msgstr[0] "..." or msgstr "...",
# one line each (--no-wrap).
ENTRY = re.compile(
    r'^(?:msgctxt "(?P<ctx>(?:[^"\\]|\\.)+)"\n)?'
    r'msgid "(?P<id>(?:[^"\\]|\\.)+)"\n(?:msgid_plural "[^\n]*"\n)?'
    r'msgstr(?:\[0\])? "(?P<str>(?:[^"\\]|\\.)*)"$',
    re.M,
)


def entries() -> dict[tuple[str | None, str], str]:
    """(context or None, msgid) -> msgstr."""
    text = (CATALOG / "django.po").read_text(encoding="utf-8")
    unescape = lambda s: s.encode().decode("unicode_escape").encode("latin-1").decode()  # noqa: E731
    return {
        (m["ctx"] and unescape(m["ctx"]), unescape(m["id"])): unescape(m["str"])
        for m in ENTRY.finditer(text)
    }


def test_every_interface_string_has_a_chinese_translation() -> None:
    found = entries()
    assert len(found) > 300
    assert [msgid for msgid, msgstr in found.items() if not msgstr] == []


def test_the_compiled_catalog_matches_the_source() -> None:
    with (CATALOG / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = [
        msgid
        for (context, msgid), msgstr in entries().items()
        if (
            compiled.pgettext(context, msgid) != msgstr
            if context
            else compiled.gettext(msgid) != msgstr and compiled.ngettext(msgid, "", 1) != msgstr
        )
    ]
    assert stale == []
