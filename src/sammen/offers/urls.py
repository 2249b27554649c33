from django.urls import path

from sammen.offers import views

app_name = "offers"
urlpatterns = [
    path("tilbud/", views.catalogue, name="catalogue"),
    path("tilbud/ny/", views.create, name="create"),
    path("tilbud/mine/", views.mine, name="mine"),
    path("tilbud/<id:pk>/", views.detail, name="detail"),
    path("tilbud/<id:pk>/rediger/", views.edit, name="edit"),
    path("tilbud/<id:pk>/indsend/", views.submit, name="submit"),
    path("personale/kommune/<str:code>/tilbud/", views.review_queue, name="review_queue"),
    path("personale/kommune/<str:code>/tilbud/<id:pk>/", views.review, name="review"),
]
