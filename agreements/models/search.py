"""The words of the agreements' search documents, for typo-tolerant search.

A misspelt query word ("enrgy") is corrected against this short table (one row per
distinct word, trigram-indexed on PostgreSQL) rather than against every agreement's whole
document: the corrected words then go through the ordinary indexed full-text search
(agreements/search.py). Words are added as documents are written and never removed; a
word no document holds any more only suggests a search that finds nothing.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchWord(models.Model):
    word = models.CharField(_("word"), max_length=40, primary_key=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self) -> str:
        return self.word
