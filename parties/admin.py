"""Staff admin for parties and people."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from kernel.admin_site import LabelledChoices
from kernel.rule_forms import RuleCheckedModelForm

from .models import Party, PartyAlias, PartyIdentifier, Person, Post
from .services import inherited_country


def party_label(party: Party) -> str:
    """'Shenzhen Institute of Advanced Technology (SIAT) — CAS · China': the parent and
    country tell apart institutes of the same name. Needs ``parent`` fetched with it."""
    parent = party.parent
    details = [parent.abbreviation or parent.name if parent is not None else ""]
    details.append(str(party.country.name) if party.country else "")  # type: ignore[attr-defined]
    shown = " · ".join(d for d in details if d)
    return f"{party} — {shown}" if shown else str(party)


def current_post(person: Person) -> Post | None:
    """The post held now (open-ended, latest started), else the last one held; from the
    prefetched ``posts``."""
    posts: list[Post] = list(person.posts.all())
    if not posts:
        return None

    def started(post: Post) -> Any:
        return post.started_on.start if post.started_on else None  # type: ignore[attr-defined]

    def ended(post: Post) -> Any:
        return post.ended_on.end if post.ended_on else None  # type: ignore[attr-defined]

    open_posts = [p for p in posts if p.ended_on is None]
    if open_posts:
        return max(open_posts, key=lambda p: (started(p) is not None, started(p) or 0, p.pk))
    return max(posts, key=lambda p: (ended(p), p.pk))


def person_label(person: Person) -> str:
    """'BAI Chunli (白春礼) — President, CAS': the current post, from prefetched posts."""
    post = current_post(person)
    if post is None:
        return str(person)
    party = post.party
    return f"{person} — {post.title}, {party.abbreviation or party.name}"


class PartyForm(RuleCheckedModelForm):
    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if self.instance.pk is None and "country" in cleaned:
            cleaned["country"] = inherited_country(
                country=str(cleaned.get("country") or ""), parent=cleaned.get("parent")
            )
        return cleaned


class PartyAliasInline(admin.TabularInline):
    form = RuleCheckedModelForm
    model = PartyAlias
    extra = 1


class PartyIdentifierInline(admin.TabularInline):
    form = RuleCheckedModelForm
    model = PartyIdentifier
    extra = 1


class SubUnitInline(admin.TabularInline):
    """The party's direct sub-units, for orientation; edit them on their own pages."""

    form = RuleCheckedModelForm

    model = Party
    fk_name = "parent"
    fields = ["name", "name_local", "kind"]
    readonly_fields = ["name", "name_local", "kind"]
    extra = 0
    show_change_link = True
    can_delete = False
    verbose_name = _("sub-unit")
    verbose_name_plural = _("sub-units")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Party)
class PartyAdmin(LabelledChoices, SimpleHistoryAdmin):
    form = PartyForm
    list_display = ["name", "name_local", "abbreviation", "kind", "country", "parent"]
    list_filter = ["kind", "country"]
    list_select_related = ["parent"]
    search_fields = ["name", "name_local", "abbreviation", "aliases__name", "slug"]
    autocomplete_fields = ["parent"]
    inlines = [PartyAliasInline, PartyIdentifierInline, SubUnitInline]
    show_full_result_count = False
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "name_local", "abbreviation", "slug", "kind", "country"]}),
        (None, {"fields": ["parent", "website", "description"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_form(self, request: HttpRequest, obj: Party | None = None, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, **kwargs)
        if obj is None and "country" in form.base_fields:
            form.base_fields["country"].help_text = _(
                "Blank for international organizations; a sub-unit left blank takes its "
                "parent's country."
            )
        return form

    def autocomplete_queryset(self, queryset: QuerySet[Party]) -> QuerySet[Party]:
        return queryset.select_related("parent")

    def autocomplete_label(self, party: Party) -> str:
        return party_label(party)


class PostInline(LabelledChoices, admin.TabularInline):
    form = RuleCheckedModelForm
    model = Post
    extra = 1
    autocomplete_fields = ["party"]
    fields = ["party", "title", "title_local", "started_on", "ended_on"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    form = RuleCheckedModelForm
    list_display = ["name", "name_local", "slug"]
    search_fields = ["name", "name_local", "slug"]
    inlines = [PostInline]
    show_full_result_count = False
    readonly_fields = ["created_at", "updated_at"]

    def autocomplete_queryset(self, queryset: QuerySet[Person]) -> QuerySet[Person]:
        # One more query for all the posts of the page, with their parties.
        posts = Post.objects.select_related("party")
        return queryset.prefetch_related(Prefetch("posts", queryset=posts))

    def autocomplete_label(self, person: Person) -> str:
        return person_label(person)


@admin.register(Post)
class PostAdmin(LabelledChoices, SimpleHistoryAdmin):
    form = RuleCheckedModelForm
    list_display = ["person", "title", "party", "started_on", "ended_on"]
    list_select_related = ["person", "party"]
    search_fields = ["person__name", "person__name_local", "title", "party__name"]
    autocomplete_fields = ["person", "party"]
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Post]:
        return super().get_queryset(request).select_related("person", "party")
