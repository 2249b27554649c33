"""Sammen: one community platform for Danish municipalities."""

from sammen.celery import app as celery_app

__all__ = ["celery_app"]
