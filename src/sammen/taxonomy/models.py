from django.db import models
from django.utils.translation import gettext_lazy as _

from sammen.taxonomy.categories import NATIONAL_CATEGORIES


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
