"""The one place that says who may do what, object by object: a role counts only in its own municipality.

Views, services and templates ask ``has_permission(user, Permission.X, municipality)``; nothing else looks at
roles directly. A platform administrator (``is_superuser``) may do everything everywhere.

Every staff power needs a session that passed the second factor: the middleware records on the signed-in person
whether their session did (``record_second_factor``), and a person marked as not having passed holds no power here,
whatever their roles. Outside a web request (management commands, Celery tasks) nobody is marked: powers there come
from the operator's access to the server.
"""

from enum import StrEnum
from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404

from sammen.core.errors import SammenError
from sammen.municipalities.models import Municipality, StaffMembership, StaffRole


class Permission(StrEnum):
    """Each permission is checked where it names; one is added with the feature that needs it (referring citizens
    comes with referrals, viewing statistics with the status report), never before."""

    OPEN_STAFF_AREA = "open_staff_area"  # the staff dashboard lists the municipality
    EDIT_MUNICIPALITY = "edit_municipality"  # details and participation
    MANAGE_STAFF = "manage_staff"  # grant and revoke the municipality's staff roles (access.services)
    # Verify associations, manage municipal units and act for them, review and take down offers.
    MANAGE_COMMUNITY = "manage_community"
    MODERATE = "moderate"
    VIEW_CITIZEN_DATA = "view_citizen_data"
    # Run the municipality's volunteer programmes: approve volunteers, record criminal-record checks, see figures.
    MANAGE_VOLUNTEERS = "manage_volunteers"
    # Enrol a citizen in a programme on their behalf, with their consent on paper (visiting friends).
    ENROL_CITIZENS = "enrol_citizens"
    # Refer citizens to receivers and follow the referrals (health and social data, GDPR Art. 9); manage the
    # municipality's receivers and their contacts. Only the referrer role has it: a coordinator who refers is given
    # that role as well, so that nobody sees referrals just because they run the community.
    REFER_CITIZENS = "refer_citizens"
    # Work with citizens outside the labour market: their course, accommodation needs (skånehensyn) and the
    # opportunities (internships, jobs with wage subsidy, volunteering) proposed to them. Only the job consultant.
    GUIDE_JOBSEEKERS = "guide_jobseekers"
    # Open the municipality's status report (totals only, small numbers hidden) and compare it with the others'.
    VIEW_STATISTICS = "view_statistics"


ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    StaffRole.COORDINATOR: frozenset(
        {
            Permission.OPEN_STAFF_AREA,
            Permission.VIEW_CITIZEN_DATA,
            Permission.MANAGE_COMMUNITY,
            Permission.MANAGE_VOLUNTEERS,
            Permission.ENROL_CITIZENS,
            Permission.VIEW_STATISTICS,
        }
    ),
    StaffRole.OUTREACH: frozenset({Permission.OPEN_STAFF_AREA, Permission.ENROL_CITIZENS}),
    StaffRole.REFERRER: frozenset({Permission.OPEN_STAFF_AREA, Permission.REFER_CITIZENS}),
    StaffRole.JOB_CONSULTANT: frozenset({Permission.OPEN_STAFF_AREA, Permission.GUIDE_JOBSEEKERS}),
    StaffRole.MODERATOR: frozenset({Permission.OPEN_STAFF_AREA, Permission.MODERATE, Permission.VIEW_CITIZEN_DATA}),
    StaffRole.ANALYST: frozenset({Permission.OPEN_STAFF_AREA, Permission.VIEW_STATISTICS}),
    StaffRole.ADMINISTRATOR: frozenset(
        {
            Permission.OPEN_STAFF_AREA,
            Permission.EDIT_MUNICIPALITY,
            Permission.MANAGE_STAFF,
            Permission.MANAGE_COMMUNITY,
            Permission.VIEW_STATISTICS,
        }
    ),
}


_SECOND_FACTOR = "_sammen_second_factor_passed"


def record_second_factor(user, *, passed: bool) -> None:
    # Straight into __dict__: ``request.user`` is a lazy proxy, and the mark belongs on the person it wraps.
    user.__dict__[_SECOND_FACTOR] = passed


def passed_second_factor(user) -> bool:
    """False only for a person acting through a web session that has not passed the second factor."""
    return getattr(user, _SECOND_FACTOR, True)


def _roles_by_municipality(user) -> dict[int, set[str]]:
    """The user's roles, read once per request object and kept on it."""
    cached = getattr(user, "_sammen_roles", None)
    if cached is None:
        cached = {}
        for municipality_id, role in StaffMembership.objects.filter(user=user).values_list("municipality_id", "role"):
            cached.setdefault(municipality_id, set()).add(role)
        user._sammen_roles = cached
    return cached


def _may_use_staff_powers(user) -> bool:
    return bool(user.is_authenticated and user.is_active and passed_second_factor(user))


def is_platform_admin(user) -> bool:
    return _may_use_staff_powers(user) and user.is_superuser


def is_staff_member(user) -> bool:
    """Staff are platform administrators and anyone holding a role in a municipality — who they are, whether or
    not this session has passed the second factor (that decides what they may do)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or bool(_roles_by_municipality(user))


def has_permission(user, permission: Permission, municipality: Municipality | int) -> bool:
    if not _may_use_staff_powers(user):
        return False
    if is_platform_admin(user):
        return True
    municipality_id = municipality if isinstance(municipality, int) else municipality.pk
    roles = _roles_by_municipality(user).get(municipality_id, set())
    return any(permission in ROLE_PERMISSIONS[role] for role in roles)


def check_permission(
    user, permission: Permission, municipality: Municipality | int, *, refusal, params: dict | None = None
) -> None:
    """For services, which check the acting person themselves: raise ``SammenError(refusal)`` (formatted with
    ``params``) unless the person has the permission in the municipality."""
    if not has_permission(user, permission, municipality):
        raise SammenError(refusal, params=params)


def municipalities_with_permission(user, permission: Permission):
    """The municipalities in which the user has the permission, as a queryset."""
    if not _may_use_staff_powers(user):
        return Municipality.objects.none()
    if is_platform_admin(user):
        return Municipality.objects.all()
    ids = [
        mid
        for mid, roles in _roles_by_municipality(user).items()
        if any(permission in ROLE_PERMISSIONS[r] for r in roles)
    ]
    return Municipality.objects.filter(pk__in=ids)


def staff_with_permission(permission: Permission, municipality: Municipality | int):
    """The active people who hold a role with the permission in the municipality (not platform administrators),
    e.g. the reviewers to tell about a new offer."""
    municipality_id = municipality if isinstance(municipality, int) else municipality.pk
    roles = [role for role, permissions in ROLE_PERMISSIONS.items() if permission in permissions]
    holders = StaffMembership.objects.filter(municipality_id=municipality_id, role__in=roles).values("user_id")
    return get_user_model().objects.filter(pk__in=holders, is_active=True).order_by("pk")


def require_permission(permission: Permission):
    """View decorator: the municipality comes from the ``code`` URL argument; without the permission in that
    municipality the page does not exist (404), so that staff cannot probe other municipalities."""
    def decorator(view):
        @wraps(view)
        def wrapper(request, code: str, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            municipality = get_object_or_404(Municipality, code=code)
            if not has_permission(request.user, permission, municipality):
                raise Http404
            return view(request, municipality, *args, **kwargs)

        return wrapper

    return decorator
