"""Finding activities: the list and the month calendar with their filters, the calendar and JSON feeds, and the
small list a municipality can put on its own web site.

Every page and feed takes the same filters as query parameters (``kommune``, ``fra``, ``til``, ``kategori``,
``maalgruppe``, ``tilgaengelighed``, ``q``), named by slugs, so that a filtered list, its feed and its embedded
list share one link format.
"""

import datetime
import functools
import hashlib
import re

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.forms.utils import flatatt
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_exempt

from sammen.activities import feeds, queries
from sammen.activities.models import Activity, shown
from sammen.associations.models import Association
from sammen.core.forms import CalendarDateField, DateInput, SammenFormMixin
from sammen.core.paging import page_without_count
from sammen.municipalities.models import Municipality
from sammen.search import services as search
from sammen.taxonomy.forms import category_filter
from sammen.taxonomy.models import Term
from sammen.taxonomy.vocabularies import Vocabulary

PAGE_SIZE = 20
# A month in one municipality is a few hundred dates at most; all of Denmark is paged.
CALENDAR_PAGE_SIZE = 200
EMBED_SIZE, EMBED_MAX = 10, 50
JSON_SIZE, JSON_MAX = 100, feeds.MAX_EVENTS
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class Select(forms.Select):
    """Django's select, with the options written here instead of by a template each: 98 municipalities through
    templates were a third of the list page's time."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(item) for item in self.format_value(value)}
        options = format_html_join(
            "",
            '\n<option value="{}"{}>{}</option>',
            (
                (option, mark_safe(" selected") if str(option) in chosen else "", label)
                for option, label in self.choices
            ),
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}\n</select>', name, attributes, options)


class MunicipalitySelect(Select):
    """One municipality is chosen in the form, while a link may name several (``?kommune=a&kommune=b``)."""

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return [value for value in values if value]


class Checkboxes(forms.CheckboxSelectMultiple):
    """Like core's checkbox list (``django/forms/widgets/multiple_input.html``), written here for the same reason."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        base_id = attrs.get("id", f"id_{name}")
        chosen = {str(item) for item in self.format_value(value)}
        boxes = format_html_join(
            "",
            '<div class="form-group-checkbox"><input type="checkbox" name="{}" value="{}" id="{}" class="{}"{}>'
            '<label for="{}" class="form-label">{}</label></div>',
            (
                (
                    name,
                    option,
                    f"{base_id}_{index}",
                    attrs.get("class", ""),
                    mark_safe(" checked") if str(option) in chosen else "",
                    f"{base_id}_{index}",
                    label,
                )
                for index, (option, label) in enumerate(self.choices)
            ),
        )
        return format_html('<div id="{}">{}</div>', base_id, boxes)


class DiscoveryFilterForm(SammenFormMixin, forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=100)
    kommune = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Municipality"),
        queryset=Municipality.objects.only("name", "slug"),
        to_field_name="slug",
        required=False,
        widget=MunicipalitySelect,
    )
    fra = CalendarDateField(label=gettext_lazy("From date"), required=False, widget=DateInput)
    til = CalendarDateField(label=gettext_lazy("To date"), required=False, widget=DateInput)
    kategori = category_filter(widget=Select)
    maalgruppe = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Target group"),
        queryset=Term.objects.of(Vocabulary.TARGET_GROUP),
        to_field_name="slug",
        required=False,
        widget=Checkboxes,
        help_text=gettext_lazy("Activities for at least one of the groups you choose."),
    )
    tilgaengelighed = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Accessibility"),
        queryset=Term.objects.of(Vocabulary.ACCESSIBILITY),
        to_field_name="slug",
        required=False,
        widget=Checkboxes,
        help_text=gettext_lazy("Only activities that have everything you choose."),
    )

    def __init__(self, *args, dates: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommune"].empty_label = gettext_lazy("All of Denmark")
        if not dates:
            del self.fields["fra"], self.fields["til"]

    MAIN_FIELDS = ("q", "kommune")

    @property
    def main_fields(self) -> list:
        return [self[name] for name in self.MAIN_FIELDS]

    @property
    def more_fields(self) -> list:
        """Dates, category, target group, accessibility: folded away until someone needs them, so that on a phone
        the dates come soon after the search field."""
        return [field for field in self if field.name not in self.MAIN_FIELDS]

    @property
    def more_chosen(self) -> bool:
        return any(self.data.get(field.name) or field.errors for field in self.more_fields)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("fra"), cleaned.get("til")
        if start and end and end < start:
            self.add_error("til", _("“To date” must be the same day as “from date” or later."))
        return cleaned

    def filters(self) -> queries.Filters:
        """The valid filters (an invalid one is shown with its message and left out); dates in Copenhagen time."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        now = timezone.now()
        start, end = cleaned.get("fra"), cleaned.get("til")
        return queries.Filters(
            municipality_ids=[municipality.pk for municipality in cleaned.get("kommune") or []],
            starts_from=max(queries.local_day_start(start), now) if start else now,
            until=queries.local_day_start(end + datetime.timedelta(days=1)) if end else None,
            category=cleaned.get("kategori"),
            target_groups=list(cleaned.get("maalgruppe") or []),
            accessibility=list(cleaned.get("tilgaengelighed") or []),
            text=(cleaned.get("q") or "").strip(),
        )

    def chosen_municipality(self) -> Municipality | None:
        chosen = list(getattr(self, "cleaned_data", {}).get("kommune") or [])
        return chosen[0] if len(chosen) == 1 else None


def label_times(occurrences) -> list:
    """Give each date its time as people read it, "tirsdag 1. december kl. 10.00–11.00" (``when``) and
    "kl. 10.00–11.00" (``hours``), in Danish time.

    Made here rather than with template filters, which cost more than all the rest of a date's card.
    """
    occurrences = list(occurrences)
    with_day, hours_only = _("%(day)s at %(start)s–%(end)s"), _("at %(start)s–%(end)s")
    for occurrence in occurrences:
        start, end = timezone.localtime(occurrence.starts_at), timezone.localtime(occurrence.ends_at)
        times = {"start": f"{start:%H.%M}", "end": f"{end:%H.%M}"}
        occurrence.when = with_day % {"day": formats.date_format(start, "l j. F"), **times}
        occurrence.hours = hours_only % times
    return occurrences


def _detail_url(request, activity_id: int) -> str:
    return request.build_absolute_uri(reverse("activities:detail", args=[activity_id]))


def activity_list(request):
    form = DiscoveryFilterForm(request.GET or None)
    filters = form.filters()
    page = page_without_count(queries.upcoming_occurrences(filters), request.GET.get("side"), size=PAGE_SIZE)
    label_times(page.items)
    if filters.text and page.number == 1:
        search.record_search_from_request(request, filters.text)
    return render(
        request,
        "activities/list.html",
        {
            "form": form,
            "page": page,
            **_share(request, form.chosen_municipality()),
        },
    )


def _share(request, municipality: Municipality | None) -> dict:
    """With one municipality chosen, its feeds and the code that puts its list on the municipality's web site."""
    if municipality is None:
        return {}
    embed_url = request.build_absolute_uri(reverse("activities:embed", args=[municipality.slug]))
    return {"municipality": municipality, "embed_url": embed_url}


def _month(raw: str | None) -> tuple[int, int]:
    match = MONTH.match(raw or "")
    if match:
        year, month = int(match[1]), int(match[2])
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return year, month
    today = timezone.localdate()
    return today.year, today.month


def calendar(request):
    """A month as a list of days with their activities (headings per day), which a screen reader can walk."""
    year, month = _month(request.GET.get("maaned"))
    data = request.GET.copy()
    user = request.user
    if "kommune" not in data and user.is_authenticated and user.municipality_id:
        data.setlist("kommune", [user.municipality.slug])
    form = DiscoveryFilterForm(data, dates=False)
    filters = form.filters()
    filters.starts_from, filters.until = queries.month_bounds(year, month)
    page = page_without_count(queries.upcoming_occurrences(filters), request.GET.get("side"), size=CALENDAR_PAGE_SIZE)
    label_times(page.items)
    previous_month = datetime.date(year, month, 1) - datetime.timedelta(days=1)
    next_month = datetime.date(year, month, 28) + datetime.timedelta(days=4)
    return render(
        request,
        "activities/calendar.html",
        {
            "form": form,
            "page": page,
            "days": queries.by_local_day(page),
            "month_start": datetime.date(year, month, 1),
            "month_value": f"{year:04d}-{month:02d}",
            # The month links keep the filters, including the municipality chosen for the person by default.
            "filter_params": data,
            "previous_month": f"{previous_month:%Y-%m}",
            "next_month": f"{next_month:%Y-%m}",
            **_share(request, form.chosen_municipality()),
        },
    )


def cached_feed(view):
    """Keep a feed's answer for SAMMEN_FEED_CACHE_SECONDS (default five minutes; 0 turns it off).

    Calendar apps and municipalities' web sites fetch the same feeds over and over, and a year of dates costs
    about a second to write as iCalendar; a date changed or cancelled shows up in feeds at most that much later.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.SAMMEN_FEED_CACHE_SECONDS
        if not seconds:
            return view(request, *args, **kwargs)
        address = f"{translation.get_language()} {request.build_absolute_uri()}"
        key = "activities:feed:" + hashlib.sha256(address.encode()).hexdigest()
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                cache.set(key, response, seconds)
        return response

    return wrapper


def _ics_response(request, occurrences, *, name: str, filename: str) -> HttpResponse:
    body = feeds.ics_calendar(occurrences, name=name, link_for=lambda o: _detail_url(request, o.activity_id))
    response = HttpResponse(body, content_type=feeds.ICS_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=300"
    return response


def _feed_dates(request, **scope):
    """The dates of a feed: its scope, the filters in the link, within the feeds' window, at most MAX_EVENTS."""
    filters = DiscoveryFilterForm(request.GET, dates=False).filters()
    filters.starts_from, filters.until = feeds.feed_window()
    for name, value in scope.items():
        setattr(filters, name, value)
    return queries.upcoming_occurrences(filters)[: feeds.MAX_EVENTS]


@cached_feed
def activity_ics(request, pk: int):
    """All dates of one activity; a wholly cancelled one stays in subscribers' calendars, marked cancelled."""
    activity = get_object_or_404(Activity.objects.filter(shown()), pk=pk)
    since, until = feeds.feed_window()
    dates = activity.occurrences.filter(starts_at__gte=since, starts_at__lt=until)
    dates = queries.with_seats(dates).order_by("starts_at", "id")
    return _ics_response(request, dates[: feeds.MAX_EVENTS], name=activity.title, filename=f"aktivitet-{pk}.ics")


@cached_feed
def municipality_ics(request, slug: str):
    municipality = get_object_or_404(Municipality, slug=slug)
    dates = _feed_dates(request, municipality_ids=[municipality.pk])
    name = _("Activities in %(name)s Municipality") % {"name": municipality.name}
    return _ics_response(request, dates, name=name, filename=f"{slug}.ics")


@cached_feed
def association_ics(request, slug: str):
    association = get_object_or_404(Association.objects.visible(), slug=slug)
    dates = _feed_dates(request, association=association)
    return _ics_response(request, dates, name=association.name, filename=f"{slug}.ics")


def _count(raw: str | None, default: int, maximum: int) -> int:
    try:
        return max(1, min(int(raw), maximum))
    except (TypeError, ValueError):
        return default


@cached_feed
def municipality_json(request, slug: str):
    """The upcoming dates for a municipality's own web site; any site may fetch it (CORS)."""
    municipality = get_object_or_404(Municipality, slug=slug)
    filters = DiscoveryFilterForm(request.GET).filters()
    filters.municipality_ids = [municipality.pk]
    if filters.until is None:
        filters.until = timezone.now() + feeds.HORIZON
    size = _count(request.GET.get("antal"), JSON_SIZE, JSON_MAX)
    dates = queries.upcoming_occurrences(filters).prefetch_related("activity__target_groups", "activity__accessibility")
    payload = {
        "municipality": {"name": municipality.name, "slug": municipality.slug, "code": municipality.code},
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "occurrences": [
            feeds.json_occurrence(occurrence, url=_detail_url(request, occurrence.activity_id))
            for occurrence in dates[:size]
        ],
    }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response


@xframe_options_exempt
@cached_feed
def embed(request, slug: str):
    """The next dates in a municipality as a small page for an iframe on the municipality's own web site."""
    municipality = get_object_or_404(Municipality, slug=slug)
    filters = DiscoveryFilterForm(request.GET).filters()
    filters.municipality_ids = [municipality.pk]
    size = _count(request.GET.get("antal"), EMBED_SIZE, EMBED_MAX)
    context = {
        "municipality": municipality,
        "occurrences": label_times(queries.upcoming_occurrences(filters)[:size]),
    }
    return render(request, "activities/embed.html", context)
