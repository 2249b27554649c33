"""The status report as a PDF for a committee's agenda: the same sections and figures as the page, "under 5" where a
figure is hidden, tagged (structure tree, Danish, a title), in DKFDS's IBM Plex Sans embedded, page numbers, local
files only; and the same access as the page."""

import io
import re

import pytest
from pypdf import PdfReader

from sammen.insights.pdf import static_files_fetcher
from tests.factories import citizen, participating, staff
from tests.helpers import log_in_with_second_factor
from tests.test_insights import PERIOD, analyst, herning_data

pytestmark = pytest.mark.django_db

PDF = "/personale/kommune/657/status.pdf"
NATIONAL_PDF = "/personale/status.pdf"


def read_pdf(response) -> PdfReader:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def text_of(reader: PdfReader) -> str:
    """All the pages' text with each run of white space as one space (table cells wrap at their width)."""
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def embedded_fonts(reader: PdfReader) -> dict[str, bool]:
    """Each font the pages use, and whether its file is embedded."""
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return fonts


def structure(reader: PdfReader) -> list[tuple[str, str]]:
    """The structure tree's elements as (type, alternative text), in reading order."""
    found = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
            return
        if not hasattr(node, "get"):
            return  # a marked-content id
        if "/S" in node:
            found.append((str(node["/S"]), str(node.get("/Alt", ""))))
        if "/K" in node:
            walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.fixture
def herning_pdf(client):
    herning_data()
    log_in_with_second_factor(client, analyst())
    return client.get(PDF, PERIOD)


def test_the_pdf_holds_every_section_with_its_figures_and_under_five_for_a_small_group(herning_pdf):
    assert 'filename="status-herning-20260101-20260630.pdf"' in herning_pdf["Content-Disposition"]
    text = text_of(read_pdf(herning_pdf))
    assert "Statusrapport: Herning" in text
    assert "1. januar 2026 – 30. juni 2026" in text
    for title in (
        "Borgere på Sammen",
        "Vækst over tid",
        "Bobler",
        "Sådan bruger borgerne Sammen",
        "Registrerede borgeres alder",
        "Top 5 søgeord",
        "Sammenlignet med de andre deltagende kommuner",
    ):
        assert title in text
    assert "Registrerede borgere, der bor i kommunen 20 6" in text
    assert "Gennemsnitsalder for registrerede borgere 49,4 75,0" in text
    assert "30–64 under 5 0" in text
    assert "motion 8" in text


def test_the_pdf_is_tagged_in_danish_with_a_title_and_page_numbers(herning_pdf):
    reader = read_pdf(herning_pdf)
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "da"
    assert reader.metadata.title.startswith("Statusrapport: Herning")
    pages = len(reader.pages)
    assert f"Side 1 af {pages}" in reader.pages[0].extract_text()
    assert f"Side {pages} af {pages}" in reader.pages[-1].extract_text()


def test_every_font_in_the_pdf_is_ibm_plex_sans_and_embedded(herning_pdf):
    fonts = embedded_fonts(read_pdf(herning_pdf))
    assert fonts, "the PDF uses no font"
    # A subset's name is "ABCDEF+IBM-Plex-Sans"; the charts' text too, not a system font.
    assert all(name.split("+")[-1].startswith("IBM-Plex-Sans") for name in fonts), fonts
    assert all(fonts.values()), fonts


def test_headings_tables_and_charts_are_tagged_and_the_charts_have_their_caption_as_alternative_text(herning_pdf):
    elements = structure(read_pdf(herning_pdf))
    types = [kind for kind, _alt in elements]
    assert types.count("/H1") == 1 and "/H2" in types
    assert {"/Table", "/TH", "/TD"} <= set(types)
    figures = [alt for kind, alt in elements if kind == "/Figure"]
    assert "Registrerede borgere fordelt på aldersgrupper ved periodens slutning. Tallene står i tabellen." in figures
    assert all(figures), figures


def test_the_pdf_has_the_charts_of_the_page(herning_pdf):
    text = text_of(read_pdf(herning_pdf))
    assert "Registrerede borgere fordelt på aldersgrupper ved periodens slutning" in text
    assert "15–29" in text and "85+" in text  # the age chart's labels are text in the PDF, as on the page


def test_the_report_page_links_to_the_pdf_with_the_same_period(client):
    herning_data()
    log_in_with_second_factor(client, analyst())
    page = client.get("/personale/kommune/657/status/", PERIOD).content.decode()
    assert f'href="{PDF}?fra=2026-01-01&amp;til=2026-06-30&amp;sammenlign=2025-06-30"' in page


def test_the_platform_administrator_gets_denmarks_pdf(client, platform_administrator):
    herning_data()
    log_in_with_second_factor(client, platform_administrator)
    text = text_of(read_pdf(client.get(NATIONAL_PDF, PERIOD)))
    assert "Statusrapport: hele Danmark" in text and "Deltagende kommuner" in text
    assert f'href="{NATIONAL_PDF}' in client.get("/personale/status/").content.decode()


# --- Local files only ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://fonts.example.com/plex.woff2",
        "http://127.0.0.1:8000/static/insights/report-pdf.css",
        "file:///etc/passwd",
        "file:///static/../../../etc/passwd",
        "file:///static/insights/../../../../etc/passwd",
        "data:text/css,body{}",
    ],
)
def test_weasyprint_may_fetch_nothing_but_sammens_static_files(url):
    with pytest.raises(ValueError):
        static_files_fetcher().fetch(url)


def test_the_font_and_stylesheet_come_from_the_static_files_on_disk():
    font = static_files_fetcher().fetch(
        "file:///static/dkfds/fonts/IBMPlexSans/complete/woff2/IBMPlexSans-Regular.woff2"
    )
    assert font.read(4) == b"wOF2"
    stylesheet = static_files_fetcher().fetch("file:///static/insights/report-pdf.css")
    assert b"@page" in stylesheet.read()


# --- Access --------------------------------------------------------------------------------------------------------


def test_the_signed_out_get_the_login_page(client):
    participating("Herning")
    for url in (PDF, NATIONAL_PDF):
        response = client.get(url)
        assert response.status_code == 302 and "/konto/" in response["Location"]


def test_a_citizen_gets_404(client):
    participating("Herning")
    client.force_login(citizen("Herning"))
    assert [client.get(url).status_code for url in (PDF, NATIONAL_PDF)] == [404, 404]


def test_another_municipalitys_analyst_and_a_moderator_get_404(client):
    participating("Herning")
    log_in_with_second_factor(client, analyst("Kolding"))
    assert [client.get(url).status_code for url in (PDF, NATIONAL_PDF)] == [404, 404]
    log_in_with_second_factor(client, staff("moderator", "Herning"))
    assert client.get(PDF).status_code == 404


def test_the_municipalitys_coordinator_gets_it_but_not_denmarks(client):
    participating("Herning")
    log_in_with_second_factor(client, staff("coordinator", "Herning"))
    assert read_pdf(client.get(PDF)).pages
    assert client.get(NATIONAL_PDF).status_code == 404
