"""Reads of the national categories."""

from sammen.taxonomy.models import Category


def category_slugs_of_ids(ids: list[str]) -> list[str]:
    """Category ids as slugs, for links made when lists named categories by id."""
    wanted = [int(pk) for pk in ids if pk.isdigit() and len(pk) <= 9]
    return list(Category.objects.filter(pk__in=wanted).order_by("pk").values_list("slug", flat=True))
