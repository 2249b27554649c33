"""Who may act as an organiser: for which associations and municipal units a person may create and manage
activities and offers. The one place that answers it for one association or unit; the list of associations a
person may act for is ``sammen.associations.queries.represented_by`` (the same rule, as a query).
"""

from django.db.models import QuerySet

from sammen.access.permissions import Permission, has_permission, municipalities_with_permission
from sammen.access.two_factor import has_two_factor
from sammen.municipalities.models import MunicipalUnit


def managed_units(user) -> QuerySet[MunicipalUnit]:
    """The active units in the municipalities where the person has the community permission (and two-factor
    login, as for every staff page: acting for a unit shows participants' names)."""
    if not has_two_factor(user):
        return MunicipalUnit.objects.none()
    municipalities = municipalities_with_permission(user, Permission.MANAGE_COMMUNITY)
    return MunicipalUnit.objects.filter(active=True, municipality__in=municipalities).select_related("municipality")


def is_representative(user, association) -> bool:
    return bool(user.is_authenticated and association.representatives.filter(user=user).exists())


def may_act_for(user, *, association=None, unit: MunicipalUnit | None = None) -> bool:
    """May the person create or manage something on behalf of this association or unit?"""
    if not (user.is_authenticated and user.is_active):
        return False
    if association is not None:
        return association.hidden_at is None and is_representative(user, association)
    if unit is not None:
        return (
            unit.active
            and has_permission(user, Permission.MANAGE_COMMUNITY, unit.municipality_id)
            and has_two_factor(user)
        )
    return True  # a citizen organising in their own name


def may_manage(user, obj) -> bool:
    """May the person edit or manage an activity or offer: its creator (own-name ones), a representative of its
    association, or staff for its unit."""
    if getattr(obj, "association_id", None):
        return may_act_for(user, association=obj.association)
    if getattr(obj, "unit_id", None):
        return may_act_for(user, unit=obj.unit)
    return bool(user.is_authenticated and getattr(obj, "created_by_id", None) == user.pk)
