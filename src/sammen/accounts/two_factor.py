"""Has a person set up two-factor login (TOTP)? Staff need it before they see staff pages or act for a unit."""


def has_two_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    if not user.is_authenticated:
        return False
    cached = getattr(user, "_sammen_has_totp", None)
    if cached is None:
        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        user._sammen_has_totp = cached
    return cached
