from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sammen.bubbles import queries as bubble_queries
from sammen.core.errors import SammenError
from sammen.core.ids import parse_id
from sammen.core.paging import page_without_count
from sammen.messaging import queries, services
from sammen.messaging.models import MESSAGE_MAX_LENGTH


@require_POST
@login_required
def respond(request, pk: int):
    """Respond to a bubble: open (or reopen) the conversation with its author."""
    bubble = bubble_queries.bubble_for_page(pk)
    if not bubble_queries.visible_to(request.user, bubble):
        raise Http404
    try:
        conversation = services.respond_to_bubble(bubble=bubble, responder=request.user)
    except SammenError as error:
        messages.error(request, str(error))
        return redirect("bubbles:detail", pk=pk)
    return redirect("messaging:conversation", pk=conversation.pk)


@login_required
def inbox(request):
    page = page_without_count(queries.inbox(request.user), request.GET.get("side"), size=queries.INBOX_PAGE_SIZE)
    return render(request, "messaging/inbox.html", {"page": page})


def _opened_by_the_person(request) -> bool:
    """Whether this view of a conversation is the person's own, which marks its messages read.

    A link on another site opens the page in the person's browser with their session (the session cookie is
    SameSite=Lax, so it goes along on a top-level navigation), and would otherwise clear their unread count
    without them having seen anything. Browsers say where a request came from in Sec-Fetch-Site: "same-origin"
    (a link or redirect within Sammen) and "none" (typed, a bookmark, a link from a mail program) count; "cross-site"
    and "same-site" do not. Browsers from before 2023 send no such header and count as before. The htmx poll
    always counts: a page on another site cannot send its header with the session cookie.
    """
    if request.htmx:
        return True
    return request.headers.get("Sec-Fetch-Site", "none") in {"same-origin", "none"}


@login_required
def conversation(request, pk: int):
    current = queries.conversation_for_party(request.user, pk)
    typed = ""
    if request.method == "POST":
        typed = request.POST.get("body", "")
        try:
            services.send_message(conversation=current, sender=request.user, body=typed)
        except SammenError as error:
            messages.error(request, str(error))
        else:
            return redirect("messaging:conversation", pk=pk)
    thread = list(queries.messages_in(current))
    marked_read = bool(thread) and _opened_by_the_person(request)
    if marked_read:
        services.mark_read(conversation=current, reader=request.user, up_to=thread[-1].created_at)
    return render(
        request,
        "messaging/conversation.html",
        {
            "conversation": current,
            "other": current.other_party(request.user),
            "thread": thread,
            "last_id": thread[-1].pk if thread else 0,
            "unmarked_id": thread[-1].pk if thread and not marked_read else None,
            "read_only_reason": services.read_only_reason(current, request.user),
            "typed": typed,
            "max_length": MESSAGE_MAX_LENGTH,
        },
    )


@login_required
def new_messages(request, pk: int):
    """The htmx poll: messages after the last one the page shows."""
    current = queries.conversation_for_party(request.user, pk)
    after = parse_id(request.GET.get("efter")) or 0
    thread = list(queries.messages_in(current, after_id=after))
    if _opened_by_the_person(request):
        # "vist": the newest message of a page that was opened from another site and so marked nothing; the
        # page has now been in front of the person for a poll's interval.
        newest = thread[-1] if thread else queries.message_in(current, parse_id(request.GET.get("vist")))
        if newest is not None:
            services.mark_read(conversation=current, reader=request.user, up_to=newest.created_at)
    return render(
        request,
        "messaging/_new_messages.html",
        {"conversation": current, "thread": thread, "last_id": thread[-1].pk if thread else after},
    )
