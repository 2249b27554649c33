"""PLACEHOLDER: replaced by the real views."""

from django.http import Http404


def figures(request, **kwargs):
    raise Http404
