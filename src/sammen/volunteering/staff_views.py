"""PLACEHOLDER: replaced by the real views."""

from django.http import Http404


def volunteers(request, **kwargs):
    raise Http404


def volunteer(request, **kwargs):
    raise Http404


def programmes(request, **kwargs):
    raise Http404


def programme_create(request, **kwargs):
    raise Http404


def programme_edit(request, **kwargs):
    raise Http404
