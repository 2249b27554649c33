"""What an association's public profile shows besides the association itself. Apps above this one (activities:
the association's next dates) add their part with ``register_profile_section`` in their AppConfig.ready, so that
associations need not import them."""

from collections.abc import Callable

from sammen.associations.models import Association

_sections: list[Callable[[Association], dict]] = []


def register_profile_section(section: Callable[[Association], dict]) -> None:
    _sections.append(section)


def profile_sections(association: Association) -> dict:
    context: dict = {}
    for section in _sections:
        context.update(section(association))
    return context
