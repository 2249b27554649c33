"""The staff area: municipal staff manage their own municipality; platform administrators extract the log."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sammen.access.permissions import (
    Permission,
    has_permission,
    is_platform_admin,
    municipalities_with_permission,
    require_permission,
)
from sammen.accounts.models import User
from sammen.audit import services as audit
from sammen.core.errors import SammenError
from sammen.core.forms import add_service_error
from sammen.municipalities import queries as municipality_queries
from sammen.municipalities.models import StaffMembership
from sammen.staff import services as staff_services
from sammen.staff.forms import AuditExportForm, CitizenSearchForm, MunicipalityDetailsForm, ParticipationForm, UnitForm

CITIZEN_PAGE_SIZE = 50


@login_required
def dashboard(request):
    user = request.user
    if not (is_platform_admin(user) or municipalities_with_permission(user, Permission.OPEN_STAFF_AREA).exists()):
        raise Http404
    memberships = StaffMembership.objects.filter(user=request.user).select_related("municipality")
    by_municipality: dict = {}
    for membership in memberships:
        by_municipality.setdefault(membership.municipality, []).append(membership.get_role_display())
    rows = [
        {
            "municipality": municipality,
            "roles": roles,
            "can_edit": has_permission(request.user, Permission.EDIT_MUNICIPALITY, municipality),
            "can_view_citizens": has_permission(request.user, Permission.VIEW_CITIZEN_DATA, municipality),
            "can_moderate": has_permission(request.user, Permission.MODERATE, municipality),
            "can_manage_community": has_permission(request.user, Permission.MANAGE_COMMUNITY, municipality),
            "can_manage_volunteers": has_permission(request.user, Permission.MANAGE_VOLUNTEERS, municipality),
            "can_enrol_citizens": has_permission(request.user, Permission.ENROL_CITIZENS, municipality),
            "can_refer": has_permission(request.user, Permission.REFER_CITIZENS, municipality),
            "can_view_statistics": has_permission(request.user, Permission.VIEW_STATISTICS, municipality),
            "can_guide_jobseekers": has_permission(request.user, Permission.GUIDE_JOBSEEKERS, municipality),
        }
        for municipality, roles in by_municipality.items()
    ]
    return render(request, "staff/dashboard.html", {"rows": rows, "is_platform_admin": is_platform_admin(request.user)})


@require_permission(Permission.EDIT_MUNICIPALITY)
def municipality_details(request, municipality):
    form = MunicipalityDetailsForm(request.POST or None, instance=municipality)
    if request.method == "POST" and form.is_valid():
        changes = {field: form.cleaned_data[field] for field in form.Meta.fields}
        try:
            staff_services.update_details(municipality=municipality, by=request.user, changes=changes)
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The municipality's details have been saved."))
            return redirect("staff:municipality", code=municipality.code)
    periods = municipality.participation_periods.order_by("-starts_on")
    return render(
        request,
        "staff/municipality.html",
        {
            "municipality": municipality,
            "form": form,
            "periods": periods,
            "participating": municipality.participates_on(),
            "participation_form": ParticipationForm(),
        },
    )


@require_POST
@require_permission(Permission.EDIT_MUNICIPALITY)
def participation(request, municipality):
    form = ParticipationForm(request.POST)
    if form.is_valid():
        action = staff_services.end_participation if request.POST.get("action") == "end" else None
        try:
            if action:
                action(municipality=municipality, by=request.user, ends_on=form.cleaned_data["day"])
            else:
                staff_services.start_participation(
                    municipality=municipality, by=request.user, starts_on=form.cleaned_data["day"]
                )
        except SammenError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Participation has been updated."))
    else:
        messages.error(request, _("Choose a valid date."))
    return redirect("staff:municipality", code=municipality.code)


@require_permission(Permission.VIEW_CITIZEN_DATA)
def citizens(request, municipality):
    form = CitizenSearchForm(request.GET or None)
    residents = User.objects.filter(municipality=municipality).only("display_name", "postal_code", "municipality")
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    if query:
        residents = residents.filter(Q(display_name__icontains=query) | Q(email__iexact=query))
    residents = residents.order_by("display_name", "pk")[:CITIZEN_PAGE_SIZE]
    return render(
        request,
        "staff/citizens.html",
        {"municipality": municipality, "form": form, "residents": residents, "query": query},
    )


@require_permission(Permission.VIEW_CITIZEN_DATA)
def citizen_detail(request, municipality, user_id: int):
    citizen = get_object_or_404(
        User.objects.select_related("municipality").prefetch_related("interests"), pk=user_id, municipality=municipality
    )
    audit.record_personal_data_read(
        viewer=request.user, data_subject=citizen, what="staff.citizen.profile", municipality=municipality
    )
    return render(request, "staff/citizen.html", {"municipality": municipality, "citizen": citizen})


@login_required
def audit_export(request):
    if not is_platform_admin(request.user):
        raise Http404
    form = AuditExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if person is None:
            form.add_error("email", _("No account has this e-mail address."))
        else:
            rows = audit.export_rows(audit.entries_about_person(person.pk))
            audit.record(action="audit.extract.made", actor=request.user, data_subject=person, obj=person)
            response = HttpResponse(
                json.dumps(rows, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="sammen-log-{person.pk}.json"'
            return response
    return render(request, "staff/audit_export.html", {"form": form})


@require_permission(Permission.MANAGE_COMMUNITY)
def units(request, municipality):
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = staff_services.create_unit(municipality=municipality, by=request.user, fields=form.cleaned_data)
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The unit %(name)s is created.") % {"name": unit.name})
            return redirect("staff:units", code=municipality.code)
    context = {"municipality": municipality, "units": municipality_queries.units_of(municipality), "form": form}
    return render(request, "staff/units.html", context)


@require_permission(Permission.MANAGE_COMMUNITY)
def unit_edit(request, municipality, pk: int):
    unit = municipality_queries.unit_of(municipality, pk)
    form = UnitForm(request.POST or None, instance=municipality_queries.unit_of(municipality, pk))
    if request.method == "POST" and form.is_valid():
        try:
            staff_services.update_unit(unit=unit, by=request.user, fields=form.cleaned_data)
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The unit is saved."))
            return redirect("staff:units", code=municipality.code)
    return render(
        request, "staff/unit_form.html", {"municipality": municipality, "unit": unit, "form": form}
    )


@require_POST
@require_permission(Permission.MANAGE_COMMUNITY)
def unit_active(request, municipality, pk: int):
    unit = municipality_queries.unit_of(municipality, pk)
    active = request.POST.get("active") == "1"
    try:
        staff_services.set_unit_active(unit=unit, by=request.user, active=active)
    except SammenError as error:
        messages.error(request, str(error))
    else:
        if active:
            messages.success(request, _("The unit %(name)s is active again.") % {"name": unit.name})
        else:
            messages.success(request, _("The unit %(name)s is deactivated.") % {"name": unit.name})
    return redirect("staff:units", code=municipality.code)
