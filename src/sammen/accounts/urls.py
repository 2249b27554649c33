from django.urls import path

from sammen.accounts import views, views_phone, views_target_groups

app_name = "accounts"
urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("mobil/", views_phone.phone, name="phone"),
    path("mobil/bekraeft/", views_phone.phone_confirm, name="phone_confirm"),
    path("om-mig/", views_target_groups.target_groups, name="target_groups"),
]
