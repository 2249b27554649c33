from django.db import models
from django.utils.translation import gettext_lazy as _

from sammen.taxonomy.categories import NATIONAL_CATEGORIES
from sammen.taxonomy.vocabularies import TERMS, Vocabulary


class Category(models.Model):
    slug = models.SlugField(unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return str(self.name)

    @property
    def name(self) -> str:
        return NATIONAL_CATEGORIES.get(self.slug, self.slug)


class TermQuerySet(models.QuerySet):
    def of(self, vocabulary: str):
        return self.filter(vocabulary=vocabulary)


class Term(models.Model):
    """One entry of a national vocabulary (target group, accessibility, problem area, age group)."""

    vocabulary = models.CharField(max_length=20, choices=Vocabulary.choices)
    slug = models.SlugField()
    position = models.PositiveSmallIntegerField(default=0)

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["vocabulary", "position"]
        constraints = [models.UniqueConstraint(fields=["vocabulary", "slug"], name="term_unique_in_vocabulary")]

    def __str__(self) -> str:
        return str(self.name)

    @property
    def name(self) -> str:
        return TERMS.get(self.vocabulary, {}).get(self.slug, self.slug)
