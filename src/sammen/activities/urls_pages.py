from django.urls import path

from sammen.activities import views

urlpatterns = [
    path("ny/", views.create, name="create"),
    path("mine/", views.mine, name="mine"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/rediger/", views.edit, name="edit"),
    path("<int:pk>/aflys/", views.cancel, name="cancel"),
    path("dato/<int:pk>/", views.occurrence, name="occurrence"),
    path("dato/<int:pk>/besked/", views.message_participants, name="message"),
    path("dato/<int:pk>/ret/", views.change_occurrence, name="change_occurrence"),
    path("dato/<int:pk>/aflys/", views.cancel_occurrence, name="cancel_occurrence"),
    path("dato/<int:pk>/tilmeld/", views.sign_up, name="sign_up"),
    path("dato/<int:pk>/afmeld/", views.cancel_signup, name="cancel_signup"),
]
