"""The registry of what each app holds about a person: each app that stores personal data registers a section here
from its own ``AppConfig.ready()`` (in its ``personal_data.py``), and ``sammen.privacy`` shows the sections to the
citizen ("Hent mine data"), deletes the account with what each section says happens, and runs each section's
retention. An app that is not installed registers nothing, so a section never outlives its app.

A section has:

- ``export(user) -> list[dict]``: one dict per record (a bubble, a sign-up), label → value, labels translatable;
  values are plain (text, numbers, dates, lists of text). ``record()`` builds one from a model's fields.
- ``on_deletion``: one sentence for the person about what happens to this data when they delete their account.
- ``erase(user)``, optional: what must be done inside the deletion's transaction before the account row goes
  (most data goes by the foreign keys' CASCADE or SET_NULL; this is for what they do not cover, e.g. a PROTECT).
- ``refusal(user) -> str | None``, optional: why the account cannot be deleted yet (others depend on it), in words
  the person can act on; None when nothing stands in the way.
- ``purge(now) -> int``, optional: delete what has passed its retention period; idempotent, run daily.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.encoding import force_str

Record = dict[Any, Any]


@dataclass(frozen=True)
class Section:
    key: str
    title: Any
    order: int
    export: Callable[[Any], list[Record]] = field(compare=False)
    on_deletion: Any = ""
    erase: Callable[[Any], None] | None = field(default=None, compare=False)
    refusal: Callable[[Any], Any] | None = field(default=None, compare=False)
    purge: Callable[[datetime.datetime], int] | None = field(default=None, compare=False)


_SECTIONS: dict[str, Section] = {}


def register(
    key: str,
    *,
    title,
    order: int,
    export: Callable[[Any], list[Record]],
    on_deletion="",
    erase: Callable[[Any], None] | None = None,
    refusal: Callable[[Any], Any] | None = None,
    purge: Callable[[datetime.datetime], int] | None = None,
) -> Section:
    """Register (or replace, when an app's ready() runs again in tests) the section ``key``."""
    section = Section(
        key=key,
        title=title,
        order=order,
        export=export,
        on_deletion=on_deletion,
        erase=erase,
        refusal=refusal,
        purge=purge,
    )
    _SECTIONS[key] = section
    return section


def unregister(key: str) -> None:
    _SECTIONS.pop(key, None)


def sections() -> list[Section]:
    """The registered sections of the installed apps, in the order a person reads them."""
    installed = [
        section
        for section in _SECTIONS.values()
        if apps.get_containing_app_config(section.export.__module__) is not None
    ]
    return sorted(installed, key=lambda section: (section.order, section.key))


def record(obj: models.Model, *names: str, extra: Record | None = None) -> Record:
    """One record from a model instance: each named field under its verbose name, a choice as its label, a
    relation as its text; ``extra`` adds label → value pairs the fields do not have (keys are the labels)."""
    result: Record = {}
    for name in names:
        model_field = obj._meta.get_field(name)
        value = getattr(obj, name)
        if getattr(model_field, "choices", None) and value not in (None, ""):
            value = getattr(obj, f"get_{name}_display")()
        elif isinstance(model_field, models.ManyToManyField):
            value = [str(item) for item in value.all()]
        elif isinstance(model_field, models.ForeignKey) and value is not None:
            value = str(value)
        result[capfirst(model_field.verbose_name)] = value
    result.update(extra or {})
    return result


def capfirst(text) -> str:
    text = force_str(text)
    return text[:1].upper() + text[1:]


def plain(value):
    """A value as JSON can hold it: datetimes in ISO 8601 (Copenhagen time), lists and dicts element by element."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {force_str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    return force_str(value)
