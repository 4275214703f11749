"""Concurrent writes on PostgreSQL (SQLite runs one writer at a time): no lost update, no
signature for a non-party, no cycle, no 500. Threads are bounded in number and time."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections, transaction
from django.test import Client

from agreements.models import Agreement, CooperationField, Source
from parties.models import Party
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    CooperationFieldFactory,
    PartyFactory,
    PersonFactory,
    RegionFactory,
)

from .conftest import agreement_url, send

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks and the triggers are PostgreSQL's")


def run_together(calls: list[Callable[[], Any]], timeout: float = 120) -> list[Any]:
    """Start ``calls`` in threads at the same moment; their results, in order."""
    results: list[Any] = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=timeout)
            results[index] = calls[index]()
        except Exception as error:  # reported as the result, asserted on by the test
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a write hung"
    return results


def patcher(token: str, url: str, body: dict[str, Any]) -> Callable[[], int]:
    def patch() -> int:
        client = Client(HTTP_AUTHORIZATION=f"Token {token}")
        return int(send(client, "patch", url, body).status_code)

    return patch


def shows(shown: Any, sent: Any) -> bool:
    """Whether the API shows the value sent; it shows list items with more keys."""
    if isinstance(sent, list) and sent and isinstance(sent[0], dict):
        return len(shown) == len(sent) and all(
            {key: item[key] for key in given} == given
            for item, given in zip(shown, sent, strict=True)
        )
    return bool(shown == sent)


def test_twenty_clients_patching_their_own_fields_lose_no_update(feeder_token: str) -> None:
    cas, shenzhen = PartyFactory(slug="cas"), PartyFactory(slug="shenzhen")
    PersonFactory(slug="bai")
    CooperationFieldFactory(slug="science")
    RegionFactory(slug="gba")
    AgreementFactory(slug="older", parties=PartyFactory.create_batch(2))
    # Published, so with two parties; the patch below puts them in the other order.
    AgreementFactory(slug="target", signed_on=None, published=True, parties=[shenzhen, cas])
    patches: dict[str, Any] = {
        "title": "Twenty",
        "title_local": "二十",
        "language": "zh",
        "kind": "memorandum_of_understanding",
        "status": "in_force",
        "published": False,
        "signed_on": "2017-07",
        "effective_on": "2018",
        "expires_on": "2028-11-03",
        "terminated_on": "2027",
        "signed_place": "Shenzhen",
        "summary": "A summary.",
        "full_text": "The text.",
        "fields": ["science"],
        "regions": ["gba"],
        "relations": [{"kind": "renews", "agreement": "older"}],
        "commitments": [{"title": "A campus", "status": "planned"}],
        "sources": [{"url": "https://example.org/1", "title": "Release", "language": "en"}],
        "parties": [{"party": "cas", "role": "party"}, {"party": "shenzhen", "role": "party"}],
        "signatories": [{"person": "bai", "on_behalf_of": "cas", "role": "signatory"}],
    }
    assert len(patches) == 20
    url = agreement_url("target")
    statuses = run_together([patcher(feeder_token, url, {k: v}) for k, v in patches.items()])
    assert statuses == [200] * 20

    data = Client(HTTP_AUTHORIZATION=f"Token {feeder_token}").get(url).json()
    lost = [name for name, value in patches.items() if not shows(data[name], value)]
    assert lost == []
    assert Agreement.objects.get(slug="target").published is False
    assert shenzhen.agreement_roles.count() == 1


def test_removing_a_party_and_signing_for_it_at_once_never_leaves_a_non_party_signature(
    feeder_token: str,
) -> None:
    outcomes: list[tuple[int, int]] = []
    person = PersonFactory(slug="bai")
    for round_ in range(5):
        keep, leave = PartyFactory(slug=f"keep-{round_}"), PartyFactory(slug=f"leave-{round_}")
        # A draft: removing a party from a published pair would break the publishing rule.
        agreement = AgreementFactory(slug=f"pair-{round_}", published=False)
        AgreementPartyFactory(agreement=agreement, party=keep)
        AgreementPartyFactory(agreement=agreement, party=leave)
        url = agreement_url(agreement.slug)
        remove = {"parties": [{"party": keep.slug, "role": "party"}]}
        sign = {"signatories": [{"person": person.slug, "on_behalf_of": leave.slug}]}
        statuses = run_together(
            [patcher(feeder_token, url, remove), patcher(feeder_token, url, sign)]
        )
        outcomes.append((statuses[0], statuses[1]))
        party_ids = set(agreement.agreement_parties.values_list("party_id", flat=True))
        bodies = set(agreement.signatures.values_list("on_behalf_of_id", flat=True))
        assert bodies <= party_ids
    # Exactly one of each pair wins; the other is refused as bad input, never a 500.
    assert all(sorted(pair) == [200, 400] for pair in outcomes), outcomes


def test_a_cycle_made_by_two_concurrent_parent_changes_is_a_409_and_not_written(
    feeder_token: str,
) -> None:
    outcomes = []
    for round_ in range(5):
        a, b = PartyFactory(slug=f"a-{round_}"), PartyFactory(slug=f"b-{round_}")
        statuses = run_together(
            [
                patcher(feeder_token, f"/api/parties/{a.slug}/", {"parent": b.slug}),
                patcher(feeder_token, f"/api/parties/{b.slug}/", {"parent": a.slug}),
            ]
        )
        outcomes.append(sorted(statuses))
        a.refresh_from_db()
        b.refresh_from_db()
        assert not (a.parent_id == b.pk and b.parent_id == a.pk)
    # The loser waited for the winner's lock (409, a concurrent conflict) or, if the
    # threads did not overlap, read its committed change (400, a plain cycle): never a 500
    # (a deadlock, as before), never both written.
    assert all(pair in ([200, 409], [200, 400]) for pair in outcomes), outcomes
    assert [200, 409] in outcomes, outcomes


def test_a_cycle_of_cooperation_fields_made_concurrently_is_refused(feeder_token: str) -> None:
    """One parent change wins. The other is a 409 when the two writes overlapped (the
    database's cycle check at commit), or a 400 when a busy machine let the first commit
    before the second was validated; never a cycle, never a 500."""
    CooperationFieldFactory(slug="a")
    CooperationFieldFactory(slug="b")
    statuses = run_together(
        [
            patcher(feeder_token, "/api/fields/a/", {"parent": "b"}),
            patcher(feeder_token, "/api/fields/b/", {"parent": "a"}),
        ]
    )
    assert sorted(statuses) in ([200, 400], [200, 409])
    parents = dict(CooperationField.objects.values_list("slug", "parent__slug"))
    assert parents in ({"a": "b", "b": None}, {"a": None, "b": "a"})


def test_a_signature_added_while_its_party_is_removed_elsewhere_is_refused_by_the_database(
    feeder_token: str,
) -> None:
    # Written around the services (as another program would): the triggers still refuse.
    # A draft, so only the signing-body rule is at stake.
    agreement = AgreementFactory(published=False)
    kept, leaving = PartyFactory(), PartyFactory()
    AgreementPartyFactory(agreement=agreement, party=kept)
    AgreementPartyFactory(agreement=agreement, party=leaving)
    person = PersonFactory()

    def remove() -> str:
        agreement.agreement_parties.filter(party=leaving).delete()
        return "removed"

    def sign() -> str:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO agreements_signature (agreement_id, person_id, on_behalf_of_id,"
                " role, title) VALUES (%s, %s, %s, 'signatory', '')",
                [agreement.pk, person.pk, leaving.pk],
            )
        return "signed"

    results = run_together([remove, sign])
    party_ids = set(agreement.agreement_parties.values_list("party_id", flat=True))
    bodies = set(agreement.signatures.values_list("on_behalf_of_id", flat=True))
    assert bodies <= party_ids
    assert sum(isinstance(result, Exception) for result in results) == 1, results
    assert Party.objects.count() == 2


def test_a_printed_source_stored_meanwhile_by_another_write_is_cited_not_duplicated(
    feeder_token: str,
) -> None:
    """The request finds no such source, the other transaction has inserted it but not
    committed: the unique index makes the request wait, then find the committed one."""
    AgreementFactory(slug="target", published=False)
    communique = {
        "title": "Joint communiqué",
        "publisher": "People's Daily (print edition)",
        "published_on": "2017-07-14",
        "language": "en",
    }
    inserted, release = threading.Event(), threading.Event()
    results: dict[str, Any] = {}

    def other_write() -> None:
        try:
            with transaction.atomic():
                Source.objects.create(url="", **{**communique, "title": "JOINT  communiqué"})
                inserted.set()
                release.wait(timeout=120)
        finally:
            connections.close_all()

    def request() -> None:
        try:
            inserted.wait(timeout=120)
            body = {"sources": [{"url": "", **communique}]}
            results["status"] = patcher(feeder_token, agreement_url("target"), body)()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=f, daemon=True) for f in (other_write, request)]
    for thread in threads:
        thread.start()
    inserted.wait(timeout=120)
    with connection.cursor() as cursor:
        for _ in range(2400):  # until the request waits for the other transaction, or ends
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0] or not threads[1].is_alive():
                break
            threads[1].join(timeout=0.05)
    release.set()
    for thread in threads:
        thread.join(timeout=120)

    assert results["status"] == 200
    [source] = Source.objects.filter(url="")
    assert list(source.citations.values_list("agreement__slug", flat=True)) == ["target"]
