"""Every page says where its scripts, styles and pictures may come from (Content-Security-Policy); only the
embeddable activity list may be framed by other sites; nothing shown to a signed-in person stays in a cache."""

import pytest

from sammen.messaging import services as messaging
from tests.factories.bubbles import posted_bubble
from tests.helpers import log_in_with_second_factor

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, str]:
    directives = (part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return {name: value for name, value in directives}


def test_a_public_page_has_a_strict_policy_and_keeps_its_caching(client, herning):
    response = client.get("/")
    rules = policy(response)
    assert rules["default-src"] == "'self'"
    assert rules["script-src"] == "'self'" and rules["style-src"] == "'self'"
    assert rules["object-src"] == "'none'" and rules["frame-ancestors"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert "Cache-Control" not in response
    assert "Cache-Control" not in client.get("/aktiviteter/")


@pytest.mark.parametrize("path", ["/", "/bobler/", "/samtaler/", "/konto/profil/", "/aktiviteter/mine/"])
def test_pages_for_a_signed_in_citizen_are_not_kept_in_any_cache(client, karen_in_herning, path):
    client.force_login(karen_in_herning)
    response = client.get(path)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "Content-Security-Policy" in response


def test_a_conversation_and_its_poll_are_not_kept_in_any_cache(client, karen_in_herning, ole_in_kolding):
    conversation = messaging.respond_to_bubble(bubble=posted_bubble(karen_in_herning), responder=ole_in_kolding)
    client.force_login(ole_in_kolding)
    for path in (f"/samtaler/{conversation.pk}/", f"/samtaler/{conversation.pk}/nye/"):
        assert "no-store" in client.get(path, HTTP_HX_REQUEST="true")["Cache-Control"]


def test_staff_pages_are_not_kept_in_any_cache(client, moderator_in_herning):
    log_in_with_second_factor(client, moderator_in_herning)
    response = client.get("/personale/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_embeddable_list_may_be_framed_by_any_site_and_is_cached(client, herning):
    response = client.get("/aktiviteter/indlejr/herning/")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    rules = policy(response)
    assert rules["frame-ancestors"] == "*" and rules["script-src"] == "'self'"
    assert "Cache-Control" not in response


def test_the_public_feeds_keep_their_public_caching_for_a_signed_in_person(client, karen_in_herning):
    client.force_login(karen_in_herning)
    response = client.get("/aktiviteter/kommune/herning.json")
    assert response["Cache-Control"] == "public, max-age=300"
    assert policy(response)["frame-ancestors"] == "'none'"
