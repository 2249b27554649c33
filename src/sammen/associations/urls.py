"""Included at the site root: the public association pages under /foreninger/ and the staff pages under
/personale/kommune/<code>/ (the fixed paths come before /foreninger/<slug>/)."""

from django.urls import path

from sammen.associations import views

app_name = "associations"
urlpatterns = [
    path("foreninger/", views.directory, name="directory"),
    path("foreninger/ny/", views.register, name="register"),
    path("foreninger/mine/", views.mine, name="mine"),
    path("foreninger/invitation/<str:token>/", views.accept, name="accept"),
    path("foreninger/<slug:slug>/", views.profile, name="profile"),
    path("foreninger/<slug:slug>/rediger/", views.edit, name="edit"),
    path("foreninger/<slug:slug>/repraesentanter/", views.representatives, name="representatives"),
    path("foreninger/<slug:slug>/repraesentanter/traed-ud/", views.leave, name="leave"),
    path("personale/kommune/<str:code>/foreninger/", views.staff_associations, name="staff_list"),
    path("personale/kommune/<str:code>/foreninger/<id:pk>/", views.staff_association_action, name="staff_action"),
]
