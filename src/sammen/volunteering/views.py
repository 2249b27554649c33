"""The volunteer's pages: the programmes ("Bliv frivillig"), a programme, joining it, the course with its lessons
and quizzes, a break, leaving, and the volunteer profile."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sammen.core.errors import SammenError
from sammen.core.forms import add_service_error
from sammen.volunteering import queries, services
from sammen.volunteering.forms import JoinForm, ProfileForm, QuizForm
from sammen.volunteering.models import AGREEMENT_VERSION, Volunteer, VolunteerStatus


def _member(request, slug: str, *, statuses=None) -> Volunteer:
    """The person's live membership of the programme (in one of ``statuses``), or "not found"."""
    programme = queries.programme_by_slug(slug)
    volunteer = queries.live_volunteership(request.user, programme)
    if volunteer is None or (statuses is not None and volunteer.status not in statuses):
        raise Http404
    return volunteer


LEARNING = (
    VolunteerStatus.ONBOARDING,
    VolunteerStatus.AWAITING_APPROVAL,
    VolunteerStatus.ACTIVE,
    VolunteerStatus.PAUSED,
)


def programmes(request):
    mine = {v.programme_id: v for v in queries.volunteerships_of(request.user) if v.status != VolunteerStatus.LEFT}
    rows = [(programme, mine.get(programme.pk)) for programme in queries.open_programmes()]
    return render(request, "volunteering/programmes.html", {"rows": rows})


def programme(request, slug: str):
    programme = queries.programme_by_slug(slug)
    volunteer = queries.live_volunteership(request.user, programme)
    if not programme.active and volunteer is None:
        raise Http404
    progress = None
    if volunteer is not None and programme.course_id and volunteer.status == VolunteerStatus.ONBOARDING:
        progress = queries.course_progress(request.user, programme.course)
    context = {
        "programme": programme,
        "volunteer": volunteer,
        "progress": progress,
    }
    return render(request, "volunteering/programme.html", context)


@login_required
def join(request, slug: str):
    programme = queries.programme_by_slug(slug)
    if queries.live_volunteership(request.user, programme) is not None:
        messages.info(request, _("You are already a volunteer for this programme."))
        return redirect("volunteering:programme", slug=slug)
    if not programme.active:
        raise Http404
    initial = JoinForm.initial_from(queries.profile_of(request.user))
    form = JoinForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            volunteer = services.join(
                user=request.user,
                programme=programme,
                accept_agreement=form.cleaned_data["accept_agreement"],
                **form.profile(),
            )
        except SammenError as error:
            add_service_error(form, error)
        else:
            if volunteer.status == VolunteerStatus.ONBOARDING:
                messages.success(request, _("Welcome! Start with the course – you can stop and come back at any time."))
                return redirect("volunteering:course", slug=slug)
            messages.success(request, _("Welcome! You have joined the programme."))
            return redirect("volunteering:programme", slug=slug)
    context = {"programme": programme, "form": form, "agreement_version": AGREEMENT_VERSION}
    return render(request, "volunteering/join.html", context)


def _learner(request, slug: str) -> Volunteer:
    volunteer = _member(request, slug, statuses=LEARNING)
    if volunteer.programme.course_id is None:
        raise Http404
    return volunteer


@login_required
def course(request, slug: str):
    volunteer = _learner(request, slug)
    progress = queries.course_progress(request.user, volunteer.programme.course)
    return render(request, "volunteering/course.html", {"volunteer": volunteer, "progress": progress})


@login_required
def lesson(request, slug: str, lesson: int):
    volunteer = _learner(request, slug)
    course = volunteer.programme.course
    the_lesson = queries.lesson_for_quiz(course, lesson)
    progress = queries.course_progress(request.user, course)
    step = progress.step_for(the_lesson)
    if not step.available:
        messages.error(request, services.ERRORS["earlier_lesson"] % {"title": progress.next_lesson.title})
        return redirect("volunteering:course", slug=slug)
    form = QuizForm(request.POST or None, lesson=the_lesson)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.answer_quiz(user=request.user, lesson=the_lesson, answers=form.answers())
        except SammenError as error:
            add_service_error(form, error)
        else:
            progress = queries.course_progress(request.user, course)
            form = QuizForm(lesson=the_lesson)
    volunteer.refresh_from_db(fields=["status"])
    context = {
        "volunteer": volunteer,
        "programme": volunteer.programme,
        "lesson": the_lesson,
        "form": form,
        "result": result,
        "progress": progress,
        "step": progress.step_for(the_lesson),
        "next_lesson": progress.next_lesson,
        "number": [s.lesson.pk for s in progress.steps].index(the_lesson.pk) + 1,
    }
    return render(request, "volunteering/lesson.html", context)


@login_required
def pause(request, slug: str):
    """Take a break (active volunteers) or come back from one (paused volunteers): a confirmation, then the post."""
    volunteer = _member(request, slug, statuses=(VolunteerStatus.ACTIVE, VolunteerStatus.PAUSED))
    if request.method == "POST":
        try:
            if volunteer.status == VolunteerStatus.ACTIVE:
                services.pause(by=request.user, volunteer=volunteer)
                messages.success(request, _("You are on a break. Come back whenever you like."))
            else:
                services.resume(by=request.user, volunteer=volunteer)
                messages.success(request, _("Welcome back! You can offer your time again."))
        except SammenError as error:
            messages.error(request, str(error))
        return redirect("volunteering:programme", slug=slug)
    return render(request, "volunteering/pause.html", {"volunteer": volunteer, "programme": volunteer.programme})


@login_required
def leave(request, slug: str):
    volunteer = _member(request, slug, statuses=LEARNING)
    if request.method == "POST":
        try:
            services.leave(by=request.user, volunteer=volunteer)
        except SammenError as error:
            messages.error(request, str(error))
            return redirect("volunteering:programme", slug=slug)
        messages.success(
            request, _("You have left “%(name)s”. Thank you for your help.") % {"name": volunteer.programme.name}
        )
        return redirect("volunteering:profile")
    return render(request, "volunteering/leave.html", {"volunteer": volunteer, "programme": volunteer.programme})


@login_required
def profile(request):
    current = queries.profile_of(request.user)
    volunteerships = queries.volunteerships_of(request.user)
    form = None
    if current is not None:
        form = ProfileForm(request.POST or None, initial=ProfileForm.initial_from(current))
        if request.method == "POST" and form.is_valid():
            try:
                services.update_profile(user=request.user, **form.profile())
            except SammenError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Your volunteer profile is saved."))
                return redirect("volunteering:profile")
    elif request.method == "POST":
        raise Http404
    context = {
        "profile": current,
        "form": form,
        "volunteerships": volunteerships,
    }
    return render(request, "volunteering/profile.html", context)
