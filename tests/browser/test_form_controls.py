"""Every form control is drawn the DKFDS way, so that people can see it, its state and its focus.

DKFDS resets the browser's own look of inputs: a checkbox without the ``form-checkbox`` class is drawn with no
size at all (invisible, even when focused), and a text field without ``form-input`` has no DKFDS border or
height. axe cannot see this, so this test looks at the classes and at the size of what is drawn.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import CAST, browser_db, log_in_by_keyboard

pytestmark = [pytest.mark.browser, browser_db]

# For each visible control: the DKFDS class it needs, and whether it (or, for a DKFDS checkbox or radio, its
# label's drawn box) has a size on the screen.
CONTROLS = """() => {
  const expected = (el) => {
    if (el.tagName === 'SELECT') return 'form-select';
    if (el.tagName === 'TEXTAREA') return 'form-input';
    return {checkbox: 'form-checkbox', radio: 'form-radio', file: 'form-file-input'}[el.type] || 'form-input';
  };
  const controls = document.querySelectorAll(
    'main input:not([type=hidden]):not([type=submit]):not([type=button]), main select, main textarea');
  return [...controls].map((el) => {
    const label = el.id ? document.querySelector(`label[for="${el.id}"]`) : null;
    const box = el.getBoundingClientRect();
    const drawnBox = label && parseFloat(getComputedStyle(label, '::before').width);
    const drawn = (el.type === 'checkbox' || el.type === 'radio') && el.classList.contains(expected(el))
      ? drawnBox > 0
      : box.width > 0 && box.height > 0;
    return {id: el.id || el.name, type: el.type, classes: el.className, expected: expected(el), drawn: !!drawn};
  });
}"""

PAGES = [
    pytest.param(None, "/konto/login/", id="login"),
    pytest.param(None, "/konto/signup/", id="signup"),
    pytest.param(None, "/konto/password/reset/", id="password-reset"),
    pytest.param("citizen", "/konto/profil/", id="profile"),
    pytest.param("citizen", "/konto/password/change/", id="password-change"),
    pytest.param("citizen", "/konto/email/", id="email-addresses"),
    pytest.param("citizen", "/konto/reauthenticate/", id="reauthenticate"),
    pytest.param("administrator", "/personale/kommune/657/", id="staff-municipality"),
    pytest.param("coordinator", "/personale/kommune/657/borgere/", id="staff-citizens"),
    pytest.param("platform_admin", "/personale/log/udtraek/", id="audit-export"),
]


def assert_controls_are_dkfds(page) -> None:
    controls = page.evaluate(CONTROLS)
    assert controls, f"no form controls found on {page.url}"
    wrong = [
        f"#{c['id']} ({c['type']}): class={c['classes']!r}, needs {c['expected']!r}"
        + ("" if c["drawn"] else ", and nothing is drawn")
        for c in controls
        if c["expected"] not in c["classes"].split() or not c["drawn"]
    ]
    assert not wrong, f"form controls not drawn the DKFDS way on {page.url}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("who, path", PAGES)
def test_form_controls_are_drawn_the_dkfds_way(page, log_in_as, request, herning, who, path):
    if who:
        log_in_as(request.getfixturevalue(CAST[who]))
    page.goto(path)
    assert_controls_are_dkfds(page)


def test_two_factor_code_field_is_drawn_the_dkfds_way(page, herning, moderator_in_herning):
    log_in_by_keyboard(page, moderator_in_herning.email)
    expect(page).to_have_url(re.compile(r"/konto/2fa/authenticate/$"))
    assert_controls_are_dkfds(page)
