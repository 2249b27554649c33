"""Volunteers: Karen in Herning joins "Snak sammen", takes the course (failing a question first), and Kirsten,
Herning's coordinator, approves her; coordinators of other municipalities and moderators cannot. A volunteer
takes a break and leaves (the programme apps hear it), and coordinators run their own programmes."""

import datetime
import html

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from sammen.audit.models import AuditEntry
from sammen.core import text_policy
from sammen.core.errors import SammenError
from sammen.volunteering import queries, services
from sammen.volunteering.models import (
    AGREEMENT_VERSION,
    Lesson,
    LessonProgress,
    Programme,
    TalkChannel,
    Volunteer,
    VolunteerProfile,
    VolunteerStatus,
)
from sammen.volunteering.signals import volunteer_stopped
from tests.factories import AssociationFactory, UserFactory, citizen, municipality
from tests.factories.volunteering import ProgrammeFactory, a_course_with_one_quiz, volunteer
from tests.helpers import log_in_with_second_factor

pytestmark = pytest.mark.django_db

HERNING = "657"
KOLDING = "621"


@pytest.fixture(autouse=True)
def _two_municipalities(herning, kolding):
    """Herning and Kolding take part in Sammen."""


def snak_sammen() -> Programme:
    return Programme.objects.select_related("course").get(slug="snak-sammen")


def sprogven() -> Programme:
    return Programme.objects.select_related("course").get(slug="sprogven")


def say(message, **params) -> str:
    """What the person reads: the message in the active language (Danish here)."""
    return str(message) % params if params else str(message)


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def profile(**overrides) -> dict:
    fields = {
        "motivation": "Jeg har tid, og jeg kan godt lide at snakke med folk.",
        "presentation": "Karen, 62, pensioneret sygeplejerske fra Herning. Glad for haven og lange gåture.",
        "topics": "Haven, bøger, strikning",
        "languages": [{"code": "da", "level": "native"}, {"code": "en", "level": "good"}],
    }
    return fields | overrides


def join(person, programme=None, **overrides) -> Volunteer:
    return services.join(
        user=person, programme=programme or snak_sammen(), accept_agreement=True, **profile(**overrides)
    )


def join_form(**overrides) -> dict:
    """What a browser posts from the join form."""
    data = {
        "motivation": "Jeg har tid, og jeg kan godt lide at snakke med folk.",
        "presentation": "Karen fra Herning. Glad for haven.",
        "topics": "Haven",
        "language_da": "native",
        "language_en": "good",
        "accept_agreement": "on",
    }
    return data | overrides


def lessons(programme) -> list[Lesson]:
    return list(Lesson.objects.filter(course=programme.course).prefetch_related("questions__choices"))


def right_answers(lesson) -> dict[int, set[int]]:
    return {q.pk: {c.pk for c in q.choices.all() if c.correct} for q in lesson.questions.all()}


def wrong_answers(lesson) -> dict[int, set[int]]:
    return {q.pk: {c.pk for c in q.choices.all() if not c.correct} for q in lesson.questions.all()}


def quiz_form(answers: dict[int, set[int]]) -> dict:
    return {f"question_{question}": sorted(chosen) for question, chosen in answers.items()}


def pass_course(person, programme=None):
    result = None
    for lesson in lessons(programme or snak_sammen()):
        result = services.answer_quiz(user=person, lesson=lesson, answers=right_answers(lesson))
    return result


def awaiting(person, programme=None) -> Volunteer:
    """``person`` joined and passed the course: waiting for a coordinator."""
    joined = join(person, programme)
    pass_course(person, programme)
    joined.refresh_from_db()
    assert joined.status == VolunteerStatus.AWAITING_APPROVAL
    return joined


def staff_url(code: str, rest: str = "") -> str:
    return f"/personale/kommune/{code}/{rest}"


# --- The national programmes ---------------------------------------------------------------------------------


def test_the_two_national_programmes_share_one_short_danish_course():
    talks, language = snak_sammen(), sprogven()
    assert (talks.name, talks.talk_minutes, talks.channels) == ("Snak sammen", 15, ["video", "phone"])
    assert talks.audience == "Alle over 15 år, der har lyst til en snak"
    assert talks.requires_approval and not talks.language_filter
    assert (language.name, language.talk_minutes, language.language_filter) == ("Sprogven", 30, True)
    assert language.audience == "Dig, der lærer dansk"
    assert talks.municipality is None and talks.association is None
    assert talks.course == language.course
    assert talks.course.title == "Samtaleven – det skal du vide"
    course_lessons = lessons(talks)
    assert [lesson.title for lesson in course_lessons] == [
        "At lytte og tale sammen",
        "Tavshedspligt og grænser – det er ikke terapi",
        "Hvis du er bekymret – moderatorerne og Livslinien 70 201 201",
    ]
    questions = [q for lesson in course_lessons for q in lesson.questions.all()]
    assert all(1 <= lesson.questions.count() <= 2 for lesson in course_lessons)
    assert all(q.explanation for q in questions)
    assert any(sum(c.correct for c in q.choices.all()) == 2 for q in questions)
    assert "70 201 201" in course_lessons[2].body


def test_the_national_programmes_migration_can_be_loaded_again_and_undone():
    from django.apps import apps

    from sammen.volunteering.reference import load_national_programmes, remove_national_programmes

    load_national_programmes(apps)
    assert Programme.objects.filter(slug__in=["snak-sammen", "sprogven"]).count() == 2
    remove_national_programmes(apps)
    assert not Programme.objects.filter(slug__in=["snak-sammen", "sprogven"]).exists()
    load_national_programmes(apps)
    assert snak_sammen().course.lessons.count() == 3


# --- Joining ----------------------------------------------------------------------------------------------------


def test_karen_joins_snak_sammen_through_the_page_and_starts_the_course(client, karen_in_herning):
    client.force_login(karen_in_herning)
    page = page_text(client.get("/frivillig/"))
    assert "Snak sammen" in page and "Sprogven" in page
    page = page_text(client.get("/frivillig/snak-sammen/"))
    assert "Alle over 15 år, der har lyst til en snak" in page
    assert "70 201 201" in page and "112" in page
    page = page_text(client.get("/frivillig/snak-sammen/tilmeld/"))
    assert 'name="accept_agreement"' in page and "70 201 201" in page
    assert f"{AGREEMENT_VERSION}" in page

    response = client.post("/frivillig/snak-sammen/tilmeld/", join_form())
    assert response.status_code == 302
    assert response["Location"] == "/frivillig/snak-sammen/kursus/"
    joined = Volunteer.objects.get(user=karen_in_herning)
    assert joined.status == VolunteerStatus.ONBOARDING
    assert joined.agreement_version == AGREEMENT_VERSION
    assert abs((timezone.now() - joined.agreement_accepted_at).total_seconds()) < 60
    saved = VolunteerProfile.objects.get(user=karen_in_herning)
    assert saved.presentation == "Karen fra Herning. Glad for haven."
    assert saved.languages == [{"code": "da", "level": "native"}, {"code": "en", "level": "good"}]
    entry = AuditEntry.objects.get(action="volunteering.volunteer.joined")
    assert entry.actor_id == karen_in_herning.pk and entry.municipality_id == municipality("Herning").pk

    page = page_text(client.get("/frivillig/snak-sammen/kursus/"))
    assert "Samtaleven – det skal du vide" in page
    assert "At lytte og tale sammen" in page


def test_joining_without_accepting_the_agreement_is_refused_and_keeps_what_was_typed(client, karen_in_herning):
    client.force_login(karen_in_herning)
    data = join_form(accept_agreement="", presentation="Karen, der elsker kaffe")
    response = client.post("/frivillig/snak-sammen/tilmeld/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["accept_agreement"] == [say(services.ERRORS["agreement"])]
    assert "Karen, der elsker kaffe" in page_text(response)
    with pytest.raises(SammenError, match=say(services.ERRORS["agreement"])):
        services.join(user=karen_in_herning, programme=snak_sammen(), accept_agreement=False, **profile())
    assert not Volunteer.objects.exists()
    assert not VolunteerProfile.objects.exists()


def test_a_person_younger_than_the_programme_allows_cannot_join():
    sixteen = citizen("Herning", date_of_birth=timezone.localdate() - datetime.timedelta(days=16 * 365 + 10))
    with pytest.raises(SammenError) as error:
        join(sixteen)
    assert str(error.value) == say(services.ERRORS["too_young"], age=18, name="Snak sammen")
    assert not Volunteer.objects.exists() and not VolunteerProfile.objects.exists()


def test_a_person_without_a_date_of_birth_is_asked_to_add_it(client):
    unknown = citizen("Herning", date_of_birth=None)
    client.force_login(unknown)
    response = client.post("/frivillig/snak-sammen/tilmeld/", join_form())
    message = say(services.ERRORS["no_birth_date"], age=18, name="Snak sammen")
    assert message in page_text(response)
    assert not Volunteer.objects.exists() and not VolunteerProfile.objects.exists()


def test_joining_twice_is_refused_and_a_declined_volunteer_cannot_join_again(karen_in_herning, coordinator_in_herning):
    first = join(karen_in_herning)
    with pytest.raises(SammenError) as error:
        join(karen_in_herning, presentation="En anden tekst")
    assert str(error.value) == say(services.ERRORS["already"], name="Snak sammen")
    assert Volunteer.objects.count() == 1
    assert VolunteerProfile.objects.get().presentation == profile()["presentation"]

    services.decline(by=coordinator_in_herning, volunteer=first, reason="Vi mangler ikke frivillige lige nu.")
    with pytest.raises(SammenError) as error:
        join(karen_in_herning)
    assert str(error.value) == say(services.ERRORS["declined_before"], name="Snak sammen")
    assert Volunteer.objects.count() == 1


def test_the_join_page_of_a_member_sends_them_to_the_programme(client, karen_in_herning):
    join(karen_in_herning)
    client.force_login(karen_in_herning)
    response = client.get("/frivillig/snak-sammen/tilmeld/")
    assert response.status_code == 302 and response["Location"] == "/frivillig/snak-sammen/"


def test_a_closed_programme_takes_no_new_volunteers(karen_in_herning):
    closed = ProgrammeFactory(active=False)
    with pytest.raises(SammenError) as error:
        join(karen_in_herning, closed)
    assert str(error.value) == say(services.ERRORS["programme_closed"], name=closed.name)
    assert not Volunteer.objects.exists()


def test_a_citizen_of_a_municipality_that_does_not_take_part_cannot_join():
    outside = citizen("Ikast-Brande")
    with pytest.raises(SammenError, match="Ikast-Brande"):
        join(outside)
    assert not Volunteer.objects.exists()


def test_a_volunteer_must_name_a_language_from_the_list(karen_in_herning):
    with pytest.raises(SammenError) as error:
        join(karen_in_herning, languages=[])
    assert str(error.value) == say(services.ERRORS["no_language"])
    with pytest.raises(SammenError) as error:
        join(karen_in_herning, languages=[{"code": "xx", "level": "native"}])
    assert str(error.value) == say(services.ERRORS["bad_language"])
    with pytest.raises(SammenError):
        join(karen_in_herning, languages=[{"code": "da", "level": "native"}, {"code": "da", "level": "good"}])
    assert not Volunteer.objects.exists() and not VolunteerProfile.objects.exists()


# --- Hostile input ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("presentation", "Ring til mig, mit cpr er 010190-1234", text_policy.MESSAGES["cpr"]),
        ("motivation", "Jeg vil gerne\x00hjælpe", None),
        ("topics", "Haven\nog bøger", None),
        ("presentation", "x" * 100_000, None),
    ],
)
def test_hostile_text_in_the_join_form_gets_a_message_and_nothing_is_stored(
    client, karen_in_herning, field, value, message
):
    client.force_login(karen_in_herning)
    response = client.post("/frivillig/snak-sammen/tilmeld/", join_form(**{field: value}))
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert errors
    if message is not None:
        assert errors == [say(message)]
    assert not Volunteer.objects.exists() and not VolunteerProfile.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("presentation", "Mit cpr-nummer er 0101901234", text_policy.MESSAGES["cpr"]),
        ("motivation", "Jeg vil gerne\x00hjælpe", text_policy.MESSAGES["control"]),
        ("topics", "Haven\nog bøger", text_policy.MESSAGES["line_break"]),
    ],
)
def test_the_service_refuses_hostile_text_whoever_calls_it(karen_in_herning, field, value, message):
    with pytest.raises(text_policy.TextRefused) as error:
        join(karen_in_herning, **{field: value})
    assert error.value.field == field and str(error.value) == say(message)
    assert not Volunteer.objects.exists() and not VolunteerProfile.objects.exists()


def test_the_service_refuses_100_000_characters(karen_in_herning):
    with pytest.raises(SammenError) as error:
        join(karen_in_herning, presentation="x" * 100_000)
    assert str(error.value) == say(services.ERRORS["too_long"], limit=1000, length=100_000)
    assert not VolunteerProfile.objects.exists()


def test_a_volunteer_changes_their_profile_and_a_cpr_number_is_refused(client, karen_in_herning):
    join(karen_in_herning)
    client.force_login(karen_in_herning)
    page = page_text(client.get("/frivillig/min-profil/"))
    assert "Snak sammen" in page and profile()["presentation"] in page
    response = client.post(
        "/frivillig/min-profil/", join_form(presentation="Karen, nu også med hund", language_en="", language_de="basic")
    )
    assert response.status_code == 302
    saved = VolunteerProfile.objects.get()
    assert saved.presentation == "Karen, nu også med hund"
    assert saved.languages == [{"code": "da", "level": "native"}, {"code": "de", "level": "basic"}]

    response = client.post("/frivillig/min-profil/", join_form(presentation="cpr 010190-1234"))
    assert response.context["form"].errors["presentation"] == [say(text_policy.MESSAGES["cpr"])]
    assert VolunteerProfile.objects.get().presentation == "Karen, nu også med hund"


def test_the_profile_page_of_someone_who_is_not_a_volunteer_points_to_the_programmes(client, ole_in_kolding):
    client.force_login(ole_in_kolding)
    page = page_text(client.get("/frivillig/min-profil/"))
    assert 'href="/frivillig/"' in page and 'name="presentation"' not in page
    with pytest.raises(SammenError, match=say(services.ERRORS["no_profile"])):
        services.update_profile(user=ole_in_kolding, **profile())


# --- The course ----------------------------------------------------------------------------------------------


def test_karen_fails_a_question_then_passes_every_lesson_and_waits_for_approval(
    client, karen_in_herning, coordinator_in_herning, coordinator_in_kolding, django_capture_on_commit_callbacks
):
    join(karen_in_herning)
    client.force_login(karen_in_herning)
    first, second, third = lessons(snak_sammen())
    page = page_text(client.get(f"/frivillig/snak-sammen/kursus/{first.pk}/"))
    assert first.title in page and "Spørg åbent" in page
    assert 'type="checkbox"' in page and "<legend" in page

    wrong = right_answers(first)
    question = first.questions.first()
    wrong[question.pk] = {c.pk for c in question.choices.all() if c.correct} - {
        next(c.pk for c in question.choices.all() if c.correct)
    }  # one of the two right answers only
    response = client.post(f"/frivillig/snak-sammen/kursus/{first.pk}/", quiz_form(wrong))
    page = page_text(response)
    assert response.context["result"].passed is False
    assert response.context["result"].score == 50
    assert [q.correct for q in response.context["result"].questions] == [False, True]
    assert question.explanation in page
    progress = LessonProgress.objects.get(user=karen_in_herning, lesson=first)
    assert (progress.attempts, progress.last_score, progress.passed_at) == (1, 50, None)

    response = client.post(f"/frivillig/snak-sammen/kursus/{first.pk}/", quiz_form(right_answers(first)))
    assert response.context["result"].passed is True
    assert f"/frivillig/snak-sammen/kursus/{second.pk}/" in page_text(response)
    progress.refresh_from_db()
    assert progress.attempts == 2 and progress.last_score == 100 and progress.passed_at is not None

    client.post(f"/frivillig/snak-sammen/kursus/{second.pk}/", quiz_form(right_answers(second)))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/frivillig/snak-sammen/kursus/{third.pk}/", quiz_form(right_answers(third)))
    assert response.context["result"].course_passed is True
    joined = Volunteer.objects.get(user=karen_in_herning)
    assert joined.status == VolunteerStatus.AWAITING_APPROVAL and joined.course_passed_at is not None
    to_karen = [m for m in mail.outbox if m.to == ["karen@example.dk"]]
    assert len(to_karen) == 1 and "Snak sammen" in to_karen[0].subject
    assert "/frivillig/snak-sammen/" in to_karen[0].body
    # Herning's coordinator looks after Karen (a national programme: her own municipality), not Kolding's.
    assert [m.to for m in mail.outbox if m.to != ["karen@example.dk"]] == [["koordinator@herning.dk"]]
    assert AuditEntry.objects.filter(action="volunteering.volunteer.course_passed").count() == 1

    page = page_text(client.get("/frivillig/snak-sammen/kursus/"))
    assert "3 af 3" in page or "3 of 3" in page


def test_every_question_must_be_answered(client, karen_in_herning):
    join(karen_in_herning)
    first = lessons(snak_sammen())[0]
    answers = right_answers(first)
    answers.pop(first.questions.last().pk)
    with pytest.raises(SammenError, match=say(services.ERRORS["unanswered"])):
        services.answer_quiz(user=karen_in_herning, lesson=first, answers=answers)
    client.force_login(karen_in_herning)
    response = client.post(f"/frivillig/snak-sammen/kursus/{first.pk}/", quiz_form(answers))
    assert response.context["result"] is None
    assert response.context["form"].errors
    assert not LessonProgress.objects.exists()


def test_an_answer_of_another_question_is_refused(karen_in_herning):
    join(karen_in_herning)
    first, second = lessons(snak_sammen())[:2]
    answers = right_answers(first)
    answers[first.questions.first().pk] = {second.questions.first().choices.first().pk}
    with pytest.raises(SammenError, match=say(services.ERRORS["unknown_answer"])):
        services.answer_quiz(user=karen_in_herning, lesson=first, answers=answers)
    assert not LessonProgress.objects.exists()


def test_lessons_are_taken_in_order(client, karen_in_herning):
    join(karen_in_herning)
    first, second, _third = lessons(snak_sammen())
    with pytest.raises(SammenError) as error:
        services.answer_quiz(user=karen_in_herning, lesson=second, answers=right_answers(second))
    assert str(error.value) == say(services.ERRORS["earlier_lesson"], title=first.title)
    assert not LessonProgress.objects.exists()

    client.force_login(karen_in_herning)
    response = client.get(f"/frivillig/snak-sammen/kursus/{second.pk}/")
    assert response.status_code == 302 and response["Location"] == "/frivillig/snak-sammen/kursus/"
    response = client.post(f"/frivillig/snak-sammen/kursus/{second.pk}/", quiz_form(right_answers(second)))
    assert response.status_code == 302
    assert not LessonProgress.objects.exists()


def test_progress_is_kept_so_the_course_resumes_at_the_next_lesson(client, karen_in_herning):
    join(karen_in_herning)
    first, second, _third = lessons(snak_sammen())
    services.answer_quiz(user=karen_in_herning, lesson=first, answers=right_answers(first))
    progress = queries.course_progress(karen_in_herning, snak_sammen().course)
    assert [step.passed for step in progress.steps] == [True, False, False]
    assert [step.available for step in progress.steps] == [True, True, False]
    assert progress.next_lesson == second
    client.force_login(karen_in_herning)
    page = page_text(client.get("/frivillig/snak-sammen/kursus/"))
    assert f'href="/frivillig/snak-sammen/kursus/{second.pk}/"' in page
    assert second.title in page


def test_someone_who_has_not_joined_cannot_take_the_quiz(ole_in_kolding):
    first = lessons(snak_sammen())[0]
    with pytest.raises(SammenError, match=say(services.ERRORS["not_in_course"])):
        services.answer_quiz(user=ole_in_kolding, lesson=first, answers=right_answers(first))


def test_a_programme_that_needs_no_approval_makes_the_volunteer_active_after_the_course(karen_in_herning):
    programme = ProgrammeFactory(requires_approval=False)
    join(karen_in_herning, programme)
    lesson = programme.course.lessons.get()
    result = services.answer_quiz(user=karen_in_herning, lesson=lesson, answers=wrong_answers(lesson))
    assert not result.passed and result.score == 0
    result = services.answer_quiz(user=karen_in_herning, lesson=lesson, answers=right_answers(lesson))
    assert result.passed and result.course_passed
    assert Volunteer.objects.get().status == VolunteerStatus.ACTIVE


def test_a_programme_without_a_course_goes_straight_to_approval(karen_in_herning):
    programme = ProgrammeFactory(course=None)
    assert join(karen_in_herning, programme).status == VolunteerStatus.AWAITING_APPROVAL


def test_the_course_passed_once_counts_for_every_programme_that_uses_it(karen_in_herning):
    join(karen_in_herning, snak_sammen())
    join(karen_in_herning, sprogven())
    pass_course(karen_in_herning)
    assert set(Volunteer.objects.values_list("status", flat=True)) == {VolunteerStatus.AWAITING_APPROVAL}
    # A later programme with the same course needs no second round.
    other = ProgrammeFactory(course=snak_sammen().course)
    assert join(karen_in_herning, other).status == VolunteerStatus.AWAITING_APPROVAL


def test_a_lesson_shows_its_picture_with_its_text_and_links_to_its_video(client, karen_in_herning):
    programme = ProgrammeFactory()
    lesson = programme.course.lessons.get()
    lesson.picture = "lessons/lyt.jpg"
    lesson.picture_text = "To mennesker, der snakker på en bænk"
    lesson.video_url = "https://video.example.dk/lyt"
    lesson.save()
    join(karen_in_herning, programme)
    client.force_login(karen_in_herning)
    page = client.get(f"/frivillig/{programme.slug}/kursus/{lesson.pk}/").content.decode()
    assert 'alt="To mennesker, der snakker på en bænk"' in page
    assert 'href="https://video.example.dk/lyt"' in page
    assert "<iframe" not in page


# --- Approval -------------------------------------------------------------------------------------------------


def test_herning_s_coordinator_approves_karen_and_she_is_told(
    client, karen_in_herning, coordinator_in_herning, django_capture_on_commit_callbacks
):
    karen = awaiting(karen_in_herning)
    log_in_with_second_factor(client, coordinator_in_herning)
    page = page_text(client.get(staff_url(HERNING, "frivillige/")))
    assert "Karen" in page and "Snak sammen" in page
    page = page_text(client.get(staff_url(HERNING, f"frivillige/{karen.pk}/")))
    assert profile()["presentation"] in page and profile()["motivation"] in page
    read = AuditEntry.objects.get(action="personal_data.viewed")
    assert (read.actor_id, read.data_subject_id) == (coordinator_in_herning.pk, karen_in_herning.pk)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(staff_url(HERNING, f"frivillige/{karen.pk}/"), {"action": "approve"})
    assert response.status_code == 302
    karen.refresh_from_db()
    assert karen.status == VolunteerStatus.ACTIVE and karen.may_offer_time
    assert karen.approved_by == coordinator_in_herning and karen.approved_at is not None
    assert [m.to for m in mail.outbox] == [["karen@example.dk"]]
    assert "Snak sammen" in mail.outbox[0].subject and "70 201 201" in mail.outbox[0].body
    entry = AuditEntry.objects.get(action="volunteering.volunteer.approved")
    assert (entry.actor_id, entry.data_subject_id) == (coordinator_in_herning.pk, karen_in_herning.pk)


def test_a_coordinator_of_another_municipality_and_a_moderator_cannot_approve(
    client, karen_in_herning, coordinator_in_kolding, moderator_in_herning
):
    karen = awaiting(karen_in_herning)
    for person in (coordinator_in_kolding, moderator_in_herning):
        with pytest.raises(SammenError, match=say(services.ERRORS["not_coordinator"])):
            services.approve(by=person, volunteer=karen)
    log_in_with_second_factor(client, coordinator_in_kolding)
    assert client.get(staff_url(KOLDING, f"frivillige/{karen.pk}/")).status_code == 404
    assert client.post(staff_url(HERNING, f"frivillige/{karen.pk}/"), {"action": "approve"}).status_code == 404
    log_in_with_second_factor(client, moderator_in_herning)
    assert client.post(staff_url(HERNING, f"frivillige/{karen.pk}/"), {"action": "approve"}).status_code == 404
    karen.refresh_from_db()
    assert karen.status == VolunteerStatus.AWAITING_APPROVAL
    assert not AuditEntry.objects.filter(
        action__in=["volunteering.volunteer.approved", "personal_data.viewed"]
    ).exists()


def test_a_volunteer_still_taking_the_course_cannot_be_approved(karen_in_herning, coordinator_in_herning):
    karen = join(karen_in_herning)
    with pytest.raises(SammenError, match=say(services.ERRORS["not_passed"])):
        services.approve(by=coordinator_in_herning, volunteer=karen)
    assert Volunteer.objects.get().status == VolunteerStatus.ONBOARDING


def test_a_programme_run_by_a_municipality_is_looked_after_by_its_coordinators(
    ole_in_kolding, coordinator_in_herning, coordinator_in_kolding
):
    herning_programme = ProgrammeFactory(municipality=municipality("Herning"), course=None)
    ole = join(ole_in_kolding, herning_programme)
    with pytest.raises(SammenError):
        services.approve(by=coordinator_in_kolding, volunteer=ole)
    services.approve(by=coordinator_in_herning, volunteer=ole)
    assert Volunteer.objects.get().status == VolunteerStatus.ACTIVE
    assert list(queries.coordinator_queue(municipality("Herning"))) == [ole]
    assert list(queries.coordinator_queue(municipality("Kolding"))) == []


def test_an_association_s_programme_is_looked_after_by_the_association_s_municipality(
    karen_in_herning, coordinator_in_herning, coordinator_in_kolding
):
    association = AssociationFactory(municipality=municipality("Kolding"))
    programme = ProgrammeFactory(association=association, course=None)
    karen = join(karen_in_herning, programme)
    with pytest.raises(SammenError):
        services.approve(by=coordinator_in_herning, volunteer=karen)
    services.approve(by=coordinator_in_kolding, volunteer=karen)
    assert Volunteer.objects.get().status == VolunteerStatus.ACTIVE


def test_a_programme_for_young_people_needs_the_criminal_record_check_seen_before_approval(
    client, karen_in_herning, coordinator_in_herning
):
    programme = ProgrammeFactory(requires_record_check=True, course=None)
    karen = join(karen_in_herning, programme)
    with pytest.raises(SammenError, match="børneattest"):
        services.approve(by=coordinator_in_herning, volunteer=karen)
    log_in_with_second_factor(client, coordinator_in_herning)
    url = staff_url(HERNING, f"frivillige/{karen.pk}/")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(url, {"action": "record_check", "record-seen_on": tomorrow.isoformat()})
    assert response.context["record_form"].errors["seen_on"] == [say(services.ERRORS["seen_in_future"])]
    karen.refresh_from_db()
    assert karen.record_check_seen_on is None

    seen = timezone.localdate() - datetime.timedelta(days=3)
    response = client.post(url, {"action": "record_check", "record-seen_on": seen.isoformat()})
    assert response.status_code == 302
    karen.refresh_from_db()
    assert karen.record_check_seen_on == seen and karen.record_check_recorded_by == coordinator_in_herning
    entry = AuditEntry.objects.get(action="volunteering.volunteer.record_check_seen")
    assert entry.details == {"seen_on": seen.isoformat()}
    client.post(url, {"action": "approve"})
    karen.refresh_from_db()
    assert karen.status == VolunteerStatus.ACTIVE


def test_no_record_check_is_stored_for_a_programme_that_does_not_need_one(karen_in_herning, coordinator_in_herning):
    karen = awaiting(karen_in_herning)
    with pytest.raises(SammenError, match=say(services.ERRORS["record_check_not_needed"])):
        services.record_check_seen(by=coordinator_in_herning, volunteer=karen, seen_on=timezone.localdate())
    karen.refresh_from_db()
    assert karen.record_check_seen_on is None


def test_a_coordinator_declines_with_a_reason_the_volunteer_gets_by_e_mail(
    client, karen_in_herning, coordinator_in_herning, django_capture_on_commit_callbacks
):
    karen = awaiting(karen_in_herning)
    log_in_with_second_factor(client, coordinator_in_herning)
    url = staff_url(HERNING, f"frivillige/{karen.pk}/")
    response = client.post(url, {"action": "decline", "decline-reason": ""})
    assert response.context["decline_form"].errors["reason"] == [say(services.ERRORS["no_reason"])]
    response = client.post(url, {"action": "decline", "decline-reason": "cpr 010190-1234"})
    assert response.context["decline_form"].errors["reason"] == [say(text_policy.MESSAGES["cpr"])]
    assert Volunteer.objects.get().status == VolunteerStatus.AWAITING_APPROVAL
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "decline", "decline-reason": "Vi har nok frivillige lige nu."})
    assert Volunteer.objects.get().status == VolunteerStatus.DECLINED
    assert [m.to for m in mail.outbox] == [["karen@example.dk"]]
    assert "Vi har nok frivillige lige nu." in mail.outbox[0].body
    assert AuditEntry.objects.get(action="volunteering.volunteer.declined").details["reason"]


# --- Pause, resume, leave ----------------------------------------------------------------------------------------


@pytest.fixture
def stopped():
    """What a programme app above hears: (volunteer id, reason) per signal."""
    heard = []

    def receiver(sender, volunteer, reason, **kwargs):
        heard.append((volunteer.pk, reason))

    volunteer_stopped.connect(receiver)
    yield heard
    volunteer_stopped.disconnect(receiver)


def test_a_volunteer_takes_a_break_comes_back_and_leaves_and_the_programmes_hear_it(client, karen_in_herning, stopped):
    karen = volunteer(karen_in_herning, snak_sammen())
    client.force_login(karen_in_herning)
    page = page_text(client.get("/frivillig/snak-sammen/pause/"))
    assert "aflyst" in page or "cancelled" in page
    assert client.post("/frivillig/snak-sammen/pause/").status_code == 302
    karen.refresh_from_db()
    assert karen.status == VolunteerStatus.PAUSED and karen.paused_at is not None
    assert stopped == [(karen.pk, "paused")]

    client.post("/frivillig/snak-sammen/pause/")
    karen.refresh_from_db()
    assert karen.status == VolunteerStatus.ACTIVE and karen.paused_at is None
    assert len(stopped) == 1

    page = page_text(client.get("/frivillig/snak-sammen/forlad/"))
    assert "aflyst" in page or "cancelled" in page
    assert client.post("/frivillig/snak-sammen/forlad/").status_code == 302
    karen.refresh_from_db()
    assert karen.status == VolunteerStatus.LEFT and karen.left_at is not None
    assert stopped[-1] == (karen.pk, "left")
    assert set(
        AuditEntry.objects.filter(action__startswith="volunteering.volunteer.").values_list("action", flat=True)
    ) == {
        "volunteering.volunteer.paused",
        "volunteering.volunteer.resumed",
        "volunteering.volunteer.left",
    }
    # Having left, she may join again; the course she passed still counts.
    assert join(karen_in_herning).status in (VolunteerStatus.ONBOARDING, VolunteerStatus.AWAITING_APPROVAL)


def test_the_signal_is_part_of_the_pause_s_transaction_so_a_failing_receiver_undoes_the_pause(karen_in_herning):
    karen = volunteer(karen_in_herning, snak_sammen())

    def refuse(sender, volunteer, reason, **kwargs):
        raise SammenError("Aflysningen mislykkedes")

    volunteer_stopped.connect(refuse)
    try:
        for action in (services.pause, services.leave):
            with pytest.raises(SammenError, match="Aflysningen mislykkedes"):
                action(by=karen_in_herning, volunteer=karen)
    finally:
        volunteer_stopped.disconnect(refuse)
    karen.refresh_from_db()
    assert karen.status == VolunteerStatus.ACTIVE and karen.paused_at is None and karen.left_at is None
    assert not AuditEntry.objects.filter(
        action__in=["volunteering.volunteer.paused", "volunteering.volunteer.left"]
    ).exists()


def test_only_the_volunteer_can_pause_or_leave_and_only_from_the_right_status(
    ole_in_kolding, karen_in_herning, stopped
):
    karen = volunteer(karen_in_herning, snak_sammen())
    for action in (services.pause, services.leave):
        with pytest.raises(SammenError, match=say(services.ERRORS["not_yours"])):
            action(by=ole_in_kolding, volunteer=karen)
    with pytest.raises(SammenError, match=say(services.ERRORS["not_paused"])):
        services.resume(by=karen_in_herning, volunteer=karen)
    onboarding = join(karen_in_herning, sprogven())
    with pytest.raises(SammenError, match=say(services.ERRORS["not_active"])):
        services.pause(by=karen_in_herning, volunteer=onboarding)
    assert stopped == []
    assert Volunteer.objects.get(pk=karen.pk).status == VolunteerStatus.ACTIVE


# --- Who sees which page --------------------------------------------------------------------------------------


def test_the_member_pages_need_a_login_and_do_not_exist_for_someone_who_has_not_joined(client, ole_in_kolding):
    lesson = lessons(snak_sammen())[0]
    member_pages = [
        "/frivillig/snak-sammen/tilmeld/",
        "/frivillig/snak-sammen/kursus/",
        f"/frivillig/snak-sammen/kursus/{lesson.pk}/",
        "/frivillig/snak-sammen/pause/",
        "/frivillig/snak-sammen/forlad/",
        "/frivillig/min-profil/",
    ]
    for url in member_pages:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/konto/login/"), url
    assert client.get("/frivillig/").status_code == 200
    assert client.get("/frivillig/snak-sammen/").status_code == 200
    assert client.get("/frivillig/findes-ikke/").status_code == 404
    client.force_login(ole_in_kolding)
    for url in member_pages[1:5]:
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url


def test_a_lesson_of_another_course_does_not_exist_on_the_programme(client, karen_in_herning):
    join(karen_in_herning)
    other = a_course_with_one_quiz().lessons.get()
    client.force_login(karen_in_herning)
    assert client.get(f"/frivillig/snak-sammen/kursus/{other.pk}/").status_code == 404
    assert client.get("/frivillig/snak-sammen/kursus/99999999999999999999/").status_code == 404


def _staff_pages(karen: Volunteer, programme: Programme) -> list[str]:
    return [
        staff_url(HERNING, "frivillige/"),
        staff_url(HERNING, f"frivillige/{karen.pk}/"),
        staff_url(HERNING, "programmer/"),
        staff_url(HERNING, "programmer/ny/"),
        staff_url(HERNING, f"programmer/{programme.pk}/"),
    ]


def test_the_coordinator_pages_exist_only_for_herning_s_coordinators_with_the_second_factor(
    client, karen_in_herning, coordinator_in_herning, coordinator_in_kolding, moderator_in_herning
):
    karen = awaiting(karen_in_herning)
    programme = ProgrammeFactory(municipality=municipality("Herning"))
    pages = _staff_pages(karen, programme)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/konto/login/"), url
    for person in (karen_in_herning, coordinator_in_kolding, moderator_in_herning):
        log_in_with_second_factor(client, person)
        for url in pages:
            assert client.get(url).status_code == 404, (person, url)
    client.force_login(coordinator_in_herning)  # the password only: sent to the second factor first
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/konto/2fa/"), url
    log_in_with_second_factor(client, coordinator_in_herning)
    for url in pages:
        assert client.get(url).status_code == 200, url
    # Kolding's coordinator does not find Karen under Kolding either.
    log_in_with_second_factor(client, coordinator_in_kolding)
    assert client.get(staff_url(KOLDING, f"frivillige/{karen.pk}/")).status_code == 404
    assert client.get(staff_url(KOLDING, f"programmer/{programme.pk}/")).status_code == 404
    assert "Karen" not in page_text(client.get(staff_url(KOLDING, "frivillige/")))


def test_the_coordinator_list_shows_those_waiting_for_approval_first(karen_in_herning, inge_in_herning):
    taking_course = join(inge_in_herning)
    waiting = awaiting(karen_in_herning)
    active = volunteer(citizen("Herning"), sprogven())
    assert list(queries.coordinator_queue(municipality("Herning"))) == [waiting, taking_course, active]
    assert list(queries.coordinator_queue(municipality("Herning"), status="active")) == [active]


def count_queries(client, url) -> int:
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_coordinator_list_costs_the_same_queries_with_more_volunteers(
    client, coordinator_in_herning, django_assert_num_queries
):
    log_in_with_second_factor(client, coordinator_in_herning)
    url = staff_url(HERNING, "frivillige/")
    for _n in range(2):
        volunteer(citizen("Herning"), snak_sammen(), status=VolunteerStatus.AWAITING_APPROVAL)
    few = count_queries(client, url)
    for _n in range(15):
        volunteer(UserFactory(municipality=municipality("Herning")), sprogven())
    with django_assert_num_queries(few):
        assert client.get(url).status_code == 200


def test_the_course_and_programme_pages_cost_the_same_queries_however_far_the_volunteer_is(client, karen_in_herning):
    join(karen_in_herning)
    client.force_login(karen_in_herning)
    before = count_queries(client, "/frivillig/snak-sammen/kursus/")
    listing = count_queries(client, "/frivillig/")
    pass_course(karen_in_herning)
    assert count_queries(client, "/frivillig/snak-sammen/kursus/") == before
    ProgrammeFactory.create_batch(5)
    assert count_queries(client, "/frivillig/") == listing


# --- Coordinators' programmes ------------------------------------------------------------------------------------


def programme_form(**overrides) -> dict:
    data = {
        "name": "Snak med Herning",
        "kind": "talks",
        "description": "Korte samtaler med frivillige fra Herning.",
        "audience": "Borgere i Herning over 15 år",
        "association": "",
        "course": "",
        "talk_minutes": "20",
        "channels": ["phone"],
        "requires_approval": "on",
        "volunteer_minimum_age": "18",
        "citizen_minimum_age": "15",
        "max_future_bookings": "3",
        "active": "on",
    }
    return data | overrides


def test_herning_s_coordinator_creates_and_changes_a_programme(client, coordinator_in_herning):
    log_in_with_second_factor(client, coordinator_in_herning)
    response = client.post(staff_url(HERNING, "programmer/ny/"), programme_form())
    assert response.status_code == 302
    created = Programme.objects.get(name="Snak med Herning")
    assert created.municipality == municipality("Herning") and created.slug == "snak-med-herning"
    assert (created.talk_minutes, created.channels, created.requires_approval) == (20, ["phone"], True)
    assert "Snak med Herning" in page_text(client.get(staff_url(HERNING, "programmer/")))
    entry = AuditEntry.objects.get(action="volunteering.programme.created")
    assert (entry.actor_id, entry.municipality_id) == (coordinator_in_herning.pk, municipality("Herning").pk)

    response = client.post(
        staff_url(HERNING, f"programmer/{created.pk}/"),
        programme_form(name="Snak i Herning", channels=["video", "phone"]),
    )
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.name == "Snak i Herning" and created.slug == "snak-med-herning"
    assert created.channels == ["video", "phone"]
    entry = AuditEntry.objects.get(action="volunteering.programme.changed")
    assert entry.details == {"fields": ["channels", "name"]}


@pytest.mark.parametrize(
    ("overrides", "field", "key", "params"),
    [
        ({"channels": []}, "channels", "no_channel", {}),
        ({"talk_minutes": "2"}, "talk_minutes", "out_of_range", {"low": 5, "high": 240}),
        ({"volunteer_minimum_age": "12"}, "volunteer_minimum_age", "out_of_range", {"low": 15, "high": 99}),
        ({"citizen_minimum_age": "120"}, "citizen_minimum_age", "out_of_range", {"low": 13, "high": 99}),
        (
            {"requires_approval": "", "requires_record_check": "on"},
            "requires_approval",
            "record_check_without_approval",
            {},
        ),
        ({"description": "cpr 010190-1234"}, "description", None, {}),
    ],
)
def test_a_programme_with_bad_settings_is_refused_with_a_message(
    client, coordinator_in_herning, overrides, field, key, params
):
    log_in_with_second_factor(client, coordinator_in_herning)
    before = Programme.objects.count()
    response = client.post(staff_url(HERNING, "programmer/ny/"), programme_form(**overrides))
    assert response.status_code == 200
    message = say(services.ERRORS[key], **params) if key else say(text_policy.MESSAGES["cpr"])
    assert response.context["form"].errors[field] == [message]
    assert Programme.objects.count() == before


def test_the_service_refuses_channels_outside_the_list(coordinator_in_herning):
    with pytest.raises(SammenError, match=say(services.ERRORS["bad_channel"])):
        services.create_programme(
            by=coordinator_in_herning,
            municipality=municipality("Herning"),
            name="Snak",
            description="Samtaler",
            audience="Alle",
            channels=[TalkChannel.VIDEO, "carrier-pigeon"],
        )
    assert not Programme.objects.filter(name="Snak").exists()


def test_coordinators_manage_only_their_own_programmes_and_national_ones_only_a_platform_administrator(
    coordinator_in_herning, coordinator_in_kolding, platform_administrator
):
    herning_programme = ProgrammeFactory(municipality=municipality("Herning"))
    with pytest.raises(SammenError, match="Herning"):
        services.update_programme(by=coordinator_in_kolding, programme=herning_programme, name="Kolding snakker")
    with pytest.raises(SammenError, match=say(services.ERRORS["national"])):
        services.update_programme(by=coordinator_in_herning, programme=snak_sammen(), talk_minutes=20)
    with pytest.raises(SammenError, match=say(services.ERRORS["national"])):
        services.create_programme(by=coordinator_in_herning, municipality=None, name="X", description="Y", audience="Z")
    with pytest.raises(SammenError):
        services.create_programme(
            by=coordinator_in_kolding, municipality=municipality("Herning"), name="X", description="Y", audience="Z"
        )
    assert Programme.objects.get(pk=herning_programme.pk).name == herning_programme.name
    assert snak_sammen().talk_minutes == 15
    services.update_programme(by=platform_administrator, programme=snak_sammen(), talk_minutes=20)
    assert snak_sammen().talk_minutes == 20


def test_an_association_of_another_municipality_cannot_run_the_programme(coordinator_in_herning):
    elsewhere = AssociationFactory(municipality=municipality("Kolding"))
    with pytest.raises(SammenError, match="Herning"):
        services.create_programme(
            by=coordinator_in_herning,
            municipality=municipality("Herning"),
            name="Snak",
            description="Samtaler",
            audience="Alle",
            association=elsewhere,
        )
    local = AssociationFactory(municipality=municipality("Herning"))
    created = services.create_programme(
        by=coordinator_in_herning,
        municipality=municipality("Herning"),
        name="Snak",
        description="Samtaler",
        audience="Alle",
        association=local,
    )
    assert created.association == local and created.municipality is None
    assert list(queries.programmes_run_by(municipality("Herning"))) == [created]
