from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sammen.bubbles import queries, services
from sammen.bubbles.forms import BubbleFilterForm, BubbleForm
from sammen.bubbles.models import Bubble
from sammen.core.errors import SammenError
from sammen.core.forms import add_service_error
from sammen.core.paging import page_without_count
from sammen.core.querynames import renamed_parameters
from sammen.municipalities import queries as municipality_queries
from sammen.search import services as search
from sammen.taxonomy.queries import category_slugs_of_ids

PAGE_SIZE = 20


# Links from before the list's parameters were Danish (the values changed with them).
OLD_PARAMETERS = {
    "scope": ("hvor", lambda values: [{"all": "alle", "mine": "min", "chosen": "valgte"}.get(v, v) for v in values]),
    "municipalities": ("kommune", municipality_queries.slugs_of_ids),
    "category": ("kategori", category_slugs_of_ids),
    "age": "alder",
    "recency": (
        "opslaaet",
        lambda values: [{"week": "uge", "month": "maaned", "quarter": "kvartal"}.get(v, v) for v in values],
    ),
    "order": ("orden", lambda values: [{"newest": "nyeste", "relevance": "bedst"}.get(v, v) for v in values]),
}
RECENCY = {"uge": "week", "maaned": "month", "kvartal": "quarter"}


@renamed_parameters(OLD_PARAMETERS)
def bubble_list(request):
    form = BubbleFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    user = request.user
    scope = filters.get("hvor") or "alle"
    municipality_ids = None
    if scope == "min" and user.is_authenticated and user.municipality_id:
        municipality_ids = [user.municipality_id]
    elif scope == "valgte" and filters.get("kommune"):
        municipality_ids = [m.pk for m in filters["kommune"]]
    query = (filters.get("q") or "").strip()
    bubbles = queries.bubble_list(
        viewer=user,
        query=query,
        municipality_ids=municipality_ids,
        category=filters.get("kategori"),
        age=filters.get("alder"),
        recency=RECENCY.get(filters.get("opslaaet") or "", ""),
        order="relevance" if filters.get("orden") == "bedst" else "newest",
    )
    page = page_without_count(bubbles, request.GET.get("side"), size=PAGE_SIZE)
    if query and page.number == 1:
        # Stored without the user: only the normalised term, the municipality and the day (for the top-5 figure).
        search.record_search_from_request(request, query)
    return render(request, "bubbles/list.html", {"form": form, "page": page})


def detail(request, pk: int):
    bubble = queries.bubble_for_page(pk)
    if not queries.visible_to(request.user, bubble):
        raise Http404
    user = request.user
    context = {"bubble": bubble, "is_author": user.is_authenticated and user.pk == bubble.author_id}
    author = bubble.author
    context["author_not_participating"] = bool(author.municipality_id and not author.municipality.participates_on())
    if context["is_author"]:
        context["responses"] = queries.responses_to(bubble)
    elif user.is_authenticated:
        context["my_conversation"] = bubble.conversations.filter(responder=user).first()
        services.record_viewing(viewer=user, bubble_municipality_ids={bubble.municipality_id})
    return render(request, "bubbles/detail.html", context)


def _form_page(request, form, bubble=None):
    return render(request, "bubbles/form.html", {"form": form, "bubble": bubble})


@login_required
def create(request):
    initial = {"municipality": request.user.municipality_id, "postal_code": request.user.postal_code}
    form = BubbleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            fields = {name: form.cleaned_data[name] for name in BubbleForm.Meta.fields}
            bubble = services.create_bubble(author=request.user, fields=fields)
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your bubble is published."))
            if form.contact_warning:
                messages.warning(
                    request, _("Your bubble contains a phone number or an e-mail address. Anyone can read it.")
                )
            return redirect("bubbles:detail", pk=bubble.pk)
    return _form_page(request, form)


@login_required
def edit(request, pk: int):
    bubble = get_object_or_404(Bubble, pk=pk, author=request.user, hidden_at__isnull=True)
    form = BubbleForm(request.POST or None, instance=bubble)
    if request.method == "POST" and form.is_valid():
        try:
            fields = {name: form.cleaned_data[name] for name in BubbleForm.Meta.fields}
            services.update_bubble(bubble=Bubble.objects.get(pk=pk), by=request.user, fields=fields)
        except SammenError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your bubble is saved."))
            if form.contact_warning:
                messages.warning(
                    request, _("Your bubble contains a phone number or an e-mail address. Anyone can read it.")
                )
            return redirect("bubbles:detail", pk=pk)
    return _form_page(request, form, bubble)


def _author_action(request, pk: int, action, success: str):
    bubble = get_object_or_404(Bubble, pk=pk, author=request.user, hidden_at__isnull=True)
    try:
        action(bubble=bubble, by=request.user)
    except SammenError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect("bubbles:detail", pk=pk)


@require_POST
@login_required
def close(request, pk: int):
    return _author_action(request, pk, services.close_bubble, _("Your bubble is closed."))


@require_POST
@login_required
def reopen(request, pk: int):
    return _author_action(request, pk, services.reopen_bubble, _("Your bubble is open again."))
