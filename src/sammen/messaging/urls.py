from django.urls import path

from sammen.messaging import views

app_name = "messaging"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.conversation, name="conversation"),
    path("<int:pk>/nye/", views.new_messages, name="new_messages"),
]
