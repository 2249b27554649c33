"""Reads for the citizen's own data: every registered section's records, for the page and the JSON file."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from sammen.core import personal_data


@dataclass(frozen=True)
class ExportedSection:
    key: str
    title: str
    records: list
    on_deletion: str


def shown(value) -> str:
    """A value as the page shows it: dates in Danish form and Copenhagen time, yes/no, lists joined."""
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "j. F Y H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j. F Y")
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, list | tuple):
        return ", ".join(shown(item) for item in value) or "–"
    if value is None or value == "":
        return "–"
    return str(value)


def my_data_shown(user) -> list[ExportedSection]:
    """The sections for the page, each value as text."""
    return [
        ExportedSection(
            key=section.key,
            title=section.title,
            records=[[(str(label), shown(value)) for label, value in record] for record in section.records],
            on_deletion=section.on_deletion,
        )
        for section in my_data(user)
    ]


def my_data(user) -> list[ExportedSection]:
    return [
        ExportedSection(
            key=section.key,
            title=str(section.title),
            records=[list(record.items()) for record in section.export(user)],
            on_deletion=str(section.on_deletion),
        )
        for section in personal_data.sections()
    ]


def my_data_as_json(user) -> dict:
    """The same as the page, as JSON can hold it: labels as text in the person's language, dates in ISO 8601."""
    return {
        "account_id": user.pk,
        "generated_at": personal_data.plain(timezone.now()),
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "records": [
                    {str(label): personal_data.plain(value) for label, value in record} for record in section.records
                ],
            }
            for section in my_data(user)
        ],
    }


def deletion_summary() -> list[tuple[str, str]]:
    """What happens to each kind of data when the account is deleted: (title, sentence)."""
    return [
        (str(section.title), str(section.on_deletion)) for section in personal_data.sections() if section.on_deletion
    ]
