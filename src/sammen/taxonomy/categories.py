"""The national taxonomy of interests and categories, shared by profiles, bubbles, activities and offers.

The list lives in code so that its names are translated like every other string; a data migration keeps the
database table (which other tables point at) in step with it.
"""

from django.utils.translation import pgettext_lazy

NATIONAL_CATEGORIES: dict[str, str] = {
    "ensomhed-og-venskab": pgettext_lazy("category", "Loneliness and friendship"),
    "gaature": pgettext_lazy("category", "Walks"),
    "traening-og-motion": pgettext_lazy("category", "Training and exercise"),
    "psykisk-saarbarhed": pgettext_lazy("category", "Mental vulnerability"),
    "frivillig-og-borger-til-borger-hjaelp": pgettext_lazy("category", "Volunteering and citizen-to-citizen help"),
    "kultur": pgettext_lazy("category", "Culture"),
    "kreativitet": pgettext_lazy("category", "Creativity"),
    "mad-og-faellesspisning": pgettext_lazy("category", "Food and communal dining"),
    "spil": pgettext_lazy("category", "Games"),
    "natur": pgettext_lazy("category", "Nature"),
    "sprog": pgettext_lazy("category", "Language"),
    "foraeldre-og-boern": pgettext_lazy("category", "Parents and children"),
    "seniorliv": pgettext_lazy("category", "Senior life"),
    "ung": pgettext_lazy("category", "Young people"),
    "ny-i-byen": pgettext_lazy("category", "New in town"),
}
