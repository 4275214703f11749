"""Staff admin for parties and people."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from kernel.rule_forms import RuleCheckedModelForm

from .models import Party, PartyAlias, PartyIdentifier, Person, Post


class PartyAliasInline(admin.TabularInline):
    form = RuleCheckedModelForm
    model = PartyAlias
    extra = 0


class PartyIdentifierInline(admin.TabularInline):
    form = RuleCheckedModelForm
    model = PartyIdentifier
    extra = 0


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
    verbose_name = "sub-unit"
    verbose_name_plural = "sub-units"

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Party)
class PartyAdmin(SimpleHistoryAdmin):
    form = RuleCheckedModelForm
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
        ("Record", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]


class PostInline(admin.TabularInline):
    form = RuleCheckedModelForm
    model = Post
    extra = 0
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


@admin.register(Post)
class PostAdmin(SimpleHistoryAdmin):
    form = RuleCheckedModelForm
    list_display = ["person", "title", "party", "started_on", "ended_on"]
    list_select_related = ["person", "party"]
    search_fields = ["person__name", "person__name_local", "title", "party__name"]
    autocomplete_fields = ["person", "party"]
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Post]:
        return super().get_queryset(request).select_related("person", "party")
