"""One reading of boolean query-string values, for pages, filters and the API."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from kernel.params import flag, parse_bool


@pytest.mark.parametrize("text", ["1", "true", "True", "yes", "on", " YES "])
def test_it_reads_true_in_any_case(text: str) -> None:
    assert parse_bool(text) is True


@pytest.mark.parametrize("text", ["0", "false", "FALSE", "no", "off"])
def test_it_reads_false_in_any_case(text: str) -> None:
    assert parse_bool(text) is False


@pytest.mark.parametrize("text", ["", "  ", None])
def test_an_empty_value_is_no_answer(text: str | None) -> None:
    assert parse_bool(text) is None


@pytest.mark.parametrize("text", ["maybe", "yes-please", "2", "t"])
def test_it_rejects_other_values(text: str) -> None:
    with pytest.raises(ValueError, match="true, false"):
        parse_bool(text)


def test_a_page_switch_is_off_unless_a_true_value_is_given() -> None:
    assert flag(QueryDict("include_subunits=yes"), "include_subunits") is True
    assert flag(QueryDict("include_subunits=no"), "include_subunits") is False
    assert flag(QueryDict("include_subunits=perhaps"), "include_subunits") is False
    assert flag(QueryDict(""), "include_subunits") is False
