"""The small national vocabularies that activities and offers are tagged with.

Like the categories, the lists live in code so that their names are translated; ``sync_vocabularies`` keeps the
``Term`` table (which activities and offers point at) in step with them. A slug is never renamed once shipped,
because municipalities' saved links and feeds use it.
"""

from django.db import models
from django.utils.translation import pgettext_lazy


class Vocabulary(models.TextChoices):
    TARGET_GROUP = "target_group", pgettext_lazy("vocabulary", "Target group")
    ACCESSIBILITY = "accessibility", pgettext_lazy("vocabulary", "Accessibility")
    PROBLEM_AREA = "problem_area", pgettext_lazy("vocabulary", "Problem area")
    AGE_GROUP = "age_group", pgettext_lazy("vocabulary", "Age group")


TERMS: dict[str, dict[str, str]] = {
    Vocabulary.TARGET_GROUP: {
        "alle": pgettext_lazy("target group", "Everyone"),
        "unge-16-29": pgettext_lazy("target group", "Young people 16–29"),
        "seniorer-85": pgettext_lazy("target group", "People aged 85 and over"),
        "demens-og-paaroerende": pgettext_lazy("target group", "People with dementia and their relatives"),
        "psykisk-saarbare": pgettext_lazy("target group", "Psychologically vulnerable people"),
        "nytilflyttede": pgettext_lazy("target group", "Newcomers"),
        "uden-for-arbejdsmarkedet": pgettext_lazy("target group", "People outside the labour market"),
        "paaroerende": pgettext_lazy("target group", "Relatives"),
        "foraeldre": pgettext_lazy("target group", "Parents"),
    },
    Vocabulary.ACCESSIBILITY: {
        "niveaufri-adgang": pgettext_lazy("accessibility", "Step-free access"),
        "handicaptoilet": pgettext_lazy("accessibility", "Accessible toilet"),
        "teleslynge": pgettext_lazy("accessibility", "Hearing loop"),
        "stille-rum": pgettext_lazy("accessibility", "Quiet room"),
        "parkering-taet-paa": pgettext_lazy("accessibility", "Parking close by"),
        "let-dansk": pgettext_lazy("accessibility", "Plain Danish"),
        "siddepladser": pgettext_lazy("accessibility", "Seating available"),
    },
    Vocabulary.PROBLEM_AREA: {
        "ensomhed": pgettext_lazy("problem area", "Loneliness"),
        "angst-og-depression": pgettext_lazy("problem area", "Anxiety and depression"),
        "sorg": pgettext_lazy("problem area", "Grief"),
        "stress": pgettext_lazy("problem area", "Stress"),
        "misbrug": pgettext_lazy("problem area", "Addiction"),
        "paaroerende": pgettext_lazy("problem area", "Being a relative"),
        "handicap": pgettext_lazy("problem area", "Disability"),
        "kronisk-sygdom": pgettext_lazy("problem area", "Chronic illness"),
        "spiseforstyrrelse": pgettext_lazy("problem area", "Eating disorders"),
        "selvskade": pgettext_lazy("problem area", "Self-harm"),
    },
    Vocabulary.AGE_GROUP: {
        "boern-0-12": pgettext_lazy("age group", "Children (0–12)"),
        "unge-13-17": pgettext_lazy("age group", "Teenagers (13–17)"),
        "unge-voksne-18-29": pgettext_lazy("age group", "Young adults (18–29)"),
        "voksne-30-64": pgettext_lazy("age group", "Adults (30–64)"),
        "seniorer-65": pgettext_lazy("age group", "Seniors (65 and over)"),
    },
}
