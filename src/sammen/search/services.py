"""Writes: keeping the search index in step with the objects, and counting search terms for the statistics."""

import datetime
from collections.abc import Iterable
from itertools import islice

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connections, router, transaction
from django.db.models import F, Model
from django.utils import timezone

from sammen.core.text_policy import contains_contact_details, contains_cpr_number
from sammen.municipalities.models import Municipality
from sammen.search import registry, text
from sammen.search.models import SearchDocument, SearchTermCount

BATCH_SIZE = 2000
MAX_TERM_LENGTH = SearchTermCount._meta.get_field("term").max_length


def index_object(obj: Model) -> None:
    """(Re)index one object; call it in the transaction that creates or edits the object."""
    index_objects([obj])


def index_objects(objects: Iterable[Model], *, batch_size: int = BATCH_SIZE) -> int:
    """(Re)index many objects of registered models with one upsert per batch; returns how many."""
    count = 0
    iterator = iter(objects)
    while batch := list(islice(iterator, batch_size)):
        documents = [_document(obj) for obj in batch]
        SearchDocument.objects.bulk_create(
            documents,
            update_conflicts=True,
            unique_fields=["content_type", "object_id"],
            update_fields=["title_terms", "terms"],
        )
        count += len(documents)
    return count


def _document(obj: Model) -> SearchDocument:
    searchable = registry.searchable(type(obj))
    texts = searchable.texts(obj)
    return SearchDocument(
        content_type=ContentType.objects.get_for_model(searchable.model),
        object_id=obj.pk,
        title_terms=text.index_terms(texts[0]),
        terms=text.index_terms(*texts),
    )


def remove_object(obj: Model) -> None:
    """Take an object out of the index. Deleting the object does this by itself (see registry)."""
    content_type = ContentType.objects.get_for_model(registry.searchable(type(obj)).model)
    SearchDocument.objects.filter(content_type=content_type, object_id=obj.pk).delete()


def reindex(model: type[Model], *, batch_size: int = BATCH_SIZE) -> int:
    """Index every object of ``model`` again and drop documents whose object is gone; returns how many."""
    searchable = registry.searchable(model)
    content_type = ContentType.objects.get_for_model(searchable.model)
    objects = model._default_manager.only("pk", *searchable.fields).order_by("pk")
    count = index_objects(objects.iterator(chunk_size=batch_size), batch_size=batch_size)
    SearchDocument.objects.filter(content_type=content_type).exclude(
        object_id__in=model._default_manager.values("pk")
    ).delete()
    optimize_index(using=router.db_for_write(SearchDocument))
    return count


def optimize_index(*, using: str = "default") -> None:
    """After many writes: merge SQLite's FTS5 segments and refresh the planner's statistics of the index.

    Both planners choose between "start from the text index" and "walk the list in order" by these statistics
    (and by those of the searched model's table, which its own app or the database's maintenance keeps fresh).
    """
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO search_document_fts(search_document_fts) VALUES ('optimize')")
        cursor.execute("ANALYZE search_searchdocument")


def record_search_term(*, term: str, municipality: Municipality | None, day: datetime.date | None = None) -> None:
    """Count one search for the statistics: the normalised term, the day and the municipality, nothing more.

    Terms that contain a CPR number or contact details are not counted at all: they identify a person.
    Two searches at the same moment both count, and never make two rows (the unique constraints decide, and
    the loser of an insert race adds to the winner's row).
    """
    if contains_cpr_number(term) or contains_contact_details(term):
        return
    normalized = text.normalize_search_term(term)[:MAX_TERM_LENGTH].strip()
    if not normalized:
        return
    day = day or timezone.localdate()
    same_term = SearchTermCount.objects.filter(day=day, municipality=municipality, term=normalized)
    with transaction.atomic():
        if same_term.update(count=F("count") + 1):
            return
        try:
            with transaction.atomic():
                SearchTermCount.objects.create(day=day, municipality=municipality, term=normalized, count=1)
        except IntegrityError:
            same_term.update(count=F("count") + 1)


SESSION_KEY = "sammen_counted_search_terms"
TERMS_COUNTED_PER_SESSION = 30


def record_search_from_request(request, term: str) -> None:
    """Count a search made on a page, at most once per term and visitor session, and at most
    ``TERMS_COUNTED_PER_SESSION`` terms per session, so that one person repeating or scripting a search cannot
    push a term into the committee's top-5. The municipality is the visitor's own (none for anonymous visitors).
    """
    normalized = text.normalize_search_term(term)[:MAX_TERM_LENGTH].strip()
    if not normalized:
        return
    counted = request.session.get(SESSION_KEY, [])
    if normalized in counted or len(counted) >= TERMS_COUNTED_PER_SESSION:
        return
    request.session[SESSION_KEY] = [*counted, normalized]
    user = request.user
    record_search_term(term=term, municipality=user.municipality if user.is_authenticated else None)
