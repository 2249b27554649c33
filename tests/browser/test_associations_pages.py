"""Associations in Chromium, axe-checked: register (with a CVR number typed wrong first), verification by a
coordinator in the staff list, and the public directory and profile with the verified mark."""

import pytest
from playwright.sync_api import expect

from sammen.associations.models import Association
from tests.browser.helpers import assert_accessible, browser_db, press_button, type_into

pytestmark = [pytest.mark.browser, browser_db]


def test_register_verify_and_find_an_association(page, log_in_as, karen_in_herning, coordinator_in_herning):

    # Karen registers her knitting club, first with a CVR number that fails the check.
    log_in_as(karen_in_herning)
    page.goto("/foreninger/ny/")
    assert_accessible(page, label="register association")
    type_into(page, "Foreningens navn", "Strikkeklubben Maske")
    type_into(page, "CVR-nummer (valgfrit)", "12345678")
    type_into(page, "Beskrivelse", "Vi strikker sammen hver tirsdag i biblioteket. Begyndere er velkomne.")
    page.get_by_label("Gåture").check()
    type_into(page, "E-mail til kontakt", "kontakt@maske.dk")
    press_button(page, "Opret foreningen")
    expect(page.get_by_text("12345678 er ikke et gyldigt CVR-nummer.")).to_be_visible()
    expect(page.get_by_label("Foreningens navn")).to_have_value("Strikkeklubben Maske")
    assert not Association.objects.exists()
    assert_accessible(page, label="register association with an invalid CVR number")

    type_into(page, "CVR-nummer (valgfrit)", "12345674")
    press_button(page, "Opret foreningen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Strikkeklubben Maske")
    assert_accessible(page, label="association profile (representative)")

    # A coordinator in Herning verifies it from the staff list.
    page.context.clear_cookies()
    log_in_as(coordinator_in_herning)
    page.goto("/personale/kommune/657/foreninger/")
    assert_accessible(page, label="staff association list")
    press_button(page, "Verificér Strikkeklubben Maske")
    expect(page.get_by_text("Strikkeklubben Maske er verificeret.")).to_be_visible()
    assert_accessible(page, label="staff association list after verifying")

    # Anyone finds it by part of a word, with the verified mark.
    page.context.clear_cookies()
    page.goto("/foreninger/")
    type_into(page, "Søg (valgfrit)", "strik")
    press_button(page, "Find foreninger")
    expect(page.get_by_text("Verificeret af Herning Kommune")).to_be_visible()
    assert_accessible(page, label="association directory")
    page.get_by_role("link", name="Strikkeklubben Maske").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Strikkeklubben Maske")
    expect(page.get_by_text("Verificeret af Herning Kommune")).to_be_visible()
    assert_accessible(page, label="association profile (public)")


def test_the_other_association_pages_pass_axe(
    page, log_in_as, karen_in_herning, ole_in_kolding, coordinator_in_herning, django_capture_on_commit_callbacks
):
    from django.core import mail

    from sammen.associations import services
    from tests.factories.associations import registered_association
    from tests.factories.municipalities import unit

    maske = registered_association(karen_in_herning)
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_representative(association=maske, by=karen_in_herning, email="ole@example.dk")
    invitation = mail.outbox[-1].body.split("/foreninger/invitation/", 1)[1].split()[0]
    unit("Sundhed og Ældre")

    log_in_as(karen_in_herning)
    for path in (
        "/foreninger/mine/",
        "/foreninger/strikkeklubben-maske/rediger/",
        "/foreninger/strikkeklubben-maske/repraesentanter/",
    ):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        assert_accessible(page, label=path)

    page.context.clear_cookies()
    log_in_as(ole_in_kolding)
    page.goto(f"/foreninger/invitation/{invitation}")
    assert_accessible(page, label="invitation")
    press_button(page, "Tag imod invitationen")
    expect(page.get_by_text("Du er nu repræsentant for Strikkeklubben Maske.")).to_be_visible()

    page.context.clear_cookies()
    log_in_as(coordinator_in_herning)
    page.goto("/personale/kommune/657/enheder/")
    assert_accessible(page, label="staff units")
    page.get_by_role("link", name="Ret Sundhed og Ældre").click()
    assert_accessible(page, label="staff unit edit")
