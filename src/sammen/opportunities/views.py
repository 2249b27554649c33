"""The job consultants' pages under /personale/kommune/<code>/muligheder/ (404 without GUIDE_JOBSEEKERS in that
municipality), and the page where an association's representative posts volunteering. Every staff page that
shows a citizen's course writes an access-log row."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sammen.access.permissions import Permission, require_permission
from sammen.associations import queries as association_queries
from sammen.audit import services as audit
from sammen.core.errors import SammenError
from sammen.core.forms import add_service_error
from sammen.core.ids import parse_id
from sammen.opportunities import queries, services
from sammen.opportunities.forms import (
    CourseEditForm,
    CourseForm,
    FollowUpForm,
    NeedForm,
    OpportunityForm,
    OutcomeForm,
    RecordFollowUpForm,
)
from sammen.opportunities.models import Opportunity

WHAT = "opportunities course"


def _read(request, municipality, courses, what: str = WHAT) -> None:
    """Staff saw these citizens' courses: one access-log row each (one query for a list)."""
    if len(courses) == 1:
        audit.record_personal_data_read(
            viewer=request.user,
            data_subject=courses[0].citizen_id,
            what=what,
            obj=courses[0],
            municipality=municipality,
        )
        return
    audit.record_personal_data_reads(
        viewer=request.user,
        reads=[(course.citizen_id, course) for course in courses],
        what=what,
        municipality=municipality,
    )


@require_permission(Permission.GUIDE_JOBSEEKERS)
def overview(request, municipality):
    courses = list(queries.my_courses(municipality, request.user))
    follow_ups = list(queries.follow_ups_due(municipality, request.user))
    _read(request, municipality, courses + [f.course for f in follow_ups if f.course not in courses])
    context = {
        "municipality": municipality,
        "courses": courses,
        "follow_ups": follow_ups,
        "opportunities": queries.open_opportunities(municipality),
        "figures": queries.figures(municipality),
    }
    return render(request, "opportunities/overview.html", context)


@require_permission(Permission.GUIDE_JOBSEEKERS)
def course_create(request, municipality):
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.open_course(by=request.user, municipality=municipality, **form.cleaned_data)
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The course is opened. Add the citizen's accommodation needs."))
            return redirect("opportunities:course", code=municipality.code, pk=course.pk)
    return render(request, "opportunities/course_form.html", {"municipality": municipality, "form": form})


@require_permission(Permission.GUIDE_JOBSEEKERS)
def course_edit(request, municipality, pk: int):
    course = queries.course_for_consultant(municipality, pk)
    initial = {
        name: getattr(course, name) for name in ("name", "phone", "email", "postal_code", "abilities", "potentials")
    }
    initial["interests"] = list(course.interests.all())
    form = CourseEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_course(by=request.user, course=course, **form.cleaned_data)
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The course is saved."))
            return redirect("opportunities:course", code=municipality.code, pk=course.pk)
    _read(request, municipality, [course])
    context = {"municipality": municipality, "form": form, "course": course}
    return render(request, "opportunities/course_form.html", context)


def _course_action(request, course, action, forms):
    """Carry out one posted action of the course page; True when it succeeded."""
    by = request.user
    if action == "add_need":
        form = forms["need"] = NeedForm(request.POST, prefix="need")
        if form.is_valid():
            services.add_need(by=by, course=course, **form.cleaned_data)
            messages.success(request, _("The accommodation need is added."))
            return True
    elif action == "remove_need":
        need = course.needs.filter(pk=parse_id(request.POST.get("need")) or 0).first()
        if need is None:
            raise Http404
        services.remove_need(by=by, need=need, course=course)
        messages.success(request, _("The accommodation need is removed."))
        return True
    elif action == "propose":
        found = services.propose_opportunities(by=by, course=course)
        messages.success(
            request,
            ngettext(
                "The matching found %(count)s opportunity.", "The matching found %(count)s opportunities.", len(found)
            )
            % {"count": len(found)},
        )
        return True
    elif action in ("choose", "reject"):
        opportunity = get_object_or_404(
            Opportunity, municipality=course.municipality, pk=parse_id(request.POST.get("opportunity")) or 0
        )
        if action == "choose":
            services.choose_opportunity(by=by, course=course, opportunity=opportunity)
            messages.success(request, _("“%(title)s” is chosen for the citizen.") % {"title": opportunity.title})
        else:
            proposal = get_object_or_404(course.proposals, opportunity=opportunity)
            services.reject_proposal(by=by, proposal=proposal)
            messages.success(request, _("The proposal is rejected."))
        return True
    elif action == "plan":
        form = forms["plan"] = FollowUpForm(request.POST, prefix="plan")
        if form.is_valid():
            services.plan_follow_up(by=by, course=course, **form.cleaned_data)
            messages.success(request, _("The check-in is added to the plan."))
            return True
    elif action == "record":
        pending = [f for f in course.follow_ups.all() if f.done_at is None]
        form = forms["record"] = RecordFollowUpForm(request.POST, prefix="record", follow_ups=pending)
        if form.is_valid():
            fields = dict(form.cleaned_data)
            follow_up = next(f for f in pending if f.pk == fields.pop("follow_up"))
            services.record_follow_up(by=by, follow_up=follow_up, **fields)
            messages.success(request, _("The check-in is recorded."))
            return True
    elif action == "outcome":
        form = forms["outcome"] = OutcomeForm(request.POST, prefix="outcome")
        if form.is_valid():
            services.record_outcome(by=by, course=course, **form.cleaned_data)
            messages.success(request, _("The new status is recorded."))
            return True
    return False


@require_permission(Permission.GUIDE_JOBSEEKERS)
def course(request, municipality, pk: int):
    course = queries.course_for_consultant(municipality, pk)
    forms = {
        "need": NeedForm(prefix="need"),
        "plan": FollowUpForm(prefix="plan"),
        "outcome": OutcomeForm(prefix="outcome"),
    }
    pending = [f for f in course.follow_ups.all() if f.done_at is None]
    forms["record"] = RecordFollowUpForm(prefix="record", follow_ups=pending)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if _course_action(request, course, action, forms):
                return redirect("opportunities:course", code=municipality.code, pk=course.pk)
        except SammenError as error:
            form = forms.get({"add_need": "need", "plan": "plan", "record": "record", "outcome": "outcome"}.get(action))
            if form is not None and form.is_bound and getattr(error, "field", None) in form.fields:
                add_service_error(form, error)
            else:
                messages.error(request, str(error))
        course = queries.course_for_consultant(municipality, pk)
    _read(request, municipality, [course])
    pending = [f for f in course.follow_ups.all() if f.done_at is None]
    proposals = [(p, queries.reasons_in_words(p.reasons)) for p in course.proposals.all()]
    context = {
        "municipality": municipality,
        "course": course,
        "proposals": proposals,
        "other_needs": [need for need in course.needs.all() if need.kind == "other"],
        "pending": pending,
        **forms,
    }
    return render(request, "opportunities/course.html", context)


@require_permission(Permission.GUIDE_JOBSEEKERS)
def opportunity_create(request, municipality):
    form = OpportunityForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = services.post_opportunity(
                by=request.user, municipality=municipality, **form.opportunity_fields()
            )
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The opportunity is posted."))
            return redirect("opportunities:opportunity", code=municipality.code, pk=opportunity.pk)
    context = {"municipality": municipality, "form": form}
    return render(request, "opportunities/opportunity_form.html", context)


@require_permission(Permission.GUIDE_JOBSEEKERS)
def opportunity(request, municipality, pk: int):
    opportunity = queries.opportunity_for_consultant(municipality, pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "propose":
                found = services.propose_citizens(by=request.user, opportunity=opportunity)
                messages.success(
                    request,
                    ngettext(
                        "The matching found %(count)s citizen.", "The matching found %(count)s citizens.", len(found)
                    )
                    % {"count": len(found)},
                )
            elif action == "close":
                services.close_opportunity(by=request.user, opportunity=opportunity)
                messages.success(request, _("The opportunity is closed."))
            elif action == "choose":
                course = queries.course_for_consultant(municipality, parse_id(request.POST.get("course")) or 0)
                services.choose_opportunity(by=request.user, course=course, opportunity=opportunity)
                messages.success(request, _("The opportunity is chosen for %(name)s.") % {"name": course.display_name})
        except SammenError as error:
            messages.error(request, str(error))
        else:
            return redirect("opportunities:opportunity", code=municipality.code, pk=pk)
        opportunity = queries.opportunity_for_consultant(municipality, pk)
    proposals = [(p, queries.reasons_in_words(p.reasons)) for p in opportunity.proposals.all()]
    _read(request, municipality, [p.course for p, _reasons in proposals])
    context = {"municipality": municipality, "opportunity": opportunity, "proposals": proposals}
    return render(request, "opportunities/opportunity.html", context)


@login_required
def volunteering_create(request):
    """An association's representative posts volunteering that job consultants may propose to citizens."""
    if not association_queries.represented_by(request.user).exists():
        raise Http404
    form = OpportunityForm(request.POST or None, representative=request.user)
    if request.method == "POST" and form.is_valid():
        fields = form.opportunity_fields()
        association = fields["association"]
        try:
            services.post_opportunity(
                by=request.user, municipality=association.municipality, kind="volunteering", **fields
            )
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("The volunteering is posted. The municipality's job consultants can now propose it.")
            )
            return redirect("opportunities:volunteering_create")
    return render(request, "opportunities/opportunity_form.html", {"form": form, "representative": True})
