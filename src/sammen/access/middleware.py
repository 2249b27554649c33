from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from sammen.access.permissions import is_staff_member, passed_second_factor
from sammen.access.two_factor import has_two_factor, mark_second_factor

STAFF_PATH_PREFIXES = ("/personale/", "/platform-admin/")


class StaffTwoFactorMiddleware:
    """No staff page opens, and no staff power counts, until this session has passed the second factor.

    Every signed-in request is marked with whether its session passed the second factor (see
    ``sammen.access.two_factor``). On a staff page, staff without TOTP are sent to set it up, and staff whose
    session passed only the password (say, through another login form) are asked for the code.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            mark_second_factor(request)
            if request.path.startswith(STAFF_PATH_PREFIXES) and self._is_staff(request.user):
                if not has_two_factor(request.user):
                    messages.warning(
                        request,
                        _(
                            "Staff must set up two-factor login before opening staff pages. If you are asked for "
                            "your password again, type it, and then set up two-factor login."
                        ),
                    )
                    return redirect("mfa_activate_totp")
                if not passed_second_factor(request.user):
                    messages.info(request, _("Type the code from your authenticator app to open staff pages."))
                    return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _is_staff(user) -> bool:
        return user.is_staff or is_staff_member(user)
