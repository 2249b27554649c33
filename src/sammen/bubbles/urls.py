from django.urls import path

from sammen.bubbles import views

app_name = "bubbles"
urlpatterns = [
    path("", views.bubble_list, name="list"),
    path("ny/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/ret/", views.edit, name="edit"),
    path("<int:pk>/luk/", views.close, name="close"),
    path("<int:pk>/genaabn/", views.reopen, name="reopen"),
    path("<int:pk>/svar/", views.respond, name="respond"),
]
