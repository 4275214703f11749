"""Institutions that sign agreements, and the people who act for them."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords
from tree_queries.fields import TreeNodeForeignKey
from tree_queries.query import TreeQuerySet

from kernel import tree
from kernel.languages import LanguageField
from kernel.name_order import NameOrderedModel
from kernel.partial_date import (
    DatePrecisionField,
    PartialDate,
    PartialDateField,
    not_before,
    partial_date_constraints,
)
from kernel.slugs import SluggedModel, slug_constraint
from kernel.text import person_keys, script_variants
from kernel.text import search_key as folded_key
from kernel.tree import AcyclicTreeNode, no_self_parent

from .choices import IdentifierScheme, PartyKind

SEARCH_KEY_HELP = _(
    "Every name folded for search (Simplified script, lower case, pinyin); filled on save."
)


def _with_key(update_fields: Any) -> Any:
    """``save(update_fields=...)`` writes the search key too, whatever else changed."""
    if update_fields is None:
        return None
    return {*update_fields, "search_key"}


class PartyQuerySet(TreeQuerySet["Party"]):
    def search(self, text: str) -> PartyQuerySet:
        """Names in every script (Traditional or Simplified characters alike),
        abbreviations and aliases."""
        match = Q()
        for variant in script_variants(text):
            match |= (
                Q(name__icontains=variant)
                | Q(name_local__icontains=variant)
                | Q(abbreviation__icontains=variant)
                | Q(aliases__name__icontains=variant)
            )
        return self.filter(match).distinct()

    def with_api_relations(self) -> PartyQuerySet:
        """What the API shows of a party: its parent's slug, aliases and identifiers."""
        return self.select_related("parent").prefetch_related("aliases", "identifiers")


class Party(NameOrderedModel, SluggedModel, AcyclicTreeNode):  # type: ignore[django-manager-missing]
    """An institution: academy, institute, university, government, company..."""

    name = models.CharField(_("name"), max_length=300, help_text=_("Name in English."))
    name_local = models.CharField(
        _("name in its own language"),
        max_length=300,
        blank=True,
        help_text=_("Name in the institution's own language and script, e.g. 中国科学院."),
    )
    abbreviation = models.CharField(_("abbreviation"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=PartyKind.choices)
    country = CountryField(
        _("country"), blank=True, help_text=_("Blank for international organizations.")
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    # PROTECT: deleting a parent would silently detach its institutes from their history.
    parent = TreeNodeForeignKey(
        "self",
        verbose_name=_("belongs to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("The larger body this one is part of, e.g. CAS for one of its institutes."),
    )
    search_key = models.TextField(
        _("search key"), blank=True, editable=False, help_text=SEARCH_KEY_HELP
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The search key is derived from the names, which history already records.
    # The search key too: simple-history rebuilds a historical row from every field when
    # an m2m link is changed from the other side (an excluded one fails it).
    history = HistoricalRecords()

    objects = PartyQuerySet.as_manager()  # type: ignore[django-manager-missing]

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["name"]
        constraints = [
            slug_constraint(),
            no_self_parent(),
            models.CheckConstraint(condition=~Q(name=""), name="parties_party_name_set"),
            models.CheckConstraint(
                condition=Q(kind__in=PartyKind.values), name="parties_party_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["country", "kind"])]

    def __str__(self) -> str:
        if self.abbreviation:
            return f"{self.name} ({self.abbreviation})"
        return self.name

    def get_absolute_url(self) -> str:
        # The public party page lives with the site (public/urls.py), named not imported.
        return reverse("parties:party-detail", kwargs={"slug": self.slug})

    def slug_source(self) -> list[str]:
        return [self.abbreviation, self.name]

    def slug_source_is_japanese(self) -> bool:
        # A Japanese institution's name in kanji alone is not Chinese to be read in pinyin.
        return self.country == "JP"

    def build_search_key(self, aliases: list[str]) -> str:
        """Names, local name, abbreviation, ``aliases`` and the local name's pinyin, folded."""
        return folded_key([self.name, self.abbreviation, *aliases], local_names=[self.name_local])

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A new party has no aliases yet; an alias written later refreshes the key
        # (parties/signals.py), as bulk loaders do with parties.search.refresh_search_keys.
        aliases = list(self.aliases.values_list("name", flat=True)) if self.pk else []
        self.search_key = self.build_search_key(aliases)
        kwargs["update_fields"] = _with_key(kwargs.get("update_fields"))
        super().save(*args, **kwargs)


class PartyAlias(models.Model):
    """Another name a party goes by: a former name, a translation, a short form."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("name"), max_length=300)
    language = LanguageField(_("language"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("other name")
        verbose_name_plural = _("other names")
        constraints = [
            models.UniqueConstraint(fields=["party", "name"], name="parties_alias_unique"),
            models.CheckConstraint(condition=~Q(name=""), name="parties_alias_name_set"),
        ]

    def __str__(self) -> str:
        return self.name


class PartyIdentifier(models.Model):
    """A party's identifier in an outside register (Wikidata, ROR...)."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="identifiers")
    scheme = models.CharField(_("scheme"), max_length=16, choices=IdentifierScheme.choices)
    value = models.CharField(_("value"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("external identifier")
        verbose_name_plural = _("external identifiers")
        constraints = [
            # One register entry names one institution; one institution has one entry per
            # register (except the catch-all scheme "other").
            models.UniqueConstraint(fields=["scheme", "value"], name="parties_identifier_unique"),
            models.UniqueConstraint(
                fields=["party", "scheme"],
                condition=~Q(scheme=IdentifierScheme.OTHER),
                name="parties_identifier_one_per_scheme",
                violation_error_message=_("The party already has an identifier in this scheme."),
            ),
            models.CheckConstraint(condition=~Q(value=""), name="parties_identifier_value_set"),
        ]

    def __str__(self) -> str:
        return f"{self.get_scheme_display()}: {self.value}"


class Person(NameOrderedModel, SluggedModel):
    """Someone who signs, witnesses or takes part for a party."""

    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_(
            "As usually written, family name first where that is the custom: 'BAI Chunli'."
        ),
    )
    name_local = models.CharField(
        _("name in original script"), max_length=200, blank=True, help_text=_("e.g. 白春礼")
    )
    description = models.TextField(_("description"), blank=True)
    search_key = models.TextField(
        _("search key"), blank=True, editable=False, help_text=SEARCH_KEY_HELP
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The search key too: simple-history rebuilds a historical row from every field when
    # an m2m link is changed from the other side (an excluded one fails it).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        constraints = [
            slug_constraint(),
            models.CheckConstraint(condition=~Q(name=""), name="parties_person_name_set"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.name_local})" if self.name_local else self.name

    def get_absolute_url(self) -> str:
        return reverse("parties:person-detail", kwargs={"slug": self.slug})

    def slug_source(self) -> list[str]:
        return [self.name]

    def build_search_key(self) -> str:
        """The name in every order (BAI Chunli, Chunli Bai), the local name and its pinyin."""
        return folded_key(person_keys(self.name), local_names=[self.name_local], person=True)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_key = self.build_search_key()
        kwargs["update_fields"] = _with_key(kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def post_on(self, on: PartialDate | None, party: Party | None = None) -> Post | None:
        """The post this person held on a date (at any precision), for a party if given."""
        if on is None:
            return None
        posts = [p for p in self.posts.all() if party is None or p.party_id == party.pk]
        return next((p for p in posts if p.covers(on)), None)


class Post(models.Model):
    """A dated position: 'BAI Chunli, President of CAS, 2011–2020'."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="posts")
    # PROTECT: a party with recorded office-holders is part of history.
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="posts")
    title = models.CharField(_("title"), max_length=200, help_text=_("e.g. President"))
    title_local = models.CharField(_("title in original language"), max_length=200, blank=True)
    started_on = PartialDateField(_("from"), null=True, blank=True)
    started_on_precision = DatePrecisionField()
    ended_on = PartialDateField(_("to"), null=True, blank=True)
    ended_on_precision = DatePrecisionField()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["started_on"]
        constraints = [
            *partial_date_constraints("started_on", "ended_on"),
            models.CheckConstraint(
                condition=not_before("ended_on", "started_on"),
                name="parties_post_ends_after_start",
                violation_error_message=_("A post cannot end before it starts."),
            ),
            models.CheckConstraint(condition=~Q(title=""), name="parties_post_title_set"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name}, {self.title}, {self.party.name}"

    def covers(self, on: PartialDate) -> bool:
        """Whether the post overlaps the period ``on`` names (open ends are unbounded)."""
        started: Any = self.started_on
        ended: Any = self.ended_on
        return (started is None or started.start <= on.end) and (
            ended is None or ended.end >= on.start
        )


def ancestor_ids(party_ids: set[int], *, include_self: bool = True) -> set[int]:
    """Ids of the given parties' ancestors at any depth (kernel/tree.py); one query."""
    return tree.ancestor_ids(Party, party_ids, include_self=include_self)
