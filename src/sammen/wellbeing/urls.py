from django.urls import path

from sammen.wellbeing import views

app_name = "wellbeing"
urlpatterns = [
    path("trivsel/", views.mine, name="mine"),
    path("trivsel/start/", views.start, name="start"),
    path("trivsel/spoergeskema/<int:pk>/", views.answer, name="answer"),
    path("trivsel/svar/<int:pk>/", views.result, name="result"),
    path("trivsel/<int:pk>/stop/", views.withdraw, name="withdraw"),
    path("personale/kommune/<str:code>/trivsel/spoergeskema/<int:pk>/", views.staff_answer, name="staff_answer"),
    path("personale/kommune/<str:code>/trivsel/svar/<int:pk>/", views.staff_result, name="staff_result"),
]
