from django.urls import path

from sammen.messaging import views

app_name = "messaging"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<id:pk>/", views.conversation, name="conversation"),
    path("<id:pk>/nye/", views.new_messages, name="new_messages"),
]
