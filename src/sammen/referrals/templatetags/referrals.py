"""Template helpers of the referral pages: figures ("under 5" where fewer than 5 referrals are behind them, "–"
where there are none; ``sammen.core.figures``)."""

from django import template

register = template.Library()

NO_DATA = "–"


@register.filter
def figure(value) -> str:
    return NO_DATA if value is None else str(value)


@register.filter
def percent(value) -> str:
    if value is None:
        return NO_DATA
    return f"{value} %" if value.shown else str(value)

