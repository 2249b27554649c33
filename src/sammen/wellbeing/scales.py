"""The two validated scales Sammen asks, kept as data: the items, the answer options with their values, the
scoring rule, the thresholds, the source and the terms of use, in Danish and English.

The wording is the published wording, word for word, in both languages and in easy-read mode too: a changed
wording would no longer be the validated scale (and the WHO-5's terms ask for a changed wording to be marked).
Because these texts must not be rephrased by a translator, they are not in the gettext catalogue; the page picks
the citizen's language and falls back to Danish.
"""

from dataclasses import dataclass

from django.utils import translation

UCLA3 = {
    "key": "ucla3",
    "name": {"da": "UCLA-3 (ensomhed)", "en": "UCLA-3 (loneliness)"},
    "lead": {
        "da": "De næste spørgsmål handler om, hvordan du har det med andre mennesker.",
        "en": "The next questions are about how you feel about other people.",
    },
    "items": [
        {
            "da": "Hvor ofte føler du, at du savner nogen at være sammen med?",
            "en": "How often do you feel that you lack companionship?",
        },
        {"da": "Hvor ofte føler du dig udenfor?", "en": "How often do you feel left out?"},
        {"da": "Hvor ofte føler du dig isoleret fra andre?", "en": "How often do you feel isolated from others?"},
    ],
    "options": [
        {"value": 1, "da": "Sjældent eller aldrig", "en": "Hardly ever or never"},
        {"value": 2, "da": "En gang imellem", "en": "Some of the time"},
        {"value": 3, "da": "Ofte", "en": "Often"},
    ],
    # The score is the sum of the three answers: 3 to 9.
    "scoring": {"rule": "sum", "multiplier": 1, "minimum": 3, "maximum": 9},
    # 7–9: signs of severe loneliness, as the national health profile counts it.
    "thresholds": {"lonely_from": 7},
    "source": (
        "Hughes ME, Waite LJ, Hawkley LC, Cacioppo JT. A short scale for measuring loneliness in large surveys: "
        "results from two population-based studies. Research on Aging 2004;26(6):655–672. Danish wording: "
        "Den Nationale Sundhedsprofil (Sundhedsstyrelsen, Statens Institut for Folkesundhed)."
    ),
    "terms": (
        "Published in a scientific journal and asked in the national health profile; Sammen uses the published "
        "Danish and English wording unchanged and claims no rights in it."
    ),
}

WHO5 = {
    "key": "who5",
    "name": {"da": "WHO-5 (trivsel)", "en": "WHO-5 (wellbeing)"},
    "lead": {"da": "I de sidste 2 uger …", "en": "Over the last 2 weeks …"},
    "items": [
        {"da": "… har jeg været glad og i godt humør", "en": "… I have felt cheerful and in good spirits"},
        {"da": "… har jeg følt mig rolig og afslappet", "en": "… I have felt calm and relaxed"},
        {"da": "… har jeg følt mig aktiv og energisk", "en": "… I have felt active and vigorous"},
        {"da": "… er jeg vågnet frisk og udhvilet", "en": "… I woke up feeling fresh and rested"},
        {
            "da": "… har min dagligdag været fyldt med ting, der interesserer mig",
            "en": "… my daily life has been filled with things that interest me",
        },
    ],
    "options": [
        {"value": 5, "da": "Hele tiden", "en": "All of the time"},
        {"value": 4, "da": "Det meste af tiden", "en": "Most of the time"},
        {"value": 3, "da": "Lidt mere end halvdelen af tiden", "en": "More than half of the time"},
        {"value": 2, "da": "Lidt mindre end halvdelen af tiden", "en": "Less than half of the time"},
        {"value": 1, "da": "Lidt af tiden", "en": "Some of the time"},
        {"value": 0, "da": "På intet tidspunkt", "en": "At no time"},
    ],
    # The raw score (0–25) times 4: 0 to 100.
    "scoring": {"rule": "sum", "multiplier": 4, "minimum": 0, "maximum": 100},
    # 50 or less: poor wellbeing; a change of 10 points or more is clinically relevant.
    "thresholds": {"poor_at_most": 50, "relevant_change": 10},
    "source": (
        "WHO (Five) Well-Being Index, WHO Regional Office for Europe 1998; Topp CW, Østergaard SD, Søndergaard S, "
        "Bech P. The WHO-5 Well-Being Index: a systematic review of the literature. Psychother Psychosom "
        "2015;84:167–176. Danish wording as published by Psykiatrisk Center Nordsjælland and KL."
    ),
    "terms": (
        "Free to use without permission or fee; a changed wording must be marked as changed. Sammen uses the "
        "published wording unchanged."
    ),
}

SCALES = (UCLA3, WHO5)


def text(entry: dict) -> str:
    """An entry's wording in the active language (Danish where the language has none)."""
    return entry.get((translation.get_language() or "da")[:2]) or entry["da"]


@dataclass(frozen=True)
class Scores:
    ucla: int  # 3–9
    who5: int  # 0–100


def values(scale: dict) -> set[int]:
    return {option["value"] for option in scale["options"]}


def score(scale: dict, answers: list[int]) -> int:
    """The scale's score of checked answers (one valid value per item), by the scale's rule."""
    return sum(answers) * scale["scoring"]["multiplier"]


def scores(answers: dict[str, list[int]]) -> Scores:
    return Scores(ucla=score(UCLA3, answers["ucla3"]), who5=score(WHO5, answers["who5"]))


def is_lonely(ucla: int) -> bool:
    return ucla >= UCLA3["thresholds"]["lonely_from"]


def is_poor_wellbeing(who5: int) -> bool:
    return who5 <= WHO5["thresholds"]["poor_at_most"]


def is_relevant_improvement(change: int) -> bool:
    return change >= WHO5["thresholds"]["relevant_change"]
