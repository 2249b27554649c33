from sammen.taxonomy.categories import NATIONAL_CATEGORIES


def sync_national_categories(category_model) -> None:
    """Make the table match the list in code; idempotent, so the migration and the demo can both call it."""
    for position, slug in enumerate(NATIONAL_CATEGORIES):
        category_model.objects.update_or_create(slug=slug, defaults={"position": position})
