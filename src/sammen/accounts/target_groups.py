"""A citizen's voluntary answers about the municipality's target groups (another ethnic background than Danish,
psychologically vulnerable, outside education and the labour market), so that the status report can tell how far
Sammen reaches them.

Only what the person gives with their explicit consent is kept, each answer may be left out, and removing the
answers deletes them. Nobody sees a person's answers; ``sammen.insights`` counts them, never under 5 people. The
caller checks who is acting: these functions only ever act on the person's own answers.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.accounts.models import TargetGroupAnswers, User
from sammen.core.errors import SammenError

# The version of the explanation the person consented to; a new wording gets a new version.
CONSENT_VERSION = "2026-12"
QUESTIONS = ("other_ethnic_background", "psychologically_vulnerable", "outside_education_or_work")

ERRORS = {
    "no_consent": _(
        "Nothing was saved. Tick the box to give your consent if you want us to keep your answers; otherwise you "
        "can leave the questions."
    ),
    "no_answer": _("Nothing was saved: you chose “I would rather not say” to every question."),
}


def answers_of(user: User) -> TargetGroupAnswers | None:
    return TargetGroupAnswers.objects.filter(user=user).first()


def save_target_group_answers(
    *, user: User, answers: dict[str, bool | None], consent: bool, now=None
) -> TargetGroupAnswers:
    """Keep the person's answers (True, False, or None for "I would rather not say") with the time and version of
    their consent. Without consent, or without a single answer, nothing is stored and nothing changes."""
    if not consent:
        raise SammenError(ERRORS["no_consent"], field="consent")
    values = {question: answers.get(question) for question in QUESTIONS}
    if all(value is None for value in values.values()):
        raise SammenError(ERRORS["no_answer"])
    with transaction.atomic():
        saved, _created = TargetGroupAnswers.objects.update_or_create(
            user=user,
            defaults={**values, "consented_at": now or timezone.now(), "consent_version": CONSENT_VERSION},
        )
    return saved


def remove_target_group_answers(*, user: User) -> bool:
    """Delete the person's answers (and so withdraw the consent); whether there were any."""
    deleted, _by_model = TargetGroupAnswers.objects.filter(user=user).delete()
    return deleted > 0
