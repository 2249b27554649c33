from django.urls import path

from sammen.staff import views

app_name = "staff"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("kommune/<str:code>/", views.municipality_details, name="municipality"),
    path("kommune/<str:code>/deltagelse/", views.participation, name="participation"),
    path("kommune/<str:code>/borgere/", views.citizens, name="citizens"),
    path("kommune/<str:code>/borgere/<id:user_id>/", views.citizen_detail, name="citizen"),
    path("kommune/<str:code>/enheder/", views.units, name="units"),
    path("kommune/<str:code>/enheder/<id:pk>/", views.unit_edit, name="unit_edit"),
    path("kommune/<str:code>/enheder/<id:pk>/aktiv/", views.unit_active, name="unit_active"),
    path("log/udtraek/", views.audit_export, name="audit_export"),
]
