from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from sammen.accounts.two_factor import has_two_factor
from sammen.municipalities.permissions import is_staff_member

STAFF_PATH_PREFIXES = ("/personale/", "/platform-admin/")


class StaffTwoFactorMiddleware:
    """No staff page opens until the staff member has set up two-factor login (TOTP).

    Once it is set up, allauth asks for the code at every login, so a session that reaches a staff page has
    passed both factors.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(STAFF_PATH_PREFIXES) and request.user.is_authenticated:
            if is_staff_member(request.user) and not has_two_factor(request.user):
                messages.warning(
                    request,
                    _(
                        "Staff must set up two-factor login before opening staff pages. "
                        "If you are asked for your password again, type it, and then set up two-factor login."
                    ),
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)
