"""Composing the messages: plain text with an HTML alternative, in the reader's language,
each with the link that stops it (RFC 8058 one-click headers included)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def absolute(path: str) -> str:
    """A URL of this site for a message, which has no request to take the host from."""
    return settings.SITE_URL.rstrip("/") + path


def localized_url(name: str, language: str, **kwargs: Any) -> str:
    with translation.override(language):
        return absolute(reverse(name, kwargs=kwargs))


def message(
    *,
    to: str,
    template: str,
    language: str,
    context: dict[str, Any],
    unsubscribe_url: str | None = None,
) -> EmailMultiAlternatives:
    """``watches/email/<template>.{subject,txt,html}`` rendered in ``language``."""
    with translation.override(language):
        context = {**context, "unsubscribe_url": unsubscribe_url, "site_url": settings.SITE_URL}
        subject = " ".join(render_to_string(f"watches/email/{template}.subject", context).split())
        text = render_to_string(f"watches/email/{template}.txt", context)
        html = render_to_string(f"watches/email/{template}.html", context)
    headers = {}
    if unsubscribe_url:
        headers = {
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    email = EmailMultiAlternatives(subject, text, to=[to], headers=headers)
    email.attach_alternative(html, "text/html")
    return email
