from django.urls import path

from sammen.bubbles import views

app_name = "bubbles"
urlpatterns = [
    path("", views.bubble_list, name="list"),
    path("ny/", views.create, name="create"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/ret/", views.edit, name="edit"),
    path("<id:pk>/luk/", views.close, name="close"),
    path("<id:pk>/genaabn/", views.reopen, name="reopen"),
]
