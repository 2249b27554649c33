"""PLACEHOLDER: replaced by the real views."""

from django.http import Http404


def programmes(request, **kwargs):
    raise Http404


def my_talks(request, **kwargs):
    raise Http404


def volunteer_slots(request, **kwargs):
    raise Http404


def withdraw_slot(request, **kwargs):
    raise Http404


def book(request, **kwargs):
    raise Http404


def cancel(request, **kwargs):
    raise Http404


def settle(request, **kwargs):
    raise Http404


def free_slots(request, **kwargs):
    raise Http404
