"""The pages work in Chromium under their Content-Security-Policy, htmx included, and the browser reports no
violation of it; the embeddable list works inside another site's iframe."""

import pytest

from sammen.messaging import services as messaging
from tests.browser.helpers import assert_accessible, browser_db, log_in_by_keyboard, type_into
from tests.factories import PASSWORD, staff
from tests.factories.bubbles import posted_bubble

pytestmark = [pytest.mark.browser, browser_db]


@pytest.fixture
def violations(page):
    """Every CSP violation Chromium reports on the page: in the console and as securitypolicyviolation events."""
    found = []

    def on_console(message):
        if "Content Security Policy" in message.text:
            found.append(message.text)

    page.on("console", on_console)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation',"
        " (event) => console.error(`Content Security Policy: ${event.violatedDirective} ${event.blockedURI}`));"
    )
    return found


def test_a_conversation_updates_itself_through_htmx_under_the_policy(
    page, log_in_as, violations, karen_in_herning, ole_in_kolding
):
    conversation = messaging.respond_to_bubble(bubble=posted_bubble(karen_in_herning), responder=ole_in_kolding)
    messaging.send_message(conversation=conversation, sender=ole_in_kolding, body="Hej Karen")
    log_in_as(karen_in_herning)
    for path in ("/", "/bobler/", "/aktiviteter/", "/konto/profil/"):
        response = page.goto(path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert_accessible(page, label=path)
    page.goto(f"/samtaler/{conversation.pk}/")
    assert page.get_by_text("Hej Karen").is_visible()
    assert page.evaluate("typeof htmx") == "object"
    messaging.send_message(conversation=conversation, sender=ole_in_kolding, body="Er du der stadig?")
    # The page asks for new messages every 10 seconds, with htmx.
    page.get_by_text("Er du der stadig?").wait_for(timeout=15_000)
    assert_accessible(page, label="conversation after the poll")
    assert violations == []



def test_the_login_and_staff_pages_work_under_the_policy(page, log_in_as, violations, moderator_in_herning, herning):
    for path in ("/konto/login/", "/konto/signup/", "/aktiviteter/kalender/"):
        page.goto(path)
        assert_accessible(page, label=path)
    # A coordinator without two-factor login yet is sent to set it up: the page with the QR code (a data: picture).
    log_in_by_keyboard(page, staff("coordinator", "Herning").email)
    page.goto("/personale/")
    if "/konto/reauthenticate/" in page.url:  # allauth asks for the password once more first
        type_into(page, "Adgangskode", PASSWORD)
        with page.expect_navigation():
            page.keyboard.press("Enter")
    qr_code = page.locator("img[src^='data:']")
    qr_code.wait_for()
    assert qr_code.evaluate("image => image.naturalWidth") > 0
    page.context.clear_cookies()
    log_in_as(moderator_in_herning)
    page.goto("/personale/")
    assert_accessible(page, label="staff dashboard")
    assert violations == []

def test_the_embeddable_list_works_in_another_sites_iframe(page, violations, live_server, herning):
    # A municipality's own page, on another origin (localhost instead of 127.0.0.1), framing the list.
    embed = live_server.url + "/aktiviteter/indlejr/herning/"
    other_site = embed.replace("127.0.0.1", "localhost").replace("/aktiviteter/indlejr/herning/", "/")
    page.route(
        other_site,
        lambda route: route.fulfill(
            content_type="text/html",
            body=f'<!DOCTYPE html><html lang="da"><title>Herning Kommune</title>'
            f'<iframe src="{embed}" title="Aktiviteter i Herning Kommune"></iframe></html>',
        ),
    )
    page.goto(other_site)
    frame = page.frame_locator("iframe")
    frame.get_by_role("heading", name="Aktiviteter i Herning Kommune").wait_for()
    assert violations == []
