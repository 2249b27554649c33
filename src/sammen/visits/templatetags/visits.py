"""Template helpers of the visiting-friend pages: the engine's reasons in the reader's language, ways to meet, slot
names and languages."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sammen.core.denmark import language_names
from sammen.taxonomy.categories import NATIONAL_CATEGORIES
from sammen.visits.forms import slot_choices

register = template.Library()

REASON_LABELS = {
    "distance": _("Distance"),
    "in_person": _("Meets in person"),
    "interests": _("Shared interests"),
    "languages": _("Shared languages"),
    "availability": _("Times that suit both"),
    "preferences": _("Wishes met"),
}
CHANNEL_LABELS = {
    "in_person": _("In person"),
    "phone": pgettext_lazy("way to meet", "Phone"),
    "video": pgettext_lazy("way to meet", "Video"),
}


@register.filter
def reason_label(name: str) -> str:
    return str(REASON_LABELS.get(name, name))


@register.filter
def reason_detail(reason: dict) -> str:
    """The part's detail in words: slugs and codes become names."""
    name, detail = reason.get("name"), str(reason.get("detail", ""))
    items = [item.strip() for item in detail.split(",") if item.strip()]
    if name == "interests":
        return ", ".join(str(NATIONAL_CATEGORIES.get(item, item)) for item in items)
    if name == "languages":
        return ", ".join(language_names(items))
    if name == "availability":
        names = dict(slot_choices())
        return ", ".join(names.get(item, item) for item in items)
    if name == "in_person":
        return ""
    if name == "distance" and detail.endswith(" km"):
        try:
            return f"{number_format(float(detail[:-3]), decimal_pos=1)} km"
        except ValueError:
            return detail
    return detail


@register.filter
def channel_label(channel: str) -> str:
    return ", ".join(str(CHANNEL_LABELS.get(part, part)) for part in (channel or "").split(",") if part)


@register.filter
def slot_names(slots) -> list[str]:
    names = dict(slot_choices())
    return [names.get(slot, slot) for slot in slots or []]


@register.filter
def languages(codes) -> list[str]:
    return language_names(codes or [])
