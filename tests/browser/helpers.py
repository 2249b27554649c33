"""Plain helpers for the browser tests: the database marker, axe-core, and keyboard-only typing, pressing and
logging in. The fixtures (browser, context, page, log_in_as) are in conftest.py."""

import time
from pathlib import Path

import pytest

from tests.factories import PASSWORD
from tests.helpers import TEST_TOTP_SECRET, current_totp_code

REPO_DIR = Path(__file__).resolve().parents[2]
AXE_JS = REPO_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Who opens a page in the tours of pages (accessibility, form controls): the fixture of the shared cast
# (tests/conftest.py) to log in as, by the role the tour names.
CAST = {
    "citizen": "karen_in_herning",
    "moderator": "moderator_in_herning",
    "administrator": "administrator_in_herning",
    "coordinator": "coordinator_in_herning",
    "platform_admin": "platform_administrator",
}

# Every browser test talks to the live server, which only sees committed data, so the tests commit (and the
# database is emptied after each); ``_reference_data`` puts back what the migrations loaded.
browser_db = pytest.mark.django_db(transaction=True)


def assert_accessible(page, *, label: str | None = None) -> None:
    """Run axe-core (WCAG 2.0/2.1 A and AA) on the page as it is now; fail listing every violation."""
    # Evaluated through the DevTools protocol rather than added as a <script> tag, which the pages'
    # Content-Security-Policy refuses as an inline script: the tests run under the policy people get.
    page.evaluate(AXE_JS.read_text())
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
