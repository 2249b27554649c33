from sammen.taxonomy.categories import NATIONAL_CATEGORIES
from sammen.taxonomy.vocabularies import TERMS


def sync_national_categories(category_model) -> None:
    """Make the table match the list in code; idempotent, so the migration and the demo can both call it."""
    for position, slug in enumerate(NATIONAL_CATEGORIES):
        category_model.objects.update_or_create(slug=slug, defaults={"position": position})


def sync_vocabularies(term_model) -> None:
    """Make the term table match the vocabularies in code; idempotent like ``sync_national_categories``."""
    for vocabulary, terms in TERMS.items():
        for position, slug in enumerate(terms):
            term_model.objects.update_or_create(vocabulary=str(vocabulary), slug=slug, defaults={"position": position})
