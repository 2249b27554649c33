"""Reads: text search that any registered model's queryset can be narrowed by, and the top search terms."""

import datetime
import operator
from functools import reduce

from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.models import Case, ExpressionWrapper, IntegerField, Q, QuerySet, Sum, Value, When

from sammen.municipalities.models import Municipality
from sammen.search import registry, text
from sammen.search.models import SearchTermCount

RANK = "search_rank"
# Up to this many matches, SQLite fetches the matching objects by primary key (see _filter_on_sqlite).
FEW_MATCHES = 1000


def filter_by_text(queryset: QuerySet, query: str, *, order_by_relevance: bool = False) -> QuerySet:
    """``queryset`` narrowed to the objects whose text matches every word of ``query``.

    Joins the search document in the same SQL query, so it composes with further filters, ordering and
    pagination; on SQLite it first asks the index how many documents match (one query, whatever the number of
    rows). With ``order_by_relevance`` the objects with more query words in their title come first, then the
    queryset's own order (newest first for bubbles). A blank query leaves the queryset as it is.
    """
    fragments = text.query_fragments(query)
    if not fragments:
        return queryset
    searchable = registry.searchable(queryset.model)
    if connections[queryset.db].vendor == "sqlite":
        queryset = _filter_on_sqlite(queryset, searchable, fragments)
    else:
        # PostgreSQL's planner knows from its statistics how common each fragment is: for a rare one it starts
        # from the trigram index, for a common one it walks the list in its order and stops at the page's end.
        queryset = queryset.filter(_contains_all(f"{registry.RELATION}__terms", fragments))
    if not order_by_relevance:
        return queryset
    in_title = [
        Case(When(**{f"{registry.RELATION}__title_terms__contains": fragment}, then=Value(1)), default=Value(0))
        for fragment in fragments
    ]
    ordering = queryset.query.order_by or queryset.model._meta.ordering or ["-pk"]
    rank = ExpressionWrapper(reduce(operator.add, in_title), output_field=IntegerField())
    return queryset.annotate(**{RANK: rank}).order_by(f"-{RANK}", *ordering)


def _contains_all(field: str, fragments: list[str]) -> Q:
    # One Q in one filter() call, so that every fragment is looked for in the same joined document.
    return reduce(operator.and_, [Q(**{f"{field}__contains": fragment}) for fragment in fragments])


def _filter_on_sqlite(queryset: QuerySet, searchable: registry.Searchable, fragments: list[str]) -> QuerySet:
    """SQLite's planner cannot tell a rare word from a common one, so the FTS5 index is asked first.

    Few matches: the objects are fetched by primary key. Many matches: the list is walked in its own order and
    each object's document is checked, which stops as soon as a page is full, instead of first collecting and
    sorting every match. Both find exactly the same objects: the trigram index answers "contains".
    """
    content_type = ContentType.objects.db_manager(queryset.db).get_for_model(searchable.model)
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(
            # CROSS JOIN makes SQLite read the text index first, and stop at the LIMIT.
            "SELECT document.object_id FROM search_document_fts"
            " CROSS JOIN search_searchdocument document ON document.id = search_document_fts.rowid"
            " WHERE search_document_fts MATCH %s AND document.content_type_id = %s LIMIT %s",
            [_fts5_query(fragments), content_type.pk, FEW_MATCHES + 1],
        )
        object_ids = [row[0] for row in cursor.fetchall()]
    if len(object_ids) <= FEW_MATCHES:
        return queryset.filter(pk__in=object_ids)
    return queryset.filter(_contains_all(f"{registry.RELATION}__terms", fragments))


def _fts5_query(fragments: list[str]) -> str:
    # Each fragment is an FTS5 string (a substring, with the trigram tokenizer); listed one after another, all
    # must match. Fragments are normalised words, so they hold no quotes to escape.
    return " ".join(f'"{fragment}"' for fragment in fragments)


def top_search_terms(
    *,
    municipality: Municipality | None = None,
    since: datetime.date,
    until: datetime.date,
    limit: int = 5,
    minimum: int = 1,
) -> list[tuple[str, int]]:
    """The most searched terms between two days (both included), in one municipality or in all of Denmark.

    ``minimum``: leave out terms searched fewer times than this, so that a rare (and possibly revealing) term
    searched by one person is not shown to a committee.
    """
    counts = SearchTermCount.objects.filter(day__gte=since, day__lte=until)
    if municipality is not None:
        counts = counts.filter(municipality=municipality)
    top = (
        counts.values("term").annotate(total=Sum("count")).filter(total__gte=minimum).order_by("-total", "term")[:limit]
    )
    return [(row["term"], row["total"]) for row in top]
