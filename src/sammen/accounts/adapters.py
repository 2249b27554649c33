from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.shortcuts import render
from django.utils import translation

from sammen.notifications.services import queue_rendered


class AccountAdapter(DefaultAccountAdapter):
    def pre_login(self, request, user, **kwargs):
        # allauth lets a correct password through to here even when our backend refused the account; a locked
        # staff account stops here, and only someone who knew the password learns that it is locked.
        if user.locked_at is not None:
            return render(request, "accounts/locked.html", status=403)
        return super().pre_login(request, user, **kwargs)

    def send_mail(self, template_prefix, email, context):
        """allauth's mails (verification, password reset) go through the outbox like every other mail, rendered
        in the recipient's own language when we know it."""
        user = context.get("user")
        language = getattr(user, "language", None) or translation.get_language()
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context)
        queue_rendered(
            address=email,
            subject=message.subject,
            body=message.body,
            template=template_prefix,
            recipient=user if getattr(user, "pk", None) else None,
        )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """External OpenID Connect logins (a MitID broker, a municipal IdP).

    The account is tied to the provider's stable subject id (``sub``). Nothing else the provider sends is
    copied into the profile, and signals.py strips every other claim before it is stored, so that a CPR
    number sent by a broker never reaches the database.
    """

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, {"email": data.get("email")})
        user.display_name = ""
        return user
