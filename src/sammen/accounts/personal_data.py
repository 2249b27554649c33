"""What an account holds about the person, for "Hent mine data" (see ``sammen.core.personal_data``)."""

from django.utils.translation import gettext_lazy as _

from sammen.accounts.models import Consent, TargetGroupAnswers
from sammen.core.personal_data import record, register


def export_profile(user) -> list:
    return [
        record(
            user,
            "email",
            "display_name",
            "date_of_birth",
            "municipality",
            "postal_code",
            "gender",
            "languages",
            "interests",
            "avatar_symbol",
            "language",
            "easy_read",
            "phone_number",
            "sms_enabled",
            "notify_by_email",
            "is_volunteer",
            "date_joined",
            "last_login",
            extra={_("Profile photo"): _("Yes") if user.avatar else _("No")},
        )
    ]


def export_consents(user) -> list:
    return [
        {_("Consent to"): consent.get_kind_display(), _("Version"): consent.version, _("Given"): consent.given_at}
        for consent in Consent.objects.filter(user=user).order_by("given_at", "pk")
    ]


def export_target_group_answers(user) -> list:
    answers = TargetGroupAnswers.objects.filter(user=user).first()
    if answers is None:
        return []
    return [
        record(
            answers,
            "other_ethnic_background",
            "psychologically_vulnerable",
            "outside_education_or_work",
            "consented_at",
            "consent_version",
        )
    ]


register(
    "accounts.profile",
    title=_("Your profile"),
    order=10,
    export=export_profile,
    on_deletion=_("Your profile, photo, e-mail address and phone number are deleted."),
)
register(
    "accounts.consents",
    title=_("Your consents"),
    order=11,
    export=export_consents,
    on_deletion=_("The record of your consents is deleted."),
)
register(
    "accounts.target_groups",
    title=_("Your answers to the questions about you"),
    order=12,
    export=export_target_group_answers,
    on_deletion=_("Your answers to the questions about you are deleted."),
)
