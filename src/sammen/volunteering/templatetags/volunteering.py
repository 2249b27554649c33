"""How a volunteer's languages and a programme's channels read on a page, for every programme app's templates."""

from django import template

from sammen.core.denmark import language_names as spoken_language_names
from sammen.volunteering.models import LanguageLevel, TalkChannel

register = template.Library()


@register.filter
def language_names(languages: list[dict]) -> list[str]:
    """ "Danish (mother tongue)" for each entry of a profile's ``languages``, in the profile's order."""
    levels = dict(LanguageLevel.choices)
    return [
        f"{name} ({str(levels.get(entry['level'], '')).lower()})"
        for entry in languages or []
        for name in spoken_language_names([entry["code"]])
    ]


@register.filter
def channel_names(channels: list[str]) -> list[str]:
    labels = dict(TalkChannel.choices)
    return [str(labels[channel]) for channel in channels or [] if channel in labels]
