"""The voluntary questions about target groups: asked in the profile with a plain explanation, kept only with
explicit consent, removable; and counted in the status report's reach section, never under 5 people."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from django.utils.translation import gettext

from sammen.accounts import target_groups
from sammen.accounts.models import TargetGroupAnswers
from sammen.core.errors import SammenError
from sammen.insights.figures import target_group_rows
from tests.factories import citizen, municipality, participating, staff
from tests.helpers import log_in_with_second_factor
from tests.test_insights import LAST, PERIOD, analyst, at, herning_report, rows_of, shown
from tests.test_talk_room import assert_accessible_markup

pytestmark = pytest.mark.django_db

PAGE = "/konto/om-mig/"
ALL_YES = {"other_ethnic_background": "yes", "psychologically_vulnerable": "yes", "outside_education_or_work": "yes"}


def says(response, message) -> bool:
    """The page shows the message in the language it is in (Danish): an English source string is translated."""
    return escape(gettext(str(message))) in response.content.decode()


@pytest.fixture
def karen(client, karen_in_herning):
    client.force_login(karen_in_herning)
    return karen_in_herning


# --- The page ------------------------------------------------------------------------------------------------------


def test_the_signed_out_get_the_login_page(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/")


def test_the_profile_links_to_the_questions_which_explain_why_and_who_sees_what(client, karen):
    assert PAGE in client.get("/konto/profil/").content.decode()
    response = client.get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hvorfor vi spørger" in page
    assert "aldrig et tal, der kommer fra færre end 5 personer" in page
    assert "Det er frivilligt at svare" in page
    assert "Har du en anden etnisk baggrund end dansk?" in page
    assert 'name="consent"' in page and "checked" not in page.split('name="consent"')[1].split(">")[0]
    assert "Fjern mine svar" not in page  # nothing to remove yet
    assert_accessible_markup(response)


def test_without_consent_nothing_is_saved_and_the_answers_stay_in_the_form(client, karen):
    response = client.post(PAGE, {"action": "save", **ALL_YES, "psychologically_vulnerable": "no"})
    assert response.status_code == 200
    assert says(response, target_groups.ERRORS["no_consent"])
    assert says(response, "Your answers were not saved")
    assert not TargetGroupAnswers.objects.exists()
    form = response.context["form"]
    assert form["other_ethnic_background"].value() == "yes"
    assert form["psychologically_vulnerable"].value() == "no"
    assert_accessible_markup(response)


def test_with_consent_the_answers_are_kept_with_the_time_and_version_of_the_consent(client, karen):
    response = client.post(
        PAGE,
        {"action": "save", "other_ethnic_background": "yes", "psychologically_vulnerable": "", "consent": "on",
         "outside_education_or_work": "no"},
        follow=True,
    )
    assert says(response, "Your answers have been saved. Thank you.")
    answers = TargetGroupAnswers.objects.get(user=karen)
    assert (answers.other_ethnic_background, answers.psychologically_vulnerable, answers.outside_education_or_work) == (
        True,
        None,
        False,
    )
    assert answers.consent_version == target_groups.CONSENT_VERSION and answers.consented_at is not None
    page = response.content.decode()
    assert "Fjern mine svar" in page
    # The saved answers are shown to change; the consent is asked again, unticked.
    assert response.context["form"]["other_ethnic_background"].value() == "yes"
    assert "checked" not in page.split('name="consent"')[1].split(">")[0]


def test_no_answer_to_any_question_saves_nothing(client, karen):
    response = client.post(PAGE, {"action": "save", "consent": "on"})
    assert says(response, target_groups.ERRORS["no_answer"])
    assert not TargetGroupAnswers.objects.exists()


def test_changing_the_answers_keeps_one_row(client, karen):
    client.post(PAGE, {"action": "save", **ALL_YES, "consent": "on"})
    client.post(PAGE, {"action": "save", **ALL_YES, "outside_education_or_work": "no", "consent": "on"})
    assert TargetGroupAnswers.objects.filter(user=karen).count() == 1
    assert TargetGroupAnswers.objects.get(user=karen).outside_education_or_work is False


def test_remove_my_answers_deletes_them(client, karen, herning):
    other = citizen("Herning")
    target_groups.save_target_group_answers(user=other, answers={"other_ethnic_background": True}, consent=True)
    client.post(PAGE, {"action": "save", **ALL_YES, "consent": "on"})
    response = client.post(PAGE, {"action": "remove"}, follow=True)
    assert says(response, "Your answers have been removed.")
    assert not TargetGroupAnswers.objects.filter(user=karen).exists()
    assert TargetGroupAnswers.objects.filter(user=other).exists()  # only her own
    assert "Fjern mine svar" not in response.content.decode()


def test_the_service_refuses_without_consent_and_stores_nothing(karen_in_herning):
    with pytest.raises(SammenError) as refused:
        target_groups.save_target_group_answers(
            user=karen_in_herning, answers={"psychologically_vulnerable": True}, consent=False
        )
    assert refused.value.field == "consent"
    assert not TargetGroupAnswers.objects.exists()


def test_deleting_the_account_deletes_the_answers(karen_in_herning):
    target_groups.save_target_group_answers(
        user=karen_in_herning, answers={"psychologically_vulnerable": True}, consent=True
    )
    karen_in_herning.delete()
    assert not TargetGroupAnswers.objects.exists()


# --- The status report ----------------------------------------------------------------------------------------------


def answer(person, *, when: datetime.date = datetime.date(2026, 5, 1), **answers) -> None:
    target_groups.save_target_group_answers(user=person, answers=answers, consent=True, now=at(when))


def herning_answers() -> None:
    """10 Herning citizens answered by the end of June 2026: 5 another ethnic background (5 did not say yes),
    2 psychologically vulnerable, 8 outside education and the labour market (2 did not say yes). Not counted: an
    answer given in July, a citizen who joined in July, a coordinator, a Kolding citizen, a deactivated account."""
    participating("Herning")
    people = [citizen("Herning", date_joined=at(datetime.date(2026, 2, 1))) for _ in range(10)]
    for n, person in enumerate(people):
        answer(
            person,
            other_ethnic_background=n < 5,
            psychologically_vulnerable=True if n < 2 else None,
            outside_education_or_work=n < 8,
        )
    everything = {name: True for name in target_groups.QUESTIONS}
    answer(citizen("Herning", date_joined=at(datetime.date(2026, 2, 1))), when=datetime.date(2026, 7, 2), **everything)
    answer(citizen("Herning", date_joined=at(datetime.date(2026, 7, 1))), when=datetime.date(2026, 7, 1), **everything)
    answer(staff("coordinator", "Herning", date_joined=at(datetime.date(2026, 2, 1))), **everything)
    answer(citizen("Kolding", date_joined=at(datetime.date(2026, 2, 1))), **everything)
    answer(citizen("Herning", date_joined=at(datetime.date(2026, 2, 1)), is_active=False), **everything)


def test_the_reach_section_counts_the_answers_with_small_groups_hidden():
    herning_answers()
    rows = rows_of(herning_report(), "age_bands")
    assert shown(rows["Borgere, der har svaret på de frivillige spørgsmål om målgrupper"]) == ("10", None)
    assert shown(rows["Heraf: anden etnisk baggrund end dansk"]) == ("5", None)
    assert shown(rows["Heraf: psykisk sårbare"]) == ("under 5", None)
    # 8 said yes, but 10 answered: the 2 others would be given away, so the 8 are hidden too.
    assert shown(rows["Heraf: uden for uddannelse og arbejdsmarked"]) == ("under 5", None)


def test_a_few_answers_are_all_under_five():
    participating("Herning")
    for _ in range(3):
        answer(citizen("Herning", date_joined=at(datetime.date(2026, 2, 1))), other_ethnic_background=True)
    rows = rows_of(herning_report(), "age_bands")
    assert shown(rows["Borgere, der har svaret på de frivillige spørgsmål om målgrupper"]) == ("under 5", None)
    assert shown(rows["Heraf: anden etnisk baggrund end dansk"]) == ("under 5", None)
    assert shown(rows["Heraf: psykisk sårbare"]) == ("0", None)


def test_the_answers_cost_one_query_whatever_their_number():
    herning_answers()
    herning = municipality("Herning")
    with CaptureQueriesContext(connection) as once:
        target_group_rows(herning, LAST)
    herning_answers()
    with CaptureQueriesContext(connection) as twice:
        rows = target_group_rows(herning, LAST)
    assert len(once) == len(twice) == 1
    assert str(rows[0].value) == "20"


def test_the_national_view_counts_every_municipality():
    herning_answers()
    rows = {str(row.label): row for row in target_group_rows(None, LAST)}
    assert str(rows["Borgere, der har svaret på de frivillige spørgsmål om målgrupper"].value) == "11"


def test_the_report_page_shows_the_rows(client):
    herning_answers()
    log_in_with_second_factor(client, analyst())
    page = client.get("/personale/kommune/657/status/", PERIOD).content.decode()
    assert "Borgere, der har svaret på de frivillige spørgsmål om målgrupper" in page
    assert "Heraf: psykisk sårbare" in page
