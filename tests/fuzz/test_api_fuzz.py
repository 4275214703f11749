"""Schemathesis over every operation of ``/api/schema/``, in process, with a write token.

Seeded and bounded so that it runs the same cases every time within the suite's budget;
any 5xx fails the test and names the request that caused it. Cases are valid and invalid
requests alike (a bad request must be a 4xx), addressed to records that exist."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from agreements.models import EventParticipant
from registry.wsgi import application
from tests.api.conftest import world  # noqa: F401  (the records the cases address)
from tests.factories import EventFactory

# Cases per operation: enough to reach the parameters and both formats of each of the 39
# operations, few enough for about two minutes per database on one core.
EXAMPLES_PER_OPERATION = 40
# Stateful runs: sequences of up to STEPS calls joined by the links schemathesis infers
# from the schema (drf-spectacular declares none): a response's slug into the operations
# that take a slug.
SCENARIOS, STEPS = 15, 8

FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,  # the same cases on every run: a failure is reproducible
    deadline=None,
    database=None,  # nothing remembered between runs either
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)

# The schema is read once, when the tests are collected: serving it touches no database.
SCHEMA = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]

# Slugs of the records the ``fuzzed_world`` holds, by collection, and one that is not there.
SLUGS = {
    "agreements": ["older-slug"],
    "events": ["visit"],
    "fields": ["science", "education"],
    "parties": ["cas", "siat", "shenzhen"],
    "people": ["bai-chunli", "wang-weizhong"],
    "regions": ["greater-bay-area"],
}
UNKNOWN_SLUG = "no-such-record"


@pytest.fixture
def connections_kept_open() -> Iterator[None]:
    """Requests go to the WSGI application itself, not through Django's test client, so do
    what that client does: keep the test's connection (and its transaction) open across
    requests, which otherwise close it as soon as they start (PostgreSQL)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def fuzzed_world(
    world: dict[str, Any],  # noqa: F811
    connections_kept_open: None,
) -> dict[str, Any]:
    """The API tests' world, with an event whose one participant is there for no party."""
    event = EventFactory(slug="visit")
    event.agreements.add(world["older"])
    EventParticipant.objects.create(event=event, person=world["bai"], party=None)
    return world


def cases(operation: Any) -> st.SearchStrategy[Any]:
    """Valid and invalid requests to ``operation``; a ``{slug}`` names a record or none."""
    modes = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
    if "{slug}" not in operation.path:
        return st.one_of([operation.as_strategy(mode) for mode in modes])
    collection = operation.path.split("/")[2]
    return st.sampled_from([*SLUGS[collection], UNKNOWN_SLUG]).flatmap(
        lambda slug: st.one_of(
            [operation.as_strategy(mode, path_parameters={"slug": slug}) for mode in modes]
        )
    )


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_it_answers_every_operation_without_a_server_error(
    operation: Any, fuzzed_world: dict[str, Any], feeder_token: str
) -> None:
    @FUZZ_SETTINGS
    @given(case=cases(operation))
    def call(case: Any) -> None:
        case.call_and_validate(
            headers={"Authorization": f"Token {feeder_token}"}, checks=[not_a_server_error]
        )

    call()


def test_it_answers_linked_sequences_of_calls_without_a_server_error(
    fuzzed_world: dict[str, Any], feeder_token: str
) -> None:
    server_errors: list[str] = []

    class Workflow(SCHEMA.as_state_machine()):  # type: ignore[misc]
        # Every scenario starts from the same records and an empty cache. Hypothesis
        # replays the start of earlier scenarios when it draws new ones; a record an
        # earlier one wrote (a draft saved from a press release, say) would answer the
        # replay differently and Hypothesis would stop with a "flaky strategy".
        def setup(self) -> None:
            self.savepoint = transaction.savepoint()
            cache.clear()

        def teardown(self) -> None:
            transaction.savepoint_rollback(self.savepoint)

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": {"Authorization": f"Token {feeder_token}"}}

        def step(self, input: Any) -> Any:
            # An exception a step raises is collected too, for the same reason as below;
            # the next steps go on without this one's response.
            try:
                return super().step(input)
            except Exception as error:
                case = input.case
                server_errors.append(f"{case.method} {case.formatted_path} raised {error!r}")
                return None

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            # Collected rather than raised, so that one run names every request that
            # failed, not only the first.
            if response.status_code >= 500:
                server_errors.append(
                    f"{case.method} {case.formatted_path} -> {response.status_code}: "
                    f"{response.text[:300]}"
                )

    Workflow.run(
        settings=settings(FUZZ_SETTINGS, max_examples=SCENARIOS, stateful_step_count=STEPS)
    )
    assert server_errors == []
