"""Production mode is secure by default and refuses to start without its secrets."""

import os
import subprocess
import sys

PRODUCTION_ENV = {
    "SAMMEN_ENV": "production",
    "SECRET_KEY": "x7#kP2!vQz9@Lm4$Rt8^Wn1&Yb6*Hc3(Jd5)Fg0_Ks2+Ua7=Oe9-Ip4~Tq1",
    "ALLOWED_HOSTS": "sammen.example.dk",
    "DATABASE_URL": "sqlite:////tmp/sammen-deploy-check.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_HOST": "smtp.example.dk",
}


def run_sammen(*args, env_overrides, drop=()):
    env = {**os.environ, **env_overrides}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    for name in drop:
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "sammen.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_gives_no_warnings_in_production_mode():
    result = run_sammen("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_sammen("check", env_overrides=PRODUCTION_ENV, drop=["SECRET_KEY"])
    assert result.returncode != 0
    assert "SECRET_KEY must be set when SAMMEN_ENV=production." in result.stderr


def test_production_refuses_to_start_without_redis():
    result = run_sammen("check", env_overrides=PRODUCTION_ENV, drop=["REDIS_URL"])
    assert result.returncode != 0
    assert "REDIS_URL must be set" in result.stderr


def test_the_operator_says_how_many_proxies_to_trust_for_the_client_address():
    code = "from django.conf import settings; print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)"
    show = ("shell", "--no-imports", "-c", code)
    trusted = run_sammen(*show, env_overrides={**PRODUCTION_ENV, "SAMMEN_TRUSTED_PROXY_COUNT": "1"})
    assert trusted.stdout.strip() == "1", trusted.stderr
    default = run_sammen(*show, env_overrides=PRODUCTION_ENV, drop=["SAMMEN_TRUSTED_PROXY_COUNT"])
    assert default.stdout.strip() == "0", default.stderr
