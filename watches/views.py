"""Public pages of e-mail subscriptions (under /<lang>/): subscribe, confirm, unsubscribe;
and the admin's one-click "Watch" button."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from agreements.models import Agreement, CooperationField
from kernel.api.throttling import FixedWindowRateThrottle
from parties.models import Party

from . import services
from .choices import Kind
from .forms import SubscribeForm
from .models import Watch
from .selectors import normalized_query


class SubscribeThrottle(FixedWindowRateThrottle):
    """Subscription requests per e-mail address or per client address (``ident``)."""

    def __init__(self, scope: str, rate: str, ident: str) -> None:
        self.scope, self.rate, self.ident = scope, rate, ident
        self.num_requests, self.duration = self.parse_rate(rate)

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.ident}


def throttled(request: HttpRequest, email: str) -> bool:
    """Too many requests for this e-mail address, or from this client."""
    client = SubscribeThrottle("subscribe-client", settings.SUBSCRIBE_CLIENT_RATE, "")
    client.ident = client.get_ident(request)  # type: ignore[arg-type]
    by_email = SubscribeThrottle("subscribe-email", settings.SUBSCRIBE_EMAIL_RATE, email.lower())
    # Both are counted, so a client cannot spread one address over many requests.
    allowed = [t.allow_request(request, None) for t in (client, by_email)]  # type: ignore[arg-type]
    return not all(allowed)


def initial_of(request: HttpRequest) -> dict[str, Any]:
    """The form's target from the page that links here (?party=, ?field= or ?search=)."""
    params = request.GET
    for kind in (Kind.PARTY, Kind.FIELD, Kind.SEARCH):
        if kind in params:
            initial: dict[str, Any] = {"kind": kind, kind: params.get(kind, "")}
            if kind == Kind.PARTY:
                initial["include_subunits"] = params.get("include_subunits") in {"1", "true"}
            return initial
    return {}


def target_label(form: SubscribeForm) -> str | None:
    """What the form follows, for its heading; None if it names nothing valid."""
    data = form.data if form.is_bound else form.initial
    kind = data.get("kind")
    if kind == Kind.PARTY:
        party = Party.objects.filter(slug=data.get("party") or "").first()
        return str(party) if party else None
    if kind == Kind.FIELD:
        term = CooperationField.objects.filter(slug=data.get("field") or "").first()
        return str(term) if term else None
    if kind == Kind.SEARCH:
        return _("agreements matching the search “%(query)s”") % {
            "query": data.get("search") or "*"
        }
    return None


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """GET: the form, for the party, field or search named in the query string; POST: ask
    for a confirmation message. Invalid input is answered 400 with the field named; the
    answer to a valid request never says whether the address was already subscribed."""
    status = 200
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if form.is_valid():
            email = form.cleaned_data["email"]
            if throttled(request, email):
                form.add_error("email", _("Too many requests for this address; try again later."))
                status = 429
            else:
                target = form.cleaned_data["target"]
                try:
                    services.request_subscription(
                        email=email,
                        kind=target["kind"],
                        party=target["party"],
                        field=target["field"],
                        query=target["query"],
                        include_subunits=target["include_subunits"],
                        frequency=form.cleaned_data["frequency"],
                        language=translation.get_language() or settings.LANGUAGE_CODE,
                    )
                except ValidationError as exc:
                    for name, errors in exc.message_dict.items():
                        form.add_error(name if name in form.fields else None, errors)
                    status = 400
                except services.NotSent:
                    message = _("No message could be sent just now; please try again later.")
                    form.add_error("email", message)
                    status = 503
                else:
                    return render(request, "watches/subscribe_sent.html", {"email": email})
        else:
            status = 400
    else:
        form = SubscribeForm(initial=initial_of(request))
    label = target_label(form)
    if label is None and status == 200:
        status = 400  # nothing (valid) to follow: the page says so
    context = {"form": form, "label": label}
    return render(request, "watches/subscribe.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a page with the button that confirms (mail scanners follow links, so a GET
    changes nothing); POST: confirm. A bad or expired link is answered 400."""
    if request.method == "POST":
        try:
            subscription = services.confirm_subscription(token)
        except ValidationError as exc:
            return render(
                request, "watches/confirm.html", {"error": exc.message_dict["token"]}, status=400
            )
        return render(request, "watches/confirm.html", {"confirmed": subscription})
    try:
        services.subscription_of(token)
    except ValidationError as exc:
        context = {"error": exc.message_dict["token"]}
        return render(request, "watches/confirm.html", context, status=400)
    return render(request, "watches/confirm.html", {"token": token})


# Mail providers send the one-click POST (RFC 8058) without a CSRF token; the signed link
# is what authorizes it, and stopping messages is all it can do.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: what the link stops and a button; POST (the button, or a mail provider's
    ``List-Unsubscribe=One-Click``): stop it."""
    try:
        subscriptions, watches = services.read_unsubscribe(token)
    except ValidationError as exc:
        error = {"error": exc.message_dict["token"]}
        return render(request, "watches/unsubscribe.html", error, status=400)
    if request.method == "POST":
        services.unsubscribe(token)
        return render(request, "watches/unsubscribe.html", {"done": True})
    context: dict[str, Any] = {"token": token, "subscriptions": subscriptions, "watches": watches}
    return render(request, "watches/unsubscribe.html", context)


TARGET_MODELS: dict[str, Any] = {
    Kind.AGREEMENT: Agreement,
    Kind.PARTY: Party,
    Kind.FIELD: CooperationField,
}


def watch_target(kind: str, value: str) -> dict[str, Any]:
    """The button's target as add_watch takes it: a record by slug, a search's query string."""
    if kind == Kind.SEARCH:
        return {"query": value}
    model = TARGET_MODELS.get(kind)
    return {kind: model.objects.filter(slug=value).first()} if model else {}


def stop_watch(user: Any, kind: str, target: dict[str, Any]) -> None:
    if kind == Kind.SEARCH:
        target = {"query": normalized_query(target["query"])}
    if all(value is not None for value in target.values()):
        user.watches.filter(kind=kind, **target).delete()


@require_POST
def watch_toggle(request: HttpRequest) -> HttpResponse:
    """The "Watch" button of the admin's agreement, party and field pages and, for staff, of
    the public ones (the admin site wraps it: staff login): watch the record (``stop``: stop
    watching it). 400 naming the field for a record that does not exist or a draft the
    staff member may not see."""
    kind = request.POST.get("kind", "")
    target = watch_target(kind, request.POST.get("target", ""))
    try:
        if kind not in Kind.values:
            raise ValidationError({"kind": _("Choose an agreement, a party, a field or a search.")})
        watch: Watch | None = None
        if request.POST.get("stop"):
            stop_watch(request.user, kind, target)
        else:
            watch, _created = services.add_watch(
                user=request.user,
                kind=kind,
                include_subunits=request.POST.get("include_subunits") in {"1", "true", "on"},
                language=translation.get_language() or settings.LANGUAGE_CODE,
                **target,
            )
    except ValidationError as exc:
        return render(request, "watches/watch_error.html", {"errors": exc.message_dict}, status=400)
    if watch is not None:
        messages.success(request, _("You now watch %(target)s.") % {"target": watch.describe()})
    else:
        messages.success(request, _("You no longer watch it."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = "/admin/watches/watch/"
    return HttpResponseRedirect(back)
