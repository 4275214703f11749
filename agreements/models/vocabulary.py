"""Controlled vocabularies agreements are tagged with: cooperation fields and regions."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords
from tree_queries.fields import TreeNodeForeignKey
from tree_queries.query import TreeQuerySet

from kernel.name_order import NameOrderedModel
from kernel.slugs import SluggedModel, slug_constraint
from kernel.tree import AcyclicTreeNode, no_self_parent


class VocabularyTerm(NameOrderedModel, SluggedModel, AcyclicTreeNode):
    """A named term in a small hierarchy, in English and in Chinese."""

    name = models.CharField(_("name"), max_length=200, help_text=_("Name in English."))
    name_local = models.CharField(_("name in Chinese"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    # PROTECT: removing a broader term must be a decision about its narrower ones.
    parent = TreeNodeForeignKey(
        "self",
        verbose_name=_("broader term"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TreeQuerySet.as_manager()  # type: ignore[django-manager-missing]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def slug_source(self) -> list[str]:
        return [self.name]


class CooperationField(VocabularyTerm):  # type: ignore[django-manager-missing]
    """A field of cooperation: education, science, technology, industry, capital..."""

    history = HistoricalRecords()

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("cooperation field")
        verbose_name_plural = _("cooperation fields")
        constraints = [
            slug_constraint(),
            no_self_parent(),
            models.CheckConstraint(condition=~Q(name=""), name="agreements_field_name_set"),
        ]


class Region(VocabularyTerm):  # type: ignore[django-manager-missing]
    """A named area an agreement targets; regions may overlap (the Greater Bay Area and
    the Pan-Pearl-River Delta share Guangdong)."""

    countries = CountryField(_("countries"), multiple=True, blank=True)
    history = HistoricalRecords()

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            slug_constraint(),
            no_self_parent(),
            models.CheckConstraint(condition=~Q(name=""), name="agreements_region_name_set"),
        ]
