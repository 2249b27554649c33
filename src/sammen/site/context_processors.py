from django.conf import settings

from sammen.access.permissions import is_staff_member


def site(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    municipality = user.municipality if signed_in and user.municipality_id else None
    return {
        "current_municipality": municipality,
        "easy_read": user.easy_read if signed_in else request.session.get("easy_read", False),
        "show_staff_link": signed_in and is_staff_member(user),
        "terms_version": settings.SAMMEN_TERMS_VERSION,
    }
