from django.urls import path

from sammen.talks import views, views_figures, views_room

app_name = "talks"
urlpatterns = [
    path("snak/", views.programmes, name="programmes"),
    path("snak/mine/", views.my_talks, name="mine"),
    path("snak/mine-tider/", views.volunteer_slots, name="volunteer_slots"),
    path("snak/mine-tider/<id:pk>/fjern/", views.withdraw_slot, name="withdraw_slot"),
    path("snak/tid/<id:pk>/", views.book, name="book"),
    path("snak/samtale/<id:pk>/", views_room.talk, name="talk"),
    path("snak/samtale/<id:pk>/aflys/", views.cancel, name="cancel"),
    path("snak/samtale/<id:pk>/udfald/", views.settle, name="settle"),
    path("snak/samtale/<id:pk>/vurdering/", views_room.rate, name="rate"),
    path("snak/<slug:programme>/", views.free_slots, name="free_slots"),
    path("personale/kommune/<str:code>/snak/", views_figures.figures, name="figures"),
]
