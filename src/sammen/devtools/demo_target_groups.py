"""Demo answers to the voluntary questions about target groups (``/konto/om-mig/``): Herning's eight demo citizens
answered with consent, so that the status report's reach section shows its rows (the groups themselves are too
small to show: "under 5"). Through the real service; idempotent."""

from sammen.accounts.models import TargetGroupAnswers, User
from sammen.accounts.target_groups import save_target_group_answers
from sammen.devtools.demo_names import demo_email

# (other ethnic background, psychologically vulnerable, outside education and work); None: would rather not say
ANSWERS = [
    (False, False, False),
    (True, False, True),
    (False, True, None),
    (False, False, True),
    (None, True, False),
    (True, False, True),
    (False, None, False),
    (False, True, True),
]


def load_demo_target_groups() -> dict:
    people = list(User.objects.filter(email__in=[demo_email(f"borger{n}.herning") for n in range(1, 9)]).order_by("pk"))
    if TargetGroupAnswers.objects.filter(user__in=people).exists():
        return {"target_group_answers": 0}
    for person, (ethnic, vulnerable, outside) in zip(people, ANSWERS, strict=False):
        save_target_group_answers(
            user=person,
            answers={
                "other_ethnic_background": ethnic,
                "psychologically_vulnerable": vulnerable,
                "outside_education_or_work": outside,
            },
            consent=True,
        )
    return {"target_group_answers": min(len(people), len(ANSWERS))}
