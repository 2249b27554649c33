from django.urls import path

from sammen.moderation import views

app_name = "moderation"
urlpatterns = [
    path("rapport/boble/<id:pk>/", views.report_bubble, name="report_bubble"),
    path("rapport/besked/<id:pk>/", views.report_message, name="report_message"),
    path("rapport/person/<id:pk>/", views.report_user, name="report_user"),
    path("bloker/<id:pk>/", views.block, name="block"),
    path("personale/kommune/<str:code>/moderation/", views.queue, name="queue"),
    path("personale/kommune/<str:code>/moderation/<id:pk>/", views.report_detail, name="report"),
]
