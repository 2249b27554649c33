"""Browser tests' fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

The plain helpers (axe-core, keyboard input, the database marker) are in ``tests.browser.helpers``.
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from sammen.access.two_factor import has_two_factor
from tests.helpers import log_in_with_second_factor

REPO_DIR = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CATALOG = REPO_DIR / "src" / "sammen" / "locale" / "da" / "LC_MESSAGES" / "django.po"

# --- Set-up ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _danish_catalog_compiled():
    """The Danish texts the tests look for come from django.mo, a build product (``make messages``).

    Compile it when it is missing or older than django.po, so that ``pytest tests/browser`` works on a fresh
    checkout, and drop Django's cached catalogs so that the live server reads the new file.
    """
    compiled = CATALOG.with_suffix(".mo")
    if compiled.exists() and compiled.stat().st_mtime >= CATALOG.stat().st_mtime:
        return
    with tempfile.NamedTemporaryFile(dir=compiled.parent, suffix=".mo.tmp", delete=False) as handle:
        target = Path(handle.name)
    try:
        if shutil.which("msgfmt"):
            subprocess.run(["msgfmt", "--check-format", "-o", str(target), str(CATALOG)], check=True)
        else:
            import polib

            polib.pofile(str(CATALOG)).save_as_mofile(str(target))
        target.chmod(0o644)
        os.replace(target, compiled)
    finally:
        target.unlink(missing_ok=True)
    from asgiref.local import Local
    from django.utils.translation import trans_real

    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = Local()


@pytest.fixture(scope="module")
def browser():
    """Chromium, for one test module at a time.

    Playwright's sync API keeps an asyncio event loop running in the test thread, so Django's async-unsafe
    guard must be off for the ORM calls the tests make (creating people, reading what was stored). Both the
    loop and DJANGO_ALLOW_ASYNC_UNSAFE last only while a browser module runs: set for the whole session, the
    variable leaked into other tests' subprocesses (``sammen check --deploy`` then reports async.E001).
    """
    if not CHROMIUM.exists():
        # A missing browser fails the run instead of skipping it: `make test` installs Chromium, so its
        # absence means the set-up is broken, and skipped accessibility tests would prove nothing.
        pytest.fail("Chromium is missing: run `bash scripts/install-system-packages.sh --browser`.")
    from playwright.sync_api import sync_playwright

    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture
def context(browser, live_server):
    """A fresh browser profile per test (no cookies), Danish, addressing the live server by relative URLs."""
    browser_context = browser.new_context(
        base_url=live_server.url, locale="da-DK", viewport={"width": 1280, "height": 900}
    )
    browser_context.set_default_timeout(10_000)
    yield browser_context
    browser_context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def log_in_as(page, live_server):
    """Give the browser a signed-in session for a user without going through the forms.

    Fine for pages that only need "somebody is logged in"; it skips allauth's login stages (staff who have set
    up two-factor login get a session that passed it), so the journeys that are about logging in use
    ``log_in_by_keyboard`` instead.
    """

    def log_in(user) -> None:
        client = Client()
        if has_two_factor(user):  # staff who have set up two-factor login pass it, as they would at the form
            log_in_with_second_factor(client, user)
        else:
            client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])

    return log_in
