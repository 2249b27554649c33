"""How a volunteer's languages and a programme's channels read on a page, for every programme app's templates."""

from django import template

from sammen.core.denmark import SPOKEN_LANGUAGES
from sammen.volunteering.models import LanguageLevel, TalkChannel

register = template.Library()


@register.filter
def language_names(languages: list[dict]) -> list[str]:
    """ "Danish (mother tongue)" for each entry of a profile's ``languages``, in the profile's order."""
    names = dict(SPOKEN_LANGUAGES)
    levels = dict(LanguageLevel.choices)
    return [
        f"{names.get(entry['code'], entry['code'])} ({str(levels.get(entry['level'], '')).lower()})"
        for entry in languages or []
    ]


@register.filter
def channel_names(channels: list[str]) -> list[str]:
    labels = dict(TalkChannel.choices)
    return [str(labels[channel]) for channel in channels or [] if channel in labels]
