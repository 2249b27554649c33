"""Volunteering: programmes with a short course, volunteer profiles, and volunteers at each stage."""

import factory
from django.utils import timezone

from sammen.volunteering.models import (
    AGREEMENT_VERSION,
    Choice,
    Course,
    Lesson,
    Programme,
    ProgrammeKind,
    Question,
    TalkChannel,
    Volunteer,
    VolunteerProfile,
    VolunteerStatus,
)
from tests.factories.people import UserFactory


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    title = "Sådan er du en god samtaleven"
    introduction = "Et kort kursus om at lytte, tavshedspligt og hvad du gør, hvis du er bekymret."


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    course = factory.SubFactory(CourseFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = "At lytte"
    body = "En god samtale handler mest om at lytte. Spørg ind, og lad den anden tale færdig."
    pass_mark = 100


def a_course_with_one_quiz() -> Course:
    """One lesson with one question: "Hvad gør du, hvis du er bekymret for en borger?" – two right answers of three."""
    course = CourseFactory()
    lesson = LessonFactory(course=course, position=1)
    question = Question.objects.create(
        lesson=lesson,
        position=1,
        text="Hvad gør du, hvis du er bekymret for en borger?",
        explanation="Sig det til moderatorerne, og henvis til Livslinien ved selvmordstanker.",
    )
    Choice.objects.create(question=question, position=1, text="Jeg kontakter moderatorerne", correct=True)
    Choice.objects.create(question=question, position=2, text="Jeg henviser til Livslinien", correct=True)
    Choice.objects.create(question=question, position=3, text="Jeg holder det for mig selv", correct=False)
    return course


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """ "Snak sammen", national, 15-minute talks by video or phone, volunteers approved by staff."""

    class Meta:
        model = Programme
        django_get_or_create = ("slug",)

    kind = ProgrammeKind.TALKS
    name = "Snak sammen"
    slug = factory.Sequence(lambda n: f"snak-sammen-{n}")
    description = "Korte samtaler med en frivillig, når du har lyst til at snakke med nogen."
    audience = "Alle over 15 år, der har lyst til en snak"
    course = factory.LazyFunction(a_course_with_one_quiz)
    talk_minutes = 15
    channels = [TalkChannel.VIDEO, TalkChannel.PHONE]
    requires_approval = True


def language_programme(**fields) -> Programme:
    """ "Sprogven": practise Danish with a volunteer; citizens choose a language the volunteer also speaks."""
    return ProgrammeFactory(
        name="Sprogven",
        description="Øv dansk i en samtale med en frivillig.",
        audience="Dig, der lærer dansk",
        language_filter=True,
        talk_minutes=30,
        **fields,
    )


class VolunteerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerProfile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    motivation = "Jeg kan godt lide at snakke med folk."
    presentation = "Pensioneret lærer fra Vejle, glad for haven og lange gåture."
    topics = "Haven, bøger, fodbold"
    languages = [{"code": "da", "level": "native"}, {"code": "en", "level": "fluent"}]


def volunteer(user=None, programme=None, *, status=VolunteerStatus.ACTIVE, **fields) -> Volunteer:
    """A volunteer in ``programme`` (a new "Snak sammen" if none) with a profile; active unless told otherwise:
    agreement accepted, course passed and approved."""
    user = user or UserFactory()
    programme = programme or ProgrammeFactory()
    VolunteerProfileFactory(user=user)
    now = timezone.now()
    active_or_later = status in (VolunteerStatus.ACTIVE, VolunteerStatus.PAUSED)
    defaults = {
        "agreement_version": AGREEMENT_VERSION,
        "agreement_accepted_at": now,
        "course_passed_at": now if status != VolunteerStatus.ONBOARDING else None,
        "approved_at": now if active_or_later else None,
        "paused_at": now if status == VolunteerStatus.PAUSED else None,
    }
    return Volunteer.objects.create(user=user, programme=programme, status=status, **{**defaults, **fields})
