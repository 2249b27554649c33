from django.urls import path

from sammen.referrals import api, staff_views, views

STAFF = "personale/kommune/<str:code>/henvisninger/"

app_name = "referrals"
urlpatterns = [
    path(STAFF, staff_views.dashboard, name="staff_dashboard"),
    path(f"{STAFF}ny/", staff_views.refer, name="staff_refer"),
    path(f"{STAFF}ekstern/", staff_views.external, name="staff_external"),
    path(f"{STAFF}modtagere/", staff_views.receivers, name="staff_receivers"),
    path(f"{STAFF}modtagere/<id:pk>/", staff_views.receiver, name="staff_receiver"),
    path(
        f"{STAFF}modtagere/<id:pk>/kontakter/<id:contact>/fjern/",
        staff_views.remove_contact,
        name="staff_remove_contact",
    ),
    path(f"{STAFF}<id:pk>/", staff_views.detail, name="staff_detail"),
    path(f"{STAFF}api-noegler/", staff_views.api_keys, name="staff_api_keys"),
    path("api/v1/henvisninger/", api.ReferralIntake.as_view(), name="api_intake"),
    path("henvisninger/modtaget/", views.received, name="received"),
    path("henvisninger/modtaget/<id:pk>/", views.received_detail, name="received_detail"),
    path("mine-henvisninger/", views.mine, name="mine"),
    path("mine-henvisninger/<id:pk>/traek-samtykke-tilbage/", views.withdraw_consent, name="withdraw_consent"),
]
