"""The declared representation equals DRF's field-by-field one, for every agreement."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from agreements.api.output import with_prefetched_output
from agreements.api.serializers import AgreementSerializer
from agreements.models import Agreement
from tests.factories import AgreementFactory, EventFactory

from .conftest import AGREEMENTS, agreement_payload, send


def assert_declared_equals_generic(drafts: bool, count: int) -> None:
    request = Request(APIRequestFactory().get(AGREEMENTS))
    context = {"request": request, "can_see_drafts": drafts}
    agreements = list(
        with_prefetched_output(Agreement.objects.all(), AgreementSerializer, drafts=drafts)
    )
    assert len(agreements) == count
    for agreement in agreements:
        serializer = AgreementSerializer(context=context)
        declared = serializer.to_representation(agreement)
        # DRF's own fields read the same prefetched rows (loading what they lack).
        generic = super(AgreementSerializer, serializer).to_representation(agreement)
        assert declared == dict(generic), agreement.slug
        assert list(declared) == list(generic)


@pytest.mark.parametrize("drafts", [True, False])
def test_the_declared_representation_equals_drfs(
    feeder_client: Client, world: dict[str, Any], drafts: bool
) -> None:
    send(feeder_client, "post", AGREEMENTS, agreement_payload())
    draft = AgreementFactory(slug="draft-renewal", published=False)
    draft.relations.create(kind="renews", other=world["older"])
    world["older"].relations.create(kind="related", other=draft)
    EventFactory(published=False).agreements.add(world["older"])
    assert_declared_equals_generic(drafts, count=3)


def test_the_declared_representation_of_the_founding_record_equals_drfs(
    founding_record: Agreement,
) -> None:
    assert_declared_equals_generic(drafts=False, count=1)


@pytest.mark.parametrize("drafts", [True, False])
def test_the_declared_representation_of_a_connected_agreement_equals_drfs(
    connected: Agreement, drafts: bool
) -> None:
    # connected, older, draft-renewal and extension: drafts among the related rows
    assert_declared_equals_generic(drafts, count=4)


def test_the_representation_keeps_only_the_requested_fields(db: None) -> None:
    queryset = Agreement.objects.filter(pk=AgreementFactory().pk)
    agreement = with_prefetched_output(queryset, AgreementSerializer, drafts=False).get()
    request = Request(APIRequestFactory().get(AGREEMENTS))
    serializer = AgreementSerializer(context={"request": request}, fields=["title", "fields"])
    assert serializer.to_representation(agreement) == {"title": agreement.title, "fields": []}


def test_the_declared_representation_of_documents_equals_drfs(
    founding_record: Agreement, settings: Any, tmp_path: Any
) -> None:
    from django.core.files.base import ContentFile

    from agreements.models import Document

    settings.MEDIA_ROOT = tmp_path
    document = Document(agreement=founding_record, kind="full_text", language="en")
    document.file.save("text.txt", ContentFile(b"agreement text"))
    assert_declared_equals_generic(drafts=False, count=1)
