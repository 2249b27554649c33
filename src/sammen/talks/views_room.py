"""PLACEHOLDER: replaced by the real views."""

from django.http import Http404


def talk(request, **kwargs):
    raise Http404


def rate(request, **kwargs):
    raise Http404
