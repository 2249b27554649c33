from django import template

from sammen.core.forms import style_widgets

register = template.Library()


@register.filter
def dkfds(form):
    """Style a form that Sammen did not define (allauth's) like every Sammen form."""
    style_widgets(form)
    return form
