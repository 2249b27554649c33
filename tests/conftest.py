import time

import pytest
from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core.cache import cache
from django.utils import timezone, translation

from sammen.notifications.sms import backends as sms_backends

TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def _fresh_state(settings, tmp_path):
    """Each test starts with an empty cache (rate limits, used TOTP codes), its own media folder, Danish."""
    cache.clear()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SAMMEN_SMS_BACKEND = "sammen.notifications.sms.backends.LocmemBackend"
    sms_backends.outbox.clear()
    translation.activate("da")
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _reference_data(request):
    """The 98 municipalities, the national categories and vocabularies, which the data migrations load.

    A transactional test empties every table when it ends (Django's flush), so they would be gone for the tests
    after it. (Django's serialized_rollback would restore them, but breaks as soon as another transactional test
    flushes without it: the content types come back with new ids and the restore collides with them.)
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    from django.db import transaction

    from sammen.municipalities.models import Municipality
    from sammen.municipalities.reference import load_reference_municipalities
    from sammen.taxonomy.models import Category, Term
    from sammen.taxonomy.services import sync_national_categories, sync_vocabularies

    with transaction.atomic():  # one commit, not two hundred
        if not Municipality.objects.exists():
            load_reference_municipalities(Municipality)
        if not Category.objects.exists():
            sync_national_categories(Category)
        if not Term.objects.exists():
            sync_vocabularies(Term)


def with_totp(user) -> str:
    """Give a staff member TOTP two-factor login; returns the secret."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, TEST_TOTP_SECRET)
    return TEST_TOTP_SECRET


def log_in_with_second_factor(client, user) -> None:
    """Sign a staff member in on the test client as if they had typed their password and a two-factor code."""
    with_totp(user)
    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": user.email},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()


def current_totp_code(secret: str = TEST_TOTP_SECRET) -> str:
    return format_hotp_value(hotp_value(secret, int(timezone.now().timestamp()) // 30))
