"""The search index (one document per searchable object) and the daily count of search terms."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from sammen.municipalities.models import Municipality


class SearchDocument(models.Model):
    """The indexed text of one object, made by ``text.index_terms``.

    The text index itself depends on the database and lives in the migrations: a pg_trgm GIN index on ``terms``
    on PostgreSQL, and an FTS5 trigram table over ``terms`` (kept in step by triggers) on SQLite.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.BigIntegerField()
    # The title's terms alone, to rank a title match above a match in the rest of the text.
    title_terms = models.TextField()
    terms = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="search_document_one_per_object"),
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id}"


class SearchTermCount(models.Model):
    """How many searches for one normalised term were made on one day in one municipality.

    Deliberately no user, session or time of day: the statistics need only the top terms, and a count per day and
    municipality cannot be traced back to a person. ``municipality`` is empty for searches by visitors who are
    not logged in.
    """

    day = models.DateField()
    municipality = models.ForeignKey(Municipality, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    term = models.CharField(max_length=100)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            # Two partial constraints, because a unique constraint treats every empty municipality as different.
            models.UniqueConstraint(
                fields=["day", "municipality", "term"],
                condition=Q(municipality__isnull=False),
                name="search_term_once_per_day_and_municipality",
            ),
            models.UniqueConstraint(
                fields=["day", "term"],
                condition=Q(municipality__isnull=True),
                name="search_term_once_per_day_without_municipality",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "day"], name="search_term_municipality_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.municipality_id} {self.term}: {self.count}"
