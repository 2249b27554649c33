"""The messages a person has written, for "Hent mine data" (see ``sammen.core.personal_data``)."""

from django.utils.translation import gettext_lazy as _

from sammen.core.personal_data import register
from sammen.messaging.models import Message


def export_messages(user) -> list:
    messages = Message.objects.filter(sender=user).select_related("conversation__bubble").order_by("created_at", "pk")
    return [
        {
            _("Conversation about"): message.conversation.subject,
            _("Written"): message.created_at,
            _("Message"): message.body,
            _("Hidden by a moderator"): message.hidden_at is not None,
        }
        for message in messages
    ]


register(
    "messaging.messages",
    title=_("Messages you have written"),
    order=30,
    export=export_messages,
    on_deletion=_(
        "The people you have written with keep the conversation, so that it still makes sense to them; your "
        "messages are shown as from “a deleted profile”, without your name or picture."
    ),
)
