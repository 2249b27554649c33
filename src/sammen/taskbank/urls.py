from django.urls import path

from sammen.taskbank import views

app_name = "taskbank"
urlpatterns = [
    path("frivilligopgaver/", views.task_list, name="list"),
    path("frivilligopgaver/ny/", views.create, name="create"),
    path("frivilligopgaver/arrangoer/", views.organiser_tasks, name="organiser"),
    path("frivilligopgaver/mine/", views.mine, name="mine"),
    path("frivilligopgaver/mine/erklaering/", views.statement, name="statement"),
    path("frivilligopgaver/mine/erklaering.csv", views.statement_csv, name="statement_csv"),
    path("frivilligopgaver/tilbud/<id:pk>/traek-tilbage/", views.withdraw, name="withdraw"),
    path("frivilligopgaver/<id:pk>/", views.detail, name="detail"),
    path("frivilligopgaver/<id:pk>/tilbyd/", views.offer_help, name="offer"),
    path("frivilligopgaver/<id:pk>/rediger/", views.edit, name="edit"),
    path("frivilligopgaver/<id:pk>/offentliggoer/", views.publish, name="publish"),
    path("frivilligopgaver/<id:pk>/aflys/", views.cancel, name="cancel"),
    path("frivilligopgaver/<id:pk>/tilbud/", views.offers, name="offers"),
]
