"""What the programmes built on volunteering hear about a volunteer (volunteering cannot know them: they are
above it in the layers).

``volunteer_stopped`` is sent inside the transaction that pauses a volunteer or ends their membership, with
``volunteer`` and ``reason`` ("paused" or "left"); a receiver cancels what the volunteer had promised in its own
programme (future booked talks, with notice to the citizens) in that same transaction.
"""

from django.dispatch import Signal

volunteer_stopped = Signal()
