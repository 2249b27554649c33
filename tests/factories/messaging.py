"""Conversations and messages, made directly in the database (no e-mail, no unread bookkeeping)."""

import factory

from sammen.messaging.models import Conversation, Message
from tests.factories.bubbles import BubbleFactory
from tests.factories.people import UserFactory


class ConversationFactory(factory.django.DjangoModelFactory):
    """A responder's conversation with the author of a bubble."""

    class Meta:
        model = Conversation

    bubble = factory.SubFactory(BubbleFactory)
    author = factory.SelfAttribute("bubble.author")
    responder = factory.SubFactory(UserFactory)


class MessageFactory(factory.django.DjangoModelFactory):
    """A message from the responder in a conversation."""

    class Meta:
        model = Message

    conversation = factory.SubFactory(ConversationFactory)
    sender = factory.SelfAttribute("conversation.responder")
    body = "Hej! Jeg vil gerne være med."
