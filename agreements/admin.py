"""Staff admin: an agreement with everything it holds on one page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries
from simple_history.admin import SimpleHistoryAdmin

from kernel.admin_site import LabelledChoices
from kernel.rule_forms import RuleCheckedModelForm
from parties.models import Party

from . import lifecycle
from . import search as search_backend
from .admin_forms import AgreementAdminForm, submitted_party_ids
from .db_triggers import PARTY_LINK_TRIGGER, PUBLISHED_TRIGGER
from .models import (
    Agreement,
    AgreementParty,
    AgreementRelation,
    AgreementSource,
    Claim,
    Commitment,
    CommitmentProgress,
    CooperationField,
    Document,
    Event,
    EventParticipant,
    Region,
    Signature,
    Source,
)
from .models.agreement import (
    publishing_message,
    refused_signing_bodies,
    refuses_publishing,
    signing_body_message,
)
from .models.claim import realign_claims, refresh_held
from .services import follow_successor
from .statuses import predecessor_ids, refresh_statuses, status_after_write


def database_refusal(error: IntegrityError) -> str:
    """What the database refused, for a message to the editor: the publishing rule in the
    reader's language, anything else as the database put it."""
    text = str(error)
    if PUBLISHED_TRIGGER in text or PARTY_LINK_TRIGGER in text:
        return publishing_message()
    return _("The database refused the change: %(error)s") % {"error": text.splitlines()[0]}


def source_label(source: Source) -> str:
    """'Press release title — SIAT · 2017-12-05 · english.siat.ac.cn'."""
    host = urlsplit(source.url).hostname or ""
    details = [source.publisher, str(source.published_on or ""), host.removeprefix("www.")]
    shown = " · ".join(d for d in details if d)
    return f"{source.title} — {shown}" if shown else source.title


class SignedYearFilter(admin.SimpleListFilter):
    title = _("year signed")
    parameter_name = "signed_year"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        years = Agreement.objects.dates("signed_on", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() and self.value().isdigit():  # type: ignore[union-attr]
            return queryset.filter(signed_on__year=int(self.value()))  # type: ignore[arg-type]
        return queryset


class PartyCountryFilter(admin.SimpleListFilter):
    title = _("party country")
    parameter_name = "party_country"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        # Every country a party is in (one index scan of the parties), not the distinct
        # countries over every agreement's party links.
        codes = (
            Party.objects.exclude(country="")
            .values_list("country", flat=True)
            .distinct()
            .order_by("country")
        )
        return [(code, str(countries.name(code)) or code) for code in codes]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if not self.value():
            return queryset
        with_party_there = AgreementParty.objects.filter(
            agreement=OuterRef("pk"), party__country=self.value()
        )
        return queryset.filter(Exists(with_party_there))


# The most matches the agreement changelist counts; past it the list says "more than" and
# its pages end there (a narrower search or a filter reaches the rest).
ADMIN_COUNT_LIMIT = 10_000


class BoundedCountPaginator(Paginator):
    """Counts at most ``ADMIN_COUNT_LIMIT`` rows: counting a search that matches a quarter of
    a million agreements scanned them all, whereas the count of the first 10,001 stops there."""

    @cached_property
    def counted(self) -> int:
        rows: Any = self.object_list
        # Unordered and without the search's rank: the count then stops at the limit.
        return int(rows.order_by().values("pk")[: ADMIN_COUNT_LIMIT + 1].count())

    @property
    def capped(self) -> bool:
        return self.counted > ADMIN_COUNT_LIMIT

    @cached_property
    def count(self) -> int:
        return min(self.counted, ADMIN_COUNT_LIMIT)


class RelatedInline(LabelledChoices, admin.TabularInline):
    """An inline whose rows' titles name related objects: fetch them with the rows."""

    select_related: tuple[str, ...] = ()

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related(*self.select_related)


class AgreementPartyInline(RelatedInline):
    form = RuleCheckedModelForm
    model = AgreementParty
    select_related = ("party",)
    # Two rows: publishing needs two parties.
    extra = 2
    min_num = 0
    autocomplete_fields = ["party"]
    fields = ["party", "role", "position"]


class SignatureFormSet(BaseInlineFormSet):
    """Checks 'on behalf of' against the parties submitted on the same page, which are
    saved only after validation."""

    def submitted_party_ids(self) -> set[int]:
        return submitted_party_ids(self.data, self.instance)

    def clean(self) -> None:
        super().clean()
        forms = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("on_behalf_of")
        ]
        bodies = [form.cleaned_data["on_behalf_of"].pk for form in forms]
        for index in refused_signing_bodies(self.submitted_party_ids(), bodies):
            forms[index].add_error("on_behalf_of", signing_body_message())


class SignatureInline(RelatedInline):
    form = RuleCheckedModelForm
    model = Signature
    select_related = ("person", "on_behalf_of")
    formset = SignatureFormSet
    extra = 1
    autocomplete_fields = ["person", "on_behalf_of"]
    fields = ["person", "role", "on_behalf_of", "title"]


class CommitmentInline(LabelledChoices, admin.StackedInline):
    form = RuleCheckedModelForm
    model = Commitment
    extra = 1
    autocomplete_fields = ["responsible_parties", "sources"]
    fields = [
        ("title", "status"),
        "title_local",
        "description",
        ("due_on", "completed_on"),
        "responsible_parties",
        "sources",
        "position",
    ]
    show_change_link = True


class AgreementSourceInline(RelatedInline):
    form = RuleCheckedModelForm
    model = AgreementSource
    select_related = ("source",)
    extra = 1
    autocomplete_fields = ["source"]
    fields = ["source", "supports"]


class ClaimInline(RelatedInline):
    """Each fact with the source and passage that state it. Paste the passage: the
    offsets are found in the source's stored text."""

    form = RuleCheckedModelForm
    model = Claim
    fk_name = "agreement"
    select_related = ("source",)
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["path", "value", "source", "quote", "note", "held"]
    readonly_fields = ["held"]


class RelationInline(RelatedInline):
    form = RuleCheckedModelForm
    model = AgreementRelation
    select_related = ("agreement", "other")
    fk_name = "agreement"
    extra = 1
    autocomplete_fields = ["other"]
    fields = ["kind", "other", "note"]
    verbose_name = _("this agreement … another")
    verbose_name_plural = _("relations to other agreements")


class InverseRelationInline(RelatedInline):
    """The same relations seen from the other side ("renewed by"); edit them there."""

    form = RuleCheckedModelForm

    model = AgreementRelation
    fk_name = "other"
    extra = 0
    fields = ["agreement", "inverse", "note"]
    readonly_fields = ["agreement", "inverse", "note"]
    can_delete = False
    show_change_link = False
    select_related = ("agreement", "other")
    verbose_name = _("another agreement … this one")
    verbose_name_plural = _("relations from other agreements")

    @admin.display(description=_("relation"))
    def inverse(self, obj: AgreementRelation) -> str:
        return obj.inverse_label

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class DocumentInline(admin.TabularInline):
    form = RuleCheckedModelForm
    model = Document
    extra = 1
    fields = ["kind", "language", "title", "file", "sha256"]
    readonly_fields = ["sha256"]


@admin.register(Agreement)
class AgreementAdmin(LabelledChoices, SimpleHistoryAdmin):
    form = AgreementAdminForm
    list_display = [
        "title",
        "party_names",
        "kind",
        "status",
        "signed_on",
        "signed_place",
        "reference_number",
        "published",
        "updated_at",
    ]
    list_filter = [
        "published",
        "kind",
        "status",
        "fields",
        "regions",
        PartyCountryFilter,
        SignedYearFilter,
    ]
    search_fields = [
        "title",
        "title_local",
        "slug",
        "signed_place",
        "signed_place_local",
        "reference_number",
        "agreement_parties__party__name",
        "agreement_parties__party__name_local",
        "agreement_parties__party__abbreviation",
        "agreement_parties__party__aliases__name",
    ]
    # No date hierarchy: the year filter offers the same years, and the hierarchy's minimum,
    # maximum and distinct years over a search's matches cost more than the list itself
    # (2.3 of 6.3 s at 100k agreements). Its addresses (?signed_on__year=) still filter.
    autocomplete_fields = ["fields", "regions"]
    inlines = [
        AgreementPartyInline,
        SignatureInline,
        CommitmentInline,
        AgreementSourceInline,
        ClaimInline,
        RelationInline,
        InverseRelationInline,
        DocumentInline,
    ]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "title_local",
                    "language",
                    "slug",
                    "reference_number",
                    "kind",
                    "published",
                ]
            },
        ),
        (
            _("Status"),
            {
                "fields": [("status", "status_fixed"), "status_note"],
                "description": _(
                    "The status follows the dates and the agreements that renew or "
                    "supersede this one. Tick 'set by hand', with a note, to keep the "
                    "status entered where the dates do not tell."
                ),
            },
        ),
        (
            _("Signing and term"),
            {
                "fields": [
                    ("signed_on", "signed_place", "signed_place_local"),
                    ("effective_on", "expires_on", "terminated_on"),
                ]
            },
        ),
        (
            _("Content"),
            {"fields": ["summary", "summary_local", "full_text", "fields", "regions"]},
        ),
        (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    actions = ["publish", "unpublish"]
    show_full_result_count = False
    list_per_page = 50
    paginator = BoundedCountPaginator

    def get_queryset(self, request: HttpRequest) -> QuerySet[Agreement]:
        # One extra query for the parties of the whole page, not one per row.
        return super().get_queryset(request).prefetch_related("parties")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Agreement], search_term: str
    ) -> tuple[QuerySet[Agreement], bool]:
        """The registry's full-text search (agreements/search.py: titles, parties with
        their abbreviations and aliases, people, places; GIN-indexed on PostgreSQL), or
        the slug or reference number exactly. Django's own search would join every party
        and alias and de-duplicate whole rows, search document included: 28 s at 1M."""
        term = search_term.strip()
        if not term:
            return queryset, False
        found = search_backend.search(queryset, term)
        # The slug and reference number by their indexes first: OR-ed into the search, they
        # made PostgreSQL build the whole match set before counting or paging any of it.
        exact = list(
            queryset.filter(Q(slug=term) | Q(reference_number__iexact=term)).values_list(
                "pk", flat=True
            )
        )
        if exact:
            return queryset.filter(Q(pk__in=found.values("pk")) | Q(pk__in=exact)), False
        return found, False

    def save_model(self, request: HttpRequest, obj: Agreement, form: Any, change: bool) -> None:
        # The status the dates give, saved with the form's other changes (one history record).
        obj.status = status_after_write(obj, {}, lifecycle.today())
        obj._predecessors_before = predecessor_ids(obj)  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # Claims whose value the record now has (or no longer has) say so.
        refresh_held(form.instance)
        before: set[int] = getattr(form.instance, "_predecessors_before", set())
        follow_successor(form.instance, before=before)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """The form checks the rules; the database checks them again when the save
        commits, as this view's transaction ends (another editor may have removed a party
        meanwhile). Its refusal, the save rolled back, is shown on the form's page rather
        than as a server error."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError as error:
            self.message_user(request, database_refusal(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    @admin.display(description=_("parties"))
    def party_names(self, agreement: Agreement) -> str:
        return ", ".join(p.abbreviation or p.name for p in agreement.parties.all())

    @admin.action(description=_("Publish the selected agreements"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Agreement]) -> None:
        self._set_published(request, queryset, True)

    @admin.action(description=_("Unpublish the selected agreements"), permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Agreement]) -> None:
        self._set_published(request, queryset, False)

    def _set_published(
        self, request: HttpRequest, queryset: QuerySet[Agreement], published: bool
    ) -> None:
        # One save per agreement rather than update(), so each change enters the history.
        changed, refused = 0, []
        for agreement in queryset.exclude(published=published).prefetch_related(
            "agreement_parties"
        ):
            party_ids = {ap.party_id for ap in agreement.agreement_parties.all()}
            if refuses_publishing(published, party_ids):
                refused.append(agreement.title)
                continue
            try:
                with transaction.atomic():
                    agreement.published = published
                    agreement.save(update_fields=["published", "updated_at"])
                    # A renewal published (or withdrawn) supersedes what it renews (or
                    # no longer).
                    follow_successor(agreement, before=set())
            except IntegrityError:  # at commit: a party removed meanwhile by another editor
                refused.append(agreement.title)
                continue
            changed += 1
        message = (
            ngettext("%d agreement published.", "%d agreements published.", changed)
            if published
            else ngettext("%d agreement unpublished.", "%d agreements unpublished.", changed)
        )
        self.message_user(request, message % changed, messages.SUCCESS)
        if refused:
            self.message_user(
                request, f"{publishing_message()} {'; '.join(refused)}", messages.WARNING
            )


class CommitmentProgressInline(LabelledChoices, admin.TabularInline):
    form = RuleCheckedModelForm
    model = CommitmentProgress
    extra = 1
    autocomplete_fields = ["source"]
    fields = ["reported_on", "note", "source"]


@admin.register(Commitment)
class CommitmentAdmin(LabelledChoices, SimpleHistoryAdmin):
    form = RuleCheckedModelForm
    list_display = ["title", "agreement", "status", "due_on", "completed_on"]
    list_filter = ["status"]
    list_select_related = ["agreement"]
    search_fields = ["title", "title_local", "agreement__title", "agreement__title_local"]
    autocomplete_fields = ["agreement", "responsible_parties", "sources"]
    inlines = [CommitmentProgressInline]
    show_full_result_count = False

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        refresh_held(form.instance.agreement)  # a renamed commitment's claims say so

    def delete_model(self, request: HttpRequest, obj: Commitment) -> None:
        super().delete_model(request, obj)
        refresh_held(obj.agreement)


class EventParticipantInline(LabelledChoices, admin.TabularInline):
    form = RuleCheckedModelForm
    model = EventParticipant
    extra = 1
    autocomplete_fields = ["person", "party"]
    fields = ["person", "role", "party", "note"]


@admin.register(Event)
class EventAdmin(LabelledChoices, SimpleHistoryAdmin):
    form = RuleCheckedModelForm
    list_display = ["title", "kind", "date", "place", "published"]
    list_filter = ["published", "kind"]
    search_fields = ["title", "title_local", "place", "slug"]
    date_hierarchy = "date"
    autocomplete_fields = ["parties", "agreements", "sources"]
    inlines = [EventParticipantInline]
    readonly_fields = ["created_at", "updated_at"]
    show_full_result_count = False


@admin.register(Source)
class SourceAdmin(LabelledChoices, SimpleHistoryAdmin):
    form = RuleCheckedModelForm
    list_display = ["title", "publisher", "published_on", "language", "url"]
    list_filter = ["language"]
    search_fields = ["title", "publisher", "url", "excerpt"]
    autocomplete_fields = ["parties"]

    def save_model(self, request: HttpRequest, obj: Source, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if "text" in form.changed_data:
            realign_claims(obj)  # the quotes were checked against the new text in clean()

    readonly_fields = ["created_at", "updated_at"]
    show_full_result_count = False

    def autocomplete_label(self, source: Source) -> str:
        return source_label(source)


@admin.register(Document)
class DocumentAdmin(LabelledChoices, SimpleHistoryAdmin):
    form = RuleCheckedModelForm
    list_display = ["__str__", "agreement", "kind", "language", "sha256", "uploaded_at"]
    list_filter = ["kind", "language"]
    list_select_related = ["agreement"]
    search_fields = ["title", "agreement__title", "sha256"]
    autocomplete_fields = ["agreement"]
    readonly_fields = ["sha256", "uploaded_at"]
    show_full_result_count = False


class VocabularyAdmin(LabelledChoices, SimpleHistoryAdmin):
    form = RuleCheckedModelForm
    list_display = ["name", "name_local", "slug", "parent"]
    list_select_related = ["parent"]
    search_fields = ["name", "name_local", "slug"]
    autocomplete_fields = ["parent"]
    show_full_result_count = False


admin.site.register(CooperationField, VocabularyAdmin)
admin.site.register(Region, VocabularyAdmin)


@admin.register(AgreementRelation)
class AgreementRelationAdmin(LabelledChoices, SimpleHistoryAdmin):
    form = RuleCheckedModelForm
    list_display = ["agreement", "kind", "other"]
    list_filter = ["kind"]
    list_select_related = ["agreement", "other"]
    search_fields = ["agreement__title", "other__title"]
    autocomplete_fields = ["agreement", "other"]
    show_full_result_count = False

    def save_model(
        self, request: HttpRequest, obj: AgreementRelation, form: Any, change: bool
    ) -> None:
        stored = AgreementRelation.objects.filter(pk=obj.pk).values_list("other_id", flat=True)
        obj._others_before = set(stored) if obj.pk else set()  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        refresh_held(form.instance.agreement)
        # The agreement it names (before and after the change) may be superseded or not.
        before: set[int] = getattr(form.instance, "_others_before", set())
        refresh_statuses(ids=before | {form.instance.other_id})

    def delete_model(self, request: HttpRequest, obj: AgreementRelation) -> None:
        super().delete_model(request, obj)
        refresh_held(obj.agreement)
        refresh_statuses(ids={obj.other_id})
