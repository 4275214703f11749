"""Webhook deliveries under attack: DNS rebinding, redirects, odd address spellings."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from django.contrib.auth.models import User

from sync import webhooks
from sync.choices import DeliveryStatus
from tests.sync.test_webhooks import Receiver, make_delivery, receiver  # noqa: F401

REAL_GETADDRINFO = socket.getaddrinfo


def rebinding_dns(monkeypatch: pytest.MonkeyPatch, host: str, first: str, then: str) -> None:
    """``host`` resolves to ``first`` on the first lookup and to ``then`` afterwards."""
    lookups = {"count": 0}

    def fake(name: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if name != host:
            return REAL_GETADDRINFO(name, port, *args, **kwargs)
        lookups["count"] += 1
        address = first if lookups["count"] == 1 else then
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", fake)


def test_it_does_not_post_to_a_host_that_rebinds_to_a_private_address(
    receiver: Receiver,  # noqa: F811
    db: None,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    port = receiver.server.server_address[1]
    # Public when the delivery checks it, the receiver's loopback when connecting.
    rebinding_dns(monkeypatch, "rebind.example", "93.184.216.34", "127.0.0.1")
    delivery = make_delivery(f"http://rebind.example:{port}/hook", User.objects.create_user("o"))

    webhooks.attempt(delivery)

    assert receiver.received == []
    delivery.refresh_from_db()
    assert delivery.status != DeliveryStatus.DELIVERED
    assert "non-public" in delivery.error


def test_it_does_not_follow_a_redirect_to_a_private_address(
    receiver: Receiver,  # noqa: F811
    db: None,
) -> None:
    receiver.statuses = [302]
    delivery = make_delivery(receiver.url, User.objects.create_user("o"))

    webhooks.attempt(delivery)

    assert len(receiver.received) == 1
    delivery.refresh_from_db()
    assert delivery.status_code == 302 and delivery.status == DeliveryStatus.FAILED


@pytest.mark.parametrize(
    "url",
    [
        "http://0.0.0.0/",
        "http://2130706433/",
        "http://0x7f.1/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:10.0.0.1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]/",
    ],
)
def test_it_refuses_loopback_private_and_unspecified_addresses_in_any_spelling(
    url: str, settings: Any
) -> None:
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    assert webhooks.refused_address(url) is not None
