from django.urls import path

from sammen.site import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("privatliv/", views.privacy, name="privacy"),
    path("vilkaar/", views.terms, name="terms"),
    path("tilgaengelighed/", views.accessibility, name="accessibility"),
    path("sprog/", views.switch_language, name="switch_language"),
    path("let-laesning/", views.toggle_easy_read, name="toggle_easy_read"),
]
