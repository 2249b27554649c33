from django.urls import path

from sammen.visits import staff_views, views

STAFF = "personale/kommune/<str:code>/besoegsvenner/"

app_name = "visits"
urlpatterns = [
    path("besoegsven/", views.home, name="home"),
    path("besoegsven/ny/", views.ask, name="ask"),
    path("besoegsven/traek-tilbage/", views.withdraw, name="withdraw"),
    path("besoegsven/min-plads/", views.room, name="room"),
    path("besoegsven/samtale-med-koordinator/", views.talk, name="talk"),
    path("besoegsven/par/<id:pk>/", views.pair, name="pair"),
    path("besoegsven/par/<id:pk>/svar/", views.answer, name="answer"),
    path(STAFF, staff_views.overview, name="staff_overview"),
    path(f"{STAFF}tilmeld/", staff_views.enrol, name="staff_enrol"),
    path(f"{STAFF}matchning/", staff_views.matching, name="staff_matching"),
    path(f"{STAFF}par/<id:pk>/", staff_views.pair, name="staff_pair"),
    path(f"{STAFF}samtaler/", staff_views.talks, name="staff_talks"),
]
