"""The admin's "New from press release": paste a text, review what the registry proposes
beside the passages that state it, keep, correct or drop each fact, save drafts.

Step one posts the text (``action=propose``) and renders the proposals as a form; step two
(``action=save``) reads the reviewed form back into proposals and hands them to
``intake.drafts.save_drafts``, the one write path. Nothing is published here."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.admin.sites import site
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from agreements.choices import AgreementKind, RelationKind, SignatureRole
from intake.api.serializers import IntakeRequestSerializer, as_request
from intake.drafts import SCALARS, save_drafts
from intake.pressrelease import propose

TEMPLATE = "admin/intake/press_release.html"
CONTEXT_CHARS = 60  # shown on each side of a highlighted passage
LABELS = {
    "title": gettext_lazy("Title (English)"),
    "title_local": gettext_lazy("Title (original language)"),
    "kind": gettext_lazy("Kind"),
    "signed_on": gettext_lazy("Signed on (YYYY[-MM[-DD]])"),
    "signed_place": gettext_lazy("Place of signing"),
}
METADATA = ("text", "url", "publisher", "published_on", "language")


def press_release(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("agreements.add_agreement"):  # type: ignore[union-attr]
        raise PermissionDenied
    context: dict[str, Any] = {
        **site.each_context(request),
        "title": _("New from press release"),
        "kinds": AgreementKind.choices,
        "roles": SignatureRole.choices,
        "relation_kinds": RelationKind.choices,
        "given": {name: request.POST.get(name, "") for name in METADATA},
    }
    if request.method != "POST":
        return render(request, TEMPLATE, context)
    given = IntakeRequestSerializer(data={k: v for k, v in context["given"].items() if v})
    if not given.is_valid():
        context["errors"] = given.errors
        return render(request, TEMPLATE, context)
    metadata = as_request(given.validated_data)
    if request.POST.get("action") == "save":
        proposals = reviewed(request.POST, metadata["text"])
        try:
            drafts = save_drafts(proposals=proposals, request=request, **metadata)
        except serializers.ValidationError as error:
            context["errors"] = error.detail
            context["proposals"] = shown(proposals, metadata["text"])
            return render(request, TEMPLATE, context)
        return saved(request, drafts)
    found = [proposal.as_dict() for proposal in propose(**metadata)]
    context["proposals"] = shown(found, metadata["text"])
    context["reviewing"] = True
    return render(request, TEMPLATE, context)


def saved(request: HttpRequest, drafts: list[Any]) -> HttpResponse:
    if not drafts:
        messages.info(request, _("Nothing was kept: no draft was created."))
        return HttpResponseRedirect(reverse("admin:agreements_agreement_changelist"))
    for draft in drafts:
        link = reverse("admin:agreements_agreement_change", args=[draft.pk])
        messages.success(
            request,
            format_html(_('Draft created: <a href="{}">{}</a>'), link, draft.title),
        )
    return HttpResponseRedirect(
        reverse("admin:agreements_agreement_changelist") + "?published__exact=0"
    )


def passage(text: str, claim: dict[str, Any]) -> dict[str, str] | None:
    """The claim's quote with some text around it, for highlighting."""
    start, end = claim.get("start"), claim.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start <= end:
        return None
    return {
        "before": text[max(0, start - CONTEXT_CHARS) : start],
        "quote": text[start:end],
        "after": text[end : end + CONTEXT_CHARS],
    }


def shown(proposals: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Each proposal with the passage of each of its facts, for the review form."""
    out = []
    for proposal in proposals:
        passages = {c["path"]: passage(text, c) for c in proposal.get("claims") or []}
        commitments = proposal.get("commitments") or []
        out.append(
            {
                **proposal,
                # Each single-valued fact's claim keeps the value the text states, so a
                # correction in review is recorded as the registry's, not the source's.
                "claims_json": json.dumps(
                    [
                        {**c, "value": c.get("value", proposal.get(c["path"]))}
                        if c["path"] in SCALARS
                        else c
                        for c in proposal.get("claims") or []
                    ],
                    ensure_ascii=False,
                ),
                "facts": [
                    {
                        "name": name,
                        "label": LABELS[name],
                        "value": proposal.get(name) or "",
                        "passage": passages.get(name),
                    }
                    for name in SCALARS
                ],
                "party_rows": [
                    {**p, "passage": passages.get(f"parties[{i}]")}
                    for i, p in enumerate(proposal.get("parties") or [])
                ],
                "signatory_rows": [
                    {**s, "passage": passages.get(f"signatories[{i}]")}
                    for i, s in enumerate(proposal.get("signatories") or [])
                ],
                "commitment_rows": [
                    {
                        "title": c.get("title") if isinstance(c, dict) else c,
                        "passage": passages.get(f"commitments[{i}]"),
                    }
                    for i, c in enumerate(commitments)
                ],
                "relation_rows": [
                    {**r, "passage": passages.get(f"relations[{i}]")}
                    for i, r in enumerate(proposal.get("relations") or [])
                ],
                "term_rows": [
                    {"list": name, "slug": slug, "passage": passages.get(f"{name}[{i}]")}
                    for name in ("fields", "regions")
                    for i, slug in enumerate(proposal.get(name) or [])
                ],
            }
        )
    return out


def reviewed(post: Any, text: str) -> list[dict[str, Any]]:
    """The proposals as staff left them: dropped agreements, facts and rows left out.
    Whatever the form sends is bounded and typed here; what is left is checked by
    ``save_drafts`` like any API input."""
    proposals = []
    for a in range(bounded(post.get("count"), MAX_PROPOSALS)):
        prefix = f"a{a}-"
        if not post.get(prefix + "keep"):
            continue
        claims = claims_in(post.get(prefix + "claims"), text)
        proposal: dict[str, Any] = {
            name: (post.get(prefix + name) or "").strip() or None for name in SCALARS
        }
        # Row indexes change when rows are dropped: the claims follow their rows.
        renumbered: dict[str, str] = {}
        proposal["parties"] = rows(post, prefix + "party", PARTY_INPUTS, "parties", renumbered)
        proposal["signatories"] = rows(
            post, prefix + "signatory", SIGNATORY_INPUTS, "signatories", renumbered
        )
        proposal["commitments"] = rows(
            post, prefix + "commitment", ("title",), "commitments", renumbered
        )
        proposal["relations"] = rows(
            post, prefix + "relation", RELATION_INPUTS, "relations", renumbered
        )
        for name in ("fields", "regions"):
            chosen = post.getlist(prefix + name)
            kept = [
                (i, slug)
                for i, slug in enumerate(post.getlist(prefix + name + "-all")[:MAX_ROWS])
                if slug in chosen
            ]
            proposal[name] = [slug for _i, slug in kept]
            renumbered.update({f"{name}[{i}]": f"{name}[{n}]" for n, (i, _s) in enumerate(kept)})
        proposal["claims"] = [
            {**claim, "path": renumbered.get(claim["path"], claim["path"])}
            for claim in claims
            if claim["path"] in SCALARS or claim["path"] in renumbered
        ]
        proposals.append(proposal)
    return proposals


MAX_PROPOSALS = 50
MAX_ROWS = 200


def bounded(value: Any, limit: int) -> int:
    """A count from the form, 0 when it is not a number, never above ``limit``."""
    try:
        return max(0, min(int(value), limit))
    except (TypeError, ValueError):
        return 0


def claims_in(raw: Any, text: str) -> list[dict[str, Any]]:
    """The claims carried by the form: objects with a path, a quote and offsets inside the
    text; anything else is left out (its fact is saved without a claim)."""
    try:
        found = json.loads(raw or "[]")
    except ValueError:
        return []
    if not isinstance(found, list):
        return []
    claims = []
    for claim in found[: MAX_ROWS * 4]:
        if not isinstance(claim, dict):
            continue
        path, quote = claim.get("path"), claim.get("quote")
        start, end = claim.get("start"), claim.get("end")
        if not (isinstance(path, str) and isinstance(quote, str)):
            continue
        if not isinstance(start, int) or not isinstance(end, int):
            continue
        if isinstance(start, bool) or isinstance(end, bool) or not 0 <= start <= end <= len(text):
            continue
        value = claim.get("value")
        claims.append(
            {"path": path, "quote": quote, "start": start, "end": end}
            | ({"value": str(value)} if value not in (None, "") else {})
        )
    return claims


PARTY_INPUTS = ("party", "name", "parent")
RELATION_INPUTS = ("kind", "agreement", "note")
SIGNATORY_INPUTS = ("person", "name", "role", "title", "on_behalf_of", "on_behalf_of_name")


def rows(
    post: Any, prefix: str, inputs: tuple[str, ...], path: str, renumbered: dict[str, str]
) -> list[dict[str, Any]]:
    kept: list[dict[str, Any]] = []
    for i in range(bounded(post.get(prefix + "-count"), MAX_ROWS)):
        if not post.get(f"{prefix}-{i}-keep"):
            continue
        renumbered[f"{path}[{i}]"] = f"{path}[{len(kept)}]"
        given = {name: post.get(f"{prefix}-{i}-{name}") or "" for name in inputs}
        kept.append({name: value.strip() or None for name, value in given.items()})
    return kept
