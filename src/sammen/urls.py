from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from sammen.accounts.views import admin_login
from sammen.messaging.views import respond as respond_to_bubble
from sammen.monitoring.views import prometheus_metrics

urlpatterns = [
    path("", include("sammen.site.urls")),
    path("", include("sammen.moderation.urls")),
    path("bobler/", include("sammen.bubbles.urls")),
    # Responding to a bubble opens a conversation: messaging's view, at the bubble's address.
    path("bobler/<id:pk>/svar/", respond_to_bubble, name="bubble_respond"),
    path("samtaler/", include("sammen.messaging.urls")),
    path("aktiviteter/", include("sammen.activities.urls")),
    path("", include("sammen.associations.urls")),
    path("", include("sammen.offers.urls")),
    path("", include("sammen.volunteering.urls")),
    path("", include("sammen.talks.urls")),
    path("", include("sammen.taskbank.urls")),
    path("", include("sammen.visits.urls")),
    path("", include("sammen.christmas.urls")),
    path("", include("sammen.referrals.urls")),
    path("", include("sammen.opportunities.urls")),
    path("", include("sammen.insights.urls")),
    path("", include("sammen.wellbeing.urls")),
    path("", include("sammen.privacy.urls")),
    path("konto/", include("sammen.accounts.urls")),
    path("konto/", include("allauth.urls")),
    path("personale/", include("sammen.staff.urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("metrics", prometheus_metrics),
    path("platform-admin/login/", admin_login),  # before the admin's own login form, which knows one factor
    path("platform-admin/", admin.site.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
