from django.urls import path

from sammen.activities import views

app_name = "activities"
urlpatterns = [
    path("dato/<int:pk>/tilmeld/", views.sign_up, name="sign_up"),
]
