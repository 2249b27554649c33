import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core.cache import cache
from django.utils import timezone, translation

TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def _fresh_state(settings, tmp_path):
    """Each test starts with an empty cache (rate limits, used TOTP codes), its own media folder, Danish."""
    cache.clear()
    settings.MEDIA_ROOT = tmp_path / "media"
    translation.activate("da")
    yield
    cache.clear()


def with_totp(user) -> str:
    """Give a staff member TOTP two-factor login; returns the secret."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, TEST_TOTP_SECRET)
    return TEST_TOTP_SECRET


def current_totp_code(secret: str = TEST_TOTP_SECRET) -> str:
    return format_hotp_value(hotp_value(secret, int(timezone.now().timestamp()) // 30))
