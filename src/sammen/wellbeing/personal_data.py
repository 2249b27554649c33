"""What wellbeing holds about a citizen, for "Hent mine data" and the deletion of an account
(``sammen.core.personal_data``): their measurements and answers, which go with the account (CASCADE), and are
deleted ``SAMMEN_WELLBEING_RETENTION_DAYS`` after the measurement closed."""

import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sammen.audit import services as audit
from sammen.core.personal_data import register
from sammen.wellbeing import programmes
from sammen.wellbeing.models import Answer, Measurement


def export(user) -> list[dict]:
    answers = Answer.objects.filter(invitation__measurement__citizen=user).select_related("invitation__measurement")
    return [
        {
            str(_("Programme")): str(programmes.label(answer.invitation.measurement.programme)),
            str(_("When")): answer.invitation.get_point_display(),
            str(_("Answered")): answer.answered_at,
            str(_("Answers")): answer.items,
            str(_("UCLA-3 score")): answer.ucla,
            str(_("WHO-5 score")): answer.who5,
            str(_("Answered with help from staff")): answer.assisted,
        }
        for answer in answers.order_by("answered_at")
    ]


def purge_closed_measurements(now: datetime.datetime) -> int:
    """Delete the measurements (with their invitations and answers) closed more than
    ``SAMMEN_WELLBEING_RETENTION_DAYS`` ago. Idempotent."""
    cutoff = now - datetime.timedelta(days=settings.SAMMEN_WELLBEING_RETENTION_DAYS)
    expired = Measurement.objects.filter(closed_at__lt=cutoff)
    return audit.delete_past_retention(expired, action="wellbeing.measurement.purged")


register(
    "wellbeing",
    title=_("Wellbeing questionnaires"),
    order=70,
    export=export,
    on_deletion=_("Your answers to the wellbeing questionnaires are deleted."),
    purge=purge_closed_measurements,
)
