from allauth.account.auth_backends import AuthenticationBackend


class SammenAuthenticationBackend(AuthenticationBackend):
    """allauth's e-mail login, refusing accounts locked after repeated failed staff logins."""

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and getattr(user, "locked_at", None) is None
