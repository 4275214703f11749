"""The filters through /api/agreements/: the founding record found by Chinese text and by
its parent body, and invalid values answered with a 400 naming the parameter."""

from __future__ import annotations

import pytest
from django.test import Client

from agreements.models import Agreement

pytestmark = pytest.mark.django_db
AGREEMENTS = "/api/agreements/"


def found(client: Client, **params: str) -> list[str]:
    response = client.get(AGREEMENTS, params)
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "深圳"},
        {"q": "科技产业"},
        {"q": "Shenzhen innovation"},
        {"q": "中国科学院"},
        {"party": "cas", "include_subunits": "true"},
        {"party_country": "cn", "international": "false", "signed_year": "2017"},
        {"signed_after": "2017-07", "signed_before": "2017"},
        {"field": "science", "region": "greater-bay-area"},
    ],
)
def test_the_founding_record_is_found_through_the_api(
    client: Client, founding_record: Agreement, params: dict[str, str]
) -> None:
    assert found(client, **params) == ["cas-shenzhen-2017"]


def test_a_query_that_matches_nothing_finds_nothing(
    client: Client, founding_record: Agreement
) -> None:
    assert found(client, q="四川") == []


@pytest.mark.parametrize(
    ("params", "bad"),
    [
        ({"signed_after": "2017-13-45"}, "signed_after"),
        ({"kind": "treaty"}, "kind"),
        ({"min_parties": "two"}, "min_parties"),
        ({"party": "xyz"}, "party"),
        ({"ordering": "-slug"}, "ordering"),
    ],
)
def test_invalid_filter_values_get_a_400_naming_the_parameter(
    client: Client, params: dict[str, str], bad: str
) -> None:
    response = client.get(AGREEMENTS, params)
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == [bad]


def test_include_subunits_yes_reaches_the_sub_units_through_the_api(
    client: Client, founding_record: Agreement
) -> None:
    # The page's checkbox sends "1" and its links "1"; "yes" works as on the page.
    assert found(client, party="cas", include_subunits="yes") == [founding_record.slug]


@pytest.mark.parametrize("parameter", ["include_subunits", "international", "brief"])
def test_an_invalid_boolean_is_a_400_naming_the_parameter(client: Client, parameter: str) -> None:
    response = client.get(AGREEMENTS, {parameter: "perhaps"})
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == [parameter]
