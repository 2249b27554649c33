"""Which models are searchable, and which of their fields are indexed.

Each app registers its own models from its AppConfig.ready(); the first field is the title, which ranks a match
above the other fields. Registering also gives the model a ``search_documents`` relation, so that search joins
its document in the same SQL query and deleting an object deletes its document (and so its text) with it.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from sammen.search.models import SearchDocument

RELATION = "search_documents"


@dataclass(frozen=True)
class Searchable:
    model: type[models.Model]
    fields: tuple[str, ...]

    @property
    def title_field(self) -> str:
        return self.fields[0]

    def texts(self, obj: models.Model) -> list[str]:
        return [str(getattr(obj, field) or "") for field in self.fields]


_registry: dict[type[models.Model], Searchable] = {}


def register(model: type[models.Model], fields: tuple[str, ...] = ("title", "body")) -> None:
    """Make ``model`` searchable. Registering the same model again with the same fields does nothing."""
    fields = tuple(fields)
    if not fields:
        raise ImproperlyConfigured(f"{model.__name__}: name at least one field to search.")
    existing = _registry.get(model)
    if existing is not None:
        if existing.fields != fields:
            raise ImproperlyConfigured(f"{model.__name__} is already searchable on {existing.fields}.")
        return
    _registry[model] = Searchable(model, fields)
    # A generic relation is not a database column, so the model's migrations do not change.
    GenericRelation(SearchDocument).contribute_to_class(model, RELATION)


def searchable(model: type[models.Model]) -> Searchable:
    try:
        return _registry[model._meta.concrete_model]
    except KeyError:
        raise ImproperlyConfigured(
            f"{model.__name__} is not searchable: call sammen.search.registry.register() from its AppConfig.ready()."
        ) from None


def searchable_models() -> list[type[models.Model]]:
    return list(_registry)
