"""PLACEHOLDER: replaced by the real views."""

from django.http import Http404


def programmes(request, **kwargs):
    raise Http404


def profile(request, **kwargs):
    raise Http404


def programme(request, **kwargs):
    raise Http404


def join(request, **kwargs):
    raise Http404


def course(request, **kwargs):
    raise Http404


def lesson(request, **kwargs):
    raise Http404


def pause(request, **kwargs):
    raise Http404


def leave(request, **kwargs):
    raise Http404
