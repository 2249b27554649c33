"""The coordinators' pages: the volunteers the municipality looks after (approve, decline, the criminal-record
check) and the municipality's own programmes. Without MANAGE_VOLUNTEERS in the municipality they do not exist."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sammen.access.permissions import Permission, require_permission
from sammen.audit import services as audit
from sammen.core.errors import SammenError
from sammen.core.forms import add_service_error
from sammen.core.paging import page_without_count
from sammen.volunteering import queries, services
from sammen.volunteering.forms import DeclineForm, ProgrammeForm, RecordCheckForm, VolunteerFilterForm
from sammen.volunteering.services import PROGRAMME_DEFAULTS, PROGRAMME_FIELDS

PAGE_SIZE = 25


@require_permission(Permission.MANAGE_VOLUNTEERS)
def volunteers(request, municipality):
    form = VolunteerFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page = page_without_count(
        queries.coordinator_queue(municipality, status=status), request.GET.get("side"), size=PAGE_SIZE
    )
    return render(
        request, "volunteering/staff/volunteers.html", {"municipality": municipality, "form": form, "page": page}
    )


@require_permission(Permission.MANAGE_VOLUNTEERS)
def volunteer(request, municipality, pk: int):
    volunteer = queries.volunteer_for_coordinator(municipality, pk)
    decline_form = DeclineForm(prefix="decline")
    record_form = RecordCheckForm(prefix="record")
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "approve":
                services.approve(by=request.user, volunteer=volunteer)
                messages.success(request, _("The volunteer is approved and has been told by e-mail."))
                return redirect("volunteering:staff_volunteer", code=municipality.code, pk=pk)
            if action == "decline":
                decline_form = DeclineForm(request.POST, prefix="decline")
                if decline_form.is_valid():
                    services.decline(by=request.user, volunteer=volunteer, reason=decline_form.cleaned_data["reason"])
                    messages.success(request, _("The volunteer is declined and has been told why by e-mail."))
                    return redirect("volunteering:staff_volunteer", code=municipality.code, pk=pk)
            if action == "record_check":
                record_form = RecordCheckForm(request.POST, prefix="record")
                if record_form.is_valid():
                    services.record_check_seen(
                        by=request.user, volunteer=volunteer, seen_on=record_form.cleaned_data["seen_on"]
                    )
                    messages.success(request, _("The date of the criminal-record check is saved."))
                    return redirect("volunteering:staff_volunteer", code=municipality.code, pk=pk)
        except SammenError as error:
            form = {"decline": decline_form, "record_check": record_form}.get(action)
            if form is not None and getattr(error, "field", None) in form.fields:
                add_service_error(form, error)
            else:
                messages.error(request, str(error))
    # A coordinator reading a volunteer's profile and course status reads a citizen's personal data.
    audit.record_personal_data_read(
        viewer=request.user,
        data_subject=volunteer.user,
        what="volunteer profile",
        obj=volunteer,
        municipality=municipality,
    )
    profile = getattr(volunteer.user, "volunteer_profile", None)
    course = volunteer.programme.course
    context = {
        "municipality": municipality,
        "volunteer": volunteer,
        "person": volunteer.user,
        "profile": profile,
        "progress": queries.course_progress(volunteer.user, course) if course else None,
        "decline_form": decline_form,
        "record_form": record_form,
    }
    return render(request, "volunteering/staff/volunteer.html", context)


@require_permission(Permission.MANAGE_VOLUNTEERS)
def programmes(request, municipality):
    context = {"municipality": municipality, "programmes": queries.programmes_run_by(municipality)}
    return render(request, "volunteering/staff/programmes.html", context)


@require_permission(Permission.MANAGE_VOLUNTEERS)
def programme_create(request, municipality):
    form = ProgrammeForm(request.POST or None, municipality=municipality, initial=PROGRAMME_DEFAULTS)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_programme(by=request.user, municipality=municipality, **form.programme_fields())
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The programme is created."))
            return redirect("volunteering:staff_programmes", code=municipality.code)
    return render(request, "volunteering/staff/programme_form.html", {"municipality": municipality, "form": form})


@require_permission(Permission.MANAGE_VOLUNTEERS)
def programme_edit(request, municipality, pk: int):
    programme = queries.programme_for_coordinator(municipality, pk)
    initial = {name: getattr(programme, name) for name in PROGRAMME_FIELDS}
    form = ProgrammeForm(request.POST or None, municipality=municipality, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_programme(by=request.user, programme=programme, **form.programme_fields())
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The programme is saved."))
            return redirect("volunteering:staff_programmes", code=municipality.code)
    context = {"municipality": municipality, "form": form, "programme": programme}
    return render(request, "volunteering/staff/programme_form.html", context)
