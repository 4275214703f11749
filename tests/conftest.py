"""Personas and shared fixtures.

Each persona's comment says what it may see and do; tests name the persona they act as.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client

from kernel.staff_groups import EDITORS, VIEWERS

from .factories import AgreementFactory


@pytest.fixture(autouse=True)
def _plain_static_files(settings) -> None:  # type: ignore[no-untyped-def]
    """Tests render pages without running collectstatic, so skip the hashed manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@contextmanager
def _publishing_triggers_off(connection: Any) -> Iterator[None]:
    """Switch PostgreSQL's two-party publishing triggers off on every table they watch."""
    from agreements.db_triggers import PARTY_LINK_TRIGGER, PUBLISHED_TRIGGER

    if connection.vendor != "postgresql":
        yield
        return
    tables = (
        ("agreements_agreement", PUBLISHED_TRIGGER),
        ("agreements_agreementparty", PARTY_LINK_TRIGGER),
    )
    with connection.cursor() as cursor:
        for table, trigger in tables:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for table, trigger in tables:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")


@pytest.fixture(autouse=True)
def _factory_publications_unchecked(request: pytest.FixtureRequest) -> Iterator[None]:
    """AgreementFactory publishes agreements with no parties (most tests need none), which
    PostgreSQL's deferred publishing triggers refuse at commit. A test's transaction never
    commits, but Django checks deferred constraints when the test ends: the agreements
    still short of two parties then go back to drafts first. A test of the rule itself
    runs the check while the test is still going (tests/agreements/test_publishing_rule.py).
    In a transactional test each write commits by itself, so there the triggers are off.
    """
    marker = request.node.get_closest_marker("django_db")
    uses_db = marker is not None or "db" in request.fixturenames
    transactional = "transactional_db" in request.fixturenames or (
        marker is not None and marker.kwargs.get("transaction", False)
    )
    if not uses_db:
        yield
        return
    request.getfixturevalue("_django_db_helper")
    from django.db import connection

    if transactional and request.node.get_closest_marker("publishing_triggers") is None:
        # Here every factory write commits at once: the rule's triggers are switched off
        # for the test and on again before the tables are emptied.
        with _publishing_triggers_off(connection):
            yield
        return
    yield

    if transactional or connection.vendor != "postgresql" or connection.needs_rollback:
        return
    from django.db import DatabaseError

    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE agreements_agreement SET published = false WHERE published AND "
                "(SELECT count(*) FROM agreements_agreementparty p "
                "WHERE p.agreement_id = agreements_agreement.id) < 2"
            )
    except DatabaseError:
        pass  # the test left its transaction aborted: it rolls back, nothing is checked


@pytest.fixture
def client() -> Client:
    """The anonymous visitor (the public): reads published records only. The one fixture
    for this persona; it replaces pytest-django's own ``client``, which is the same."""
    return Client()


@pytest.fixture
def staff_editor(db: None) -> User:
    """Staff in the editors group: changes every registry record, but no users."""
    user = User.objects.create_user("editor", password="editor-password-1", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def staff_viewer(db: None) -> User:
    """Staff in the viewers group: reads everything, drafts included, changes nothing."""
    user = User.objects.create_user("viewer", password="viewer-password-1", is_staff=True)
    user.groups.add(Group.objects.get(name=VIEWERS))
    return user


@pytest.fixture
def superuser(db: None) -> User:
    """Can do anything, users included."""
    return User.objects.create_superuser("root", password="root-password-1")


@pytest.fixture
def editor_client(staff_editor: User) -> Client:
    client = Client()
    client.force_login(staff_editor)
    return client


@pytest.fixture
def viewer_client(staff_viewer: User) -> Client:
    client = Client()
    client.force_login(staff_viewer)
    return client


@pytest.fixture
def superuser_client(superuser: User) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


@pytest.fixture(autouse=True)
def _fresh_throttle_counts() -> None:
    """The API's anonymous throttle counts requests in the cache; each test starts at zero."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def analyst_token(db: None) -> str:
    """An analyst's read token (not staff): reads drafts too through the API, writes nothing."""
    from access.models import ApiToken

    user = User.objects.create_user("analyst")
    return ApiToken.issue(user, "read", "analyst")[1]


@pytest.fixture
def analyst_client(analyst_token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {analyst_token}")


@pytest.fixture
def feeder_token(db: None) -> str:
    """A feeding system's write token (not staff): reads drafts, creates, changes, deletes."""
    from access.models import ApiToken

    user = User.objects.create_user("feeder")
    return ApiToken.issue(user, "write", "feeding system")[1]


@pytest.fixture
def feeder_client(feeder_token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {feeder_token}")


@pytest.fixture
def draft_agreement(db: None):  # type: ignore[no-untyped-def]
    """An agreement staff are still writing up: invisible to the public."""
    return AgreementFactory(title="Draft agreement", published=False)


@pytest.fixture
def founding_record(db: None):  # type: ignore[no-untyped-def]
    """The CAS–Shenzhen 2017 agreement, loaded by the demo data command."""
    from agreements.models import Agreement

    call_command("load_demo_data", verbosity=0)
    return Agreement.objects.get(slug="cas-shenzhen-2017")
