"""The national vocabularies' terms (target groups, accessibility, problem areas, age groups) by slug."""

from sammen.taxonomy.models import Term


def terms(vocabulary: str, *slugs: str) -> list[Term]:
    return list(Term.objects.filter(vocabulary=vocabulary, slug__in=slugs))
