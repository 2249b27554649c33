from django.urls import path

from sammen.opportunities import views

app_name = "opportunities"
STAFF = "personale/kommune/<str:code>/muligheder/"
urlpatterns = [
    path("muligheder/ny/", views.volunteering_create, name="volunteering_create"),
    path(STAFF, views.overview, name="overview"),
    path(f"{STAFF}forloeb/ny/", views.course_create, name="course_create"),
    path(f"{STAFF}forloeb/<id:pk>/", views.course, name="course"),
    path(f"{STAFF}forloeb/<id:pk>/rediger/", views.course_edit, name="course_edit"),
    path(f"{STAFF}ny/", views.opportunity_create, name="opportunity_create"),
    path(f"{STAFF}<id:pk>/", views.opportunity, name="opportunity"),
]
