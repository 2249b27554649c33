from django.urls import path

from sammen.christmas import staff_views, views
from sammen.christmas.models import Role

app_name = "christmas"
urlpatterns = [
    path("julevenner/", views.campaigns, name="campaigns"),
    path("julevenner/mine/", views.mine, name="mine"),
    path("julevenner/<id:pk>/", views.campaign, name="campaign"),
    path("julevenner/<id:pk>/vaert/", views.register, {"role": Role.HOST}, name="register_host"),
    path("julevenner/<id:pk>/gaest/", views.register, {"role": Role.GUEST}, name="register_guest"),
    path("julevenner/<id:pk>/samtykke/", views.give_consent, name="give_consent"),
    path("julevenner/tilmelding/<id:pk>/ret/", views.edit, name="edit"),
    path("julevenner/tilmelding/<id:pk>/traek-tilbage/", views.withdraw, name="withdraw"),
    path("julevenner/forslag/<id:pk>/svar/", views.answer, name="answer"),
    path("julevenner/samtykke/<id:pk>/traek-tilbage/", views.withdraw_consent, name="withdraw_consent"),
    path("personale/kommune/<str:code>/julevenner/", staff_views.campaigns, name="staff_campaigns"),
    path("personale/kommune/<str:code>/julevenner/ny/", staff_views.create, name="staff_create"),
    path("personale/kommune/<str:code>/julevenner/<id:pk>/", staff_views.campaign, name="staff_campaign"),
    path("personale/kommune/<str:code>/julevenner/<id:pk>/ret/", staff_views.edit, name="staff_edit"),
]
