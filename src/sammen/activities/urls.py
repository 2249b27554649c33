"""The activities' URLs: the pages for taking part and organising (urls_pages) and for finding activities,
calendars and feeds (urls_discovery)."""

from django.urls import include, path

app_name = "activities"
urlpatterns = [
    path("", include("sammen.activities.urls_pages")),
    path("", include("sammen.activities.urls_discovery")),
]
