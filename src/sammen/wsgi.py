"""WSGI entry point for production servers (gunicorn, uwsgi)."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sammen.settings")
application = get_wsgi_application()

# Import every app's URLs and views now, while the worker boots, rather than in the first request it serves.
get_resolver().url_patterns  # noqa: B018 - the lookup imports them

