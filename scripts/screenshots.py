"""Take the screenshots in docs/screenshots/ from a running Sammen demo.

Starts nothing itself: run the demo first (``make demo``, or ``sammen migrate && sammen demo_data && sammen
runserver``), then ``make screenshots`` or ``.venv/bin/python scripts/screenshots.py [--url URL]``.

It logs in as two demo users: a citizen in Herning and Herning's administrator, whose two-factor code it works
out the way ``sammen demo_totp`` does. Pictures are 1280x900 (and one 390x844 of the front page, as on a
phone), in Danish. Needs Debian's Chromium (``bash scripts/install-system-packages.sh --browser``).
"""

import argparse
import os
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

REPO_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_DIR / "src"))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
CITIZEN = "borger1.herning"
ADMINISTRATOR = "administrator.herning"
VOLUNTEER = "frivillig9.herning"
COORDINATOR = "koordinator.herning"
HERNING = "657"
HOLSTEBRO_COORDINATOR = "koordinator.holstebro"
HOLSTEBRO = "661"
JOB_CONSULTANT = "jobkonsulent.kolding"
KOLDING = "621"


def demo_accounts():
    """The demo's password and e-mail addresses, and its TOTP codes, from sammen.devtools.demo itself."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sammen.settings")
    import django

    django.setup()
    from sammen.devtools import demo

    return demo


def check_server(url: str) -> None:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:
            if response.status == 200:
                return
    except (urllib.error.URLError, OSError) as error:
        sys.exit(f"No Sammen server answers at {url} ({error}). Start the demo first: make demo")
    sys.exit(f"{url}/healthz did not answer 200.")


def shoot(page, out: Path, name: str, full_page: bool, path: str) -> None:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    if urlparse(page.url).path != urlparse(path).path:
        sys.exit(f"{path} sent the browser on to {page.url}; not taking a picture of that as {name}.png")
    path = out / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    print(f"  {path.relative_to(REPO_DIR) if path.is_relative_to(REPO_DIR) else path}  ({page.url})")


def log_in(page, email: str, password: str) -> None:
    page.goto("/konto/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode", exact=True).fill(password)
    with page.expect_navigation():
        page.get_by_label("Adgangskode", exact=True).press("Enter")
    if "/konto/login/" in page.url:
        sys.exit(f"Could not log in as {email}: is the demo data loaded (sammen demo_data)?")


def enter_totp_code(page, demo, email: str) -> None:
    """Type the current code; a code already used is refused, so wait for the next one and try once more."""
    for attempt in range(2):
        remaining = 30 - time.time() % 30
        if remaining < 3 or attempt:
            time.sleep(remaining + 0.5)
        page.get_by_label("Kode").fill(demo.current_demo_totp_code(email))
        with page.expect_navigation():
            page.get_by_label("Kode").press("Enter")
        if "/konto/2fa/authenticate/" not in page.url:
            return
    sys.exit(f"The two-factor code for {email} was refused twice.")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the running demo (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=REPO_DIR / "docs" / "screenshots", help="where the PNGs go")
    parser.add_argument("--full-page", action="store_true", help="whole pages instead of one screenful")
    args = parser.parse_args()
    url = args.url.rstrip("/")
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    if not Path(CHROMIUM).exists():
        sys.exit("Chromium is missing: bash scripts/install-system-packages.sh --browser")
    check_server(url)
    demo = demo_accounts()
    citizen, administrator = demo.demo_email(CITIZEN), demo.demo_email(ADMINISTRATOR)

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

        def new_page(viewport):
            context = browser.new_context(base_url=url, viewport=viewport, locale="da-DK")
            context.add_cookies([{"name": "sammen_language", "value": "da", "url": url}])
            return context.new_page()

        print(f"Screenshots of {url} in {out}:")
        page = new_page(DESKTOP)
        for name, path in [("front-page", "/"), ("signup", "/konto/signup/"), ("login", "/konto/login/")]:
            shoot(page, out, name, args.full_page, path)
        page.context.close()

        phone = new_page(PHONE)
        shoot(phone, out, "front-page-mobile", args.full_page, "/")
        phone.context.close()

        page = new_page(DESKTOP)
        log_in(page, citizen, demo.DEMO_PASSWORD)
        shoot(page, out, "profile", args.full_page, "/konto/profil/")
        shoot(page, out, "bubbles", args.full_page, "/bobler/")
        shoot(page, out, "activities", args.full_page, "/aktiviteter/?kommune=herning")
        shoot(page, out, "activity-calendar", args.full_page, "/aktiviteter/kalender/?kommune=herning")
        page.goto("/aktiviteter/?q=g%C3%A5tur")
        walk = page.get_by_role("link", name="Bevæg dig for livet – gåtur").first.get_attribute("href")
        shoot(page, out, "activity", args.full_page, walk)
        shoot(page, out, "associations", args.full_page, "/foreninger/")
        shoot(page, out, "offers", args.full_page, "/tilbud/")
        shoot(page, out, "talk-times", args.full_page, "/snak/snak-sammen/?tid=aften")
        shoot(page, out, "my-talks", args.full_page, "/snak/mine/")
        shoot(page, out, "volunteer-tasks", args.full_page, "/frivilligopgaver/")
        shoot(page, out, "christmas-friends", args.full_page, "/julevenner/")
        shoot(page, out, "visiting-friend", args.full_page, "/besoegsven/")
        shoot(page, out, "my-wellbeing", args.full_page, "/trivsel/")
        shoot(page, out, "about-me", args.full_page, "/konto/om-mig/")
        shoot(page, out, "my-data", args.full_page, "/mine-data/")
        page.context.close()

        page = new_page(DESKTOP)
        log_in(page, demo.demo_email(VOLUNTEER), demo.DEMO_PASSWORD)
        shoot(page, out, "volunteer-course", args.full_page, "/frivillig/snak-sammen/kursus/")
        shoot(page, out, "volunteer-times", args.full_page, "/snak/mine-tider/")
        page.context.close()

        page = new_page(DESKTOP)
        coordinator = demo.demo_email(COORDINATOR)
        log_in(page, coordinator, demo.DEMO_PASSWORD)
        if "/konto/2fa/authenticate/" in page.url:
            enter_totp_code(page, demo, coordinator)
        shoot(page, out, "talk-figures", args.full_page, f"/personale/kommune/{HERNING}/snak/")
        shoot(page, out, "referrals", args.full_page, f"/personale/kommune/{HERNING}/henvisninger/")
        shoot(page, out, "status-report", args.full_page, f"/personale/kommune/{HERNING}/status/")
        page.goto(f"/personale/kommune/{HERNING}/julevenner/")
        campaign = page.locator("main table a").first.get_attribute("href")
        shoot(page, out, "christmas-matching", args.full_page, campaign)
        page.context.close()

        page = new_page(DESKTOP)
        coordinator = demo.demo_email(HOLSTEBRO_COORDINATOR)
        log_in(page, coordinator, demo.DEMO_PASSWORD)
        if "/konto/2fa/authenticate/" in page.url:
            enter_totp_code(page, demo, coordinator)
        shoot(page, out, "visiting-friends-overview", args.full_page, f"/personale/kommune/{HOLSTEBRO}/besoegsvenner/")
        shoot(
            page,
            out,
            "visiting-friends-matching",
            args.full_page,
            f"/personale/kommune/{HOLSTEBRO}/besoegsvenner/matchning/",
        )
        page.context.close()

        page = new_page(DESKTOP)
        consultant = demo.demo_email(JOB_CONSULTANT)
        log_in(page, consultant, demo.DEMO_PASSWORD)
        if "/konto/2fa/authenticate/" in page.url:
            enter_totp_code(page, demo, consultant)
        shoot(page, out, "opportunities", args.full_page, f"/personale/kommune/{KOLDING}/muligheder/")
        page.context.close()

        page = new_page(DESKTOP)
        log_in(page, administrator, demo.DEMO_PASSWORD)
        if "/konto/2fa/authenticate/" in page.url:
            enter_totp_code(page, demo, administrator)
        shoot(page, out, "staff-dashboard", args.full_page, "/personale/")
        shoot(page, out, "municipality-settings", args.full_page, f"/personale/kommune/{HERNING}/")
        shoot(page, out, "offer-review", args.full_page, f"/personale/kommune/{HERNING}/tilbud/")
        page.context.close()

        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
