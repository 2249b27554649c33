"""Activities as people find them: dates at given Copenhagen times, associations, accessibility, search index."""

import datetime
import zoneinfo

from sammen.activities.models import Activity
from sammen.associations.models import Association
from sammen.search import services as search
from sammen.taxonomy.vocabularies import Vocabulary
from tests.factories import activity_with_dates, municipality, terms

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")


def copenhagen(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=COPENHAGEN)


def association(name: str = "Gangforeningen Herning", municipality_name: str = "Herning") -> Association:
    slug = name.lower().replace(" ", "-")
    return Association.objects.create(
        name=name,
        slug=slug,
        description="Vi går ture sammen.",
        municipality=municipality(municipality_name),
        contact_email=f"kontakt@{slug}.dk",
    )


def listed_activity(*, accessibility: tuple[str, ...] = (), **fields) -> Activity:
    """An activity with dates (see ``tests.factories.activity_with_dates``), indexed for search as the services do."""
    activity = activity_with_dates(**fields)
    if accessibility:
        activity.accessibility.set(terms(Vocabulary.ACCESSIBILITY, *accessibility))
    search.index_object(activity)
    return activity
