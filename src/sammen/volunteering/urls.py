from django.urls import path

from sammen.volunteering import staff_views, views

app_name = "volunteering"
urlpatterns = [
    path("frivillig/", views.programmes, name="programmes"),
    path("frivillig/min-profil/", views.profile, name="profile"),
    path("frivillig/<slug:slug>/", views.programme, name="programme"),
    path("frivillig/<slug:slug>/tilmeld/", views.join, name="join"),
    path("frivillig/<slug:slug>/kursus/", views.course, name="course"),
    path("frivillig/<slug:slug>/kursus/<id:lesson>/", views.lesson, name="lesson"),
    path("frivillig/<slug:slug>/pause/", views.pause, name="pause"),
    path("frivillig/<slug:slug>/forlad/", views.leave, name="leave"),
    path("personale/kommune/<str:code>/frivillige/", staff_views.volunteers, name="staff_volunteers"),
    path("personale/kommune/<str:code>/frivillige/<id:pk>/", staff_views.volunteer, name="staff_volunteer"),
    path("personale/kommune/<str:code>/programmer/", staff_views.programmes, name="staff_programmes"),
    path("personale/kommune/<str:code>/programmer/ny/", staff_views.programme_create, name="staff_programme_create"),
    path("personale/kommune/<str:code>/programmer/<id:pk>/", staff_views.programme_edit, name="staff_programme"),
]
