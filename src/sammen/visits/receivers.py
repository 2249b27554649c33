"""What the visits app does when volunteering tells it something (volunteering is below visits in the layers and
cannot call it)."""

from django.dispatch import receiver

from sammen.visits import services
from sammen.volunteering.signals import volunteer_stopped


@receiver(volunteer_stopped, dispatch_uid="visits.release_pairs_of_stopped_volunteer")
def release_pairs_of_stopped_volunteer(sender, *, volunteer, reason: str, **kwargs) -> None:
    """A visiting friend paused or left: the citizens they were proposed or asked for wait for another friend,
    and on leaving their friendships end kindly, in the transaction that stopped them."""
    services.stop_volunteer(volunteer=volunteer, reason=reason)
