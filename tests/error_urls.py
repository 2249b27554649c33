"""A page that fails, for the error-report test only (Sammen's own pages do not fail on purpose)."""

from django.urls import include, path


def failing_page(request):
    raise RuntimeError("something broke while karen@example.dk was looking")


urlpatterns = [path("fejl/", failing_page), path("", include("sammen.urls"))]
