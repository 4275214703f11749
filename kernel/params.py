"""Query-string values read the same way by every page, filter and API view."""

from __future__ import annotations

from collections.abc import Mapping

TRUE_VALUES = frozenset({"1", "true", "yes", "on"})
FALSE_VALUES = frozenset({"0", "false", "no", "off"})
BOOLEAN_HINT = "Enter one of: true, false, 1, 0, yes, no, on, off."


def parse_bool(text: str | None) -> bool | None:
    """``true``/``1``/``yes``/``on`` (any case) are True, their opposites False, an empty
    or missing value None; anything else raises ValueError."""
    value = (text or "").strip().lower()
    if not value:
        return None
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ValueError(BOOLEAN_HINT)


def flag(params: Mapping[str, str], name: str) -> bool:
    """Whether a page's switch is on; a value that is not a boolean leaves it off (the
    filter reading the same parameter reports it)."""
    try:
        return bool(parse_bool(params.get(name)))
    except ValueError:
        return False
