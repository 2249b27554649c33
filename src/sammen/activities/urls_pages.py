from django.urls import path

from sammen.activities import views

urlpatterns = [
    path("dato/<int:pk>/tilmeld/", views.sign_up, name="sign_up"),
]
