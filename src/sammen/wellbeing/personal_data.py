"""What wellbeing holds about a citizen, for "Hent mine data" and the deletion of an account
(``sammen.core.personal_data``): their measurements and answers, which go with the account (CASCADE)."""

from django.utils.translation import gettext_lazy as _

from sammen.core.personal_data import register
from sammen.wellbeing import programmes
from sammen.wellbeing.models import Answer


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


register(
    "wellbeing",
    title=_("Wellbeing questionnaires"),
    order=70,
    export=export,
    on_deletion=_("Your answers to the wellbeing questionnaires are deleted."),
)
