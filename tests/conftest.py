"""Personas and shared fixtures.

Each persona's comment says what it may see and do; tests name the persona they act as.
"""

from __future__ import annotations

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
