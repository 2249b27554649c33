from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from sammen.accounts import services as account_services
from sammen.core.cache import cache_status
from sammen.municipalities.models import Municipality


def home(request):
    return render(request, "core/home.html")


def privacy(request):
    return render(request, "core/pages/privacy.html")


def terms(request):
    return render(request, "core/pages/terms.html")


def accessibility(request):
    municipalities = Municipality.objects.exclude(accessibility_statement_url="").only(
        "name", "accessibility_statement_url"
    )
    return render(request, "core/pages/accessibility.html", {"municipalities": municipalities})


@never_cache
def healthz(request):
    """The process is alive and serving; says nothing about its dependencies."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request):
    """Ready for traffic: the database answers. The cache is reported on the next line but does not decide: without
    Redis each process carries on with a cache of its own (sammen.core.cache), so taking every web process out of
    the load balancer would turn a degraded site into no site."""
    details = f"cache: {cache_status()}"
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        return HttpResponse(f"database unavailable\n{details}\n", status=503, content_type="text/plain")
    return HttpResponse(f"ok\n{details}\n", content_type="text/plain")


@require_POST
def switch_language(request):
    response = set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(account_services.available_languages()):
        account_services.set_language(user=request.user, language=language)
    return response


def _safe_next(request) -> str:
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return "/"
    return target


@require_POST
def toggle_easy_read(request):
    if request.user.is_authenticated:
        account_services.set_easy_read(user=request.user, enabled=not request.user.easy_read)
    else:
        request.session["easy_read"] = not request.session.get("easy_read", False)
    return HttpResponseRedirect(_safe_next(request))
