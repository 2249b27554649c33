"""Every public list names its filters in Danish, like its address; links made with the old English names (in
e-mails, bookmarks, other sites) are answered with a permanent redirect to the same list under the new names."""

import pytest

from sammen.taxonomy.models import Category
from tests.factories import municipality

pytestmark = pytest.mark.django_db


def test_old_bubble_links_go_to_the_danish_names_with_the_same_choices(client):
    herning, kolding = municipality("Herning"), municipality("Kolding")
    walk = Category.objects.get(slug="gaature")
    response = client.get(
        "/bobler/",
        {
            "q": "kaffe",
            "scope": "chosen",
            "municipalities": [herning.pk, kolding.pk],
            "category": walk.pk,
            "age": "70",
            "recency": "week",
            "order": "relevance",
            "side": "2",
        },
    )
    assert response.status_code == 301
    followed = client.get(response["Location"])
    form = followed.context["form"]
    assert form.is_valid(), form.errors
    assert form.cleaned_data["hvor"] == "valgte"
    assert sorted(m.name for m in form.cleaned_data["kommune"]) == ["Herning", "Kolding"]
    assert form.cleaned_data["kategori"] == walk
    chosen = (form.cleaned_data["alder"], form.cleaned_data["opslaaet"], form.cleaned_data["orden"])
    assert chosen == (70, "uge", "bedst")
    assert "q=kaffe" in response["Location"] and "side=2" in response["Location"]


def test_old_association_and_offer_links_go_to_the_danish_names(client):
    kolding = municipality("Kolding")
    response = client.get("/foreninger/", {"municipality": kolding.pk})
    assert (response.status_code, response["Location"]) == (301, "/foreninger/?kommune=kolding")
    response = client.get("/tilbud/", {"problem_area": "sorg", "municipality": "herning", "rehabilitation": "on"})
    assert response.status_code == 301
    assert response["Location"] == "/tilbud/?problemomraade=sorg&kommune=herning&slusehold=on"


def test_the_danish_names_are_what_the_filter_forms_send(client):
    for path, names in [
        ("/bobler/", ["hvor", "kommune", "kategori", "alder", "opslaaet", "orden"]),
        ("/foreninger/", ["kommune", "kategori"]),
        ("/tilbud/", ["problemomraade", "maalgruppe", "aldersgruppe", "kommune", "slusehold"]),
        ("/aktiviteter/", ["kommune", "fra", "til", "kategori", "maalgruppe", "tilgaengelighed"]),
    ]:
        page = client.get(path).content.decode()
        for name in names:
            assert f'name="{name}"' in page, (path, name)
