"""Demo effect measurement in Herning: six demo citizens answered UCLA-3 and WHO-5 about three months ago, of their
own choice, and again now, so that the status report's effect table shows figures (5 or more people).

The answers go through the real service; only the dates are moved back afterwards (the service takes the answer
today). Idempotent: nothing is added when Herning's demo citizens have measurements already.
"""

import datetime

from django.utils import timezone

from sammen.accounts.models import User
from sammen.devtools.demo_names import demo_email
from sammen.wellbeing import services
from sammen.wellbeing.models import Answer, Invitation, Measurement, Point

# (UCLA-3 items, WHO-5 items) at the start and after 3 months
ANSWERS = [
    (([3, 3, 2], [2, 2, 1, 2, 2]), ([2, 2, 2], [3, 3, 2, 3, 3])),
    (([3, 2, 3], [1, 2, 1, 1, 2]), ([2, 1, 2], [3, 2, 2, 2, 3])),
    (([2, 2, 2], [3, 3, 2, 3, 3]), ([2, 2, 1], [3, 3, 3, 3, 4])),
    (([3, 3, 3], [1, 1, 1, 1, 1]), ([3, 2, 3], [2, 1, 2, 1, 2])),
    (([2, 1, 2], [3, 4, 3, 3, 4]), ([1, 1, 2], [4, 4, 3, 4, 4])),
    (([3, 2, 2], [2, 2, 2, 2, 2]), ([2, 2, 2], [2, 3, 2, 2, 3])),
]


def _fields(ucla, who5) -> dict:
    return {
        **{f"ucla3_{n}": str(v) for n, v in enumerate(ucla, 1)},
        **{f"who5_{n}": str(v) for n, v in enumerate(who5, 1)},
    }


def load_demo_wellbeing() -> dict:
    people = list(User.objects.filter(email__in=[demo_email(f"borger{n}.herning") for n in range(1, 7)]).order_by("pk"))
    if Measurement.objects.filter(citizen__in=people, programme="own").exists():
        return {"wellbeing_answers": 0}
    today = timezone.localdate()
    then = today - datetime.timedelta(days=95)
    created = 0
    for person, (start, later) in zip(people, ANSWERS, strict=False):
        measurement = services.invite(person, programme="own", municipality=person.municipality)
        first = services.answer(
            by=person, invitation=measurement.invitations.get(point=Point.START), fields=_fields(*start), consent=True
        )
        follow_up = measurement.invitations.get(point=Point.THREE_MONTHS)
        Invitation.objects.filter(pk=follow_up.pk).update(opens_on=today, closes_on=today + services.ANSWER_WINDOW)
        follow_up.refresh_from_db()
        services.answer(by=person, invitation=follow_up, fields=_fields(*later))
        moment = timezone.now() - datetime.timedelta(days=95)
        Answer.objects.filter(pk=first.pk).update(answered_at=moment)
        Measurement.objects.filter(pk=measurement.pk).update(
            started_on=then, consent_given_at=moment, invited_at=moment
        )
        Invitation.objects.filter(pk=first.invitation_id).update(opens_on=then, closes_on=then + services.ANSWER_WINDOW)
        Invitation.objects.filter(measurement=measurement, point=Point.THREE_MONTHS).update(
            opens_on=then + services.FOLLOW_UPS[Point.THREE_MONTHS]
        )
        Invitation.objects.filter(measurement=measurement, point=Point.SIX_MONTHS).update(
            opens_on=then + services.FOLLOW_UPS[Point.SIX_MONTHS],
            closes_on=then + services.FOLLOW_UPS[Point.SIX_MONTHS] + services.ANSWER_WINDOW,
        )
        created += 2
    return {"wellbeing_answers": created}
