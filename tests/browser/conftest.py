"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server, with axe-core."""

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from sammen.access.two_factor import has_two_factor
from tests.conftest import TEST_TOTP_SECRET, current_totp_code, log_in_with_second_factor
from tests.factories import PASSWORD

REPO_DIR = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = REPO_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CATALOG = REPO_DIR / "src" / "sammen" / "locale" / "da" / "LC_MESSAGES" / "django.po"

# Every browser test talks to the live server, which only sees committed data, so the tests commit (and the
# database is emptied after each); ``_reference_data`` puts back what the migrations loaded.
browser_db = pytest.mark.django_db(transaction=True)


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


# --- Helpers -----------------------------------------------------------------------------------------------


def assert_accessible(page, *, label: str | None = None) -> None:
    """Run axe-core (WCAG 2.0/2.1 A and AA) on the page as it is now; fail listing every violation."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    violations = result["violations"]
    if not violations:
        return
    lines = [f"{len(violations)} axe violation(s) on {label or page.url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}  <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            target = " ".join(" > ".join(part) if isinstance(part, list) else part for part in node["target"])
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"       {summary}")
    pytest.fail("\n".join(lines), pytrace=False)


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


def log_in_by_keyboard(page, email: str, password: str = PASSWORD, *, open_login_page: bool = True) -> None:
    """Fill in the login form with the keyboard only and press Enter in the password field.

    Opens /konto/login/ first, unless the browser is already on a login page (e.g. one with ?next=).
    """
    if open_login_page:
        page.goto("/konto/login/")
    page.get_by_label("E-mail").focus()
    page.keyboard.type(email)
    # Not one Tab: the "Forgot your password?" link in the hint sits between the two fields.
    page.get_by_label("Adgangskode", exact=True).focus()
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def fresh_totp_code(secret: str = TEST_TOTP_SECRET) -> str:
    """The current code, but not one that expires in the next couple of seconds."""
    remaining = 30 - time.time() % 30
    if remaining < 3:
        time.sleep(remaining + 0.2)
    return current_totp_code(secret)


def type_into(page, label: str, text: str, *, exact: bool = True) -> None:
    """Focus the field with the label, select what is in it and type over it, as a keyboard user does."""
    field = page.get_by_label(label, exact=exact)
    field.focus()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(text)


def press_button(page, name: str) -> None:
    """Move focus to a button and activate it with Enter."""
    button = page.get_by_role("button", name=name, exact=True)
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
