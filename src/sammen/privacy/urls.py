from django.urls import path

from sammen.privacy import views

app_name = "privacy"
urlpatterns = [
    path("mine-data/", views.my_data, name="my_data"),
    path("mine-data/sammen-mine-data.json", views.my_data_json, name="my_data_json"),
    path("slet-min-konto/", views.delete_account, name="delete_account"),
    path("slet-min-konto/slettet/", views.account_deleted, name="account_deleted"),
]
