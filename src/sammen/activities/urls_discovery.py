"""Finding activities: list, month calendar, calendar (.ics) and JSON feeds, and the embeddable list."""

from django.urls import path

from sammen.activities import discovery

urlpatterns = [
    path("", discovery.activity_list, name="list"),
    path("kalender/", discovery.calendar, name="calendar"),
    path("<id:pk>/kalender.ics", discovery.activity_ics, name="activity_ics"),
    path("kommune/<slug:slug>.ics", discovery.municipality_ics, name="municipality_ics"),
    path("kommune/<slug:slug>.json", discovery.municipality_json, name="municipality_json"),
    path("forening/<slug:slug>.ics", discovery.association_ics, name="association_ics"),
    path("indlejr/<slug:slug>/", discovery.embed, name="embed"),
]
