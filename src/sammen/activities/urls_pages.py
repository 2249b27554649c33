from django.urls import path

from sammen.activities import views

urlpatterns = [
    path("ny/", views.create, name="create"),
    path("mine/", views.mine, name="mine"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/rediger/", views.edit, name="edit"),
    path("<id:pk>/aflys/", views.cancel, name="cancel"),
    path("dato/<id:pk>/", views.occurrence, name="occurrence"),
    path("dato/<id:pk>/besked/", views.message_participants, name="message"),
    path("dato/<id:pk>/ret/", views.change_occurrence, name="change_occurrence"),
    path("dato/<id:pk>/aflys/", views.cancel_occurrence, name="cancel_occurrence"),
    path("dato/<id:pk>/tilmeld/", views.sign_up, name="sign_up"),
    path("dato/<id:pk>/afmeld/", views.cancel_signup, name="cancel_signup"),
]
