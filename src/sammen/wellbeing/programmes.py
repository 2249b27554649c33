"""The programmes a measurement can belong to: each programme app registers its key and label from its own
``AppConfig.ready()`` (``register_programme("visits", _("Visiting friends"))``), so that the effect table shows
only the programmes that are installed. "own" (a citizen's own choice) is wellbeing's own."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

OWN = "own"


@dataclass(frozen=True)
class Programme:
    key: str
    label: Any
    order: int


_PROGRAMMES: dict[str, Programme] = {}


def register_programme(key: str, label, *, order: int = 50) -> Programme:
    """Register (or replace, when ready() runs again in tests) the programme ``key``."""
    programme = Programme(key=key, label=label, order=order)
    _PROGRAMMES[key] = programme
    return programme


def programmes() -> list[Programme]:
    return sorted(_PROGRAMMES.values(), key=lambda programme: (programme.order, programme.key))


def label(key: str):
    programme = _PROGRAMMES.get(key)
    return programme.label if programme else key


def is_known(key: str) -> bool:
    return key in _PROGRAMMES


register_programme(OWN, _("Own choice"), order=90)
