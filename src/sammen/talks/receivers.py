"""What the talks app does when volunteering tells it something (volunteering is below talks in the layers and
cannot call it)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from sammen.talks import services
from sammen.volunteering.models import VolunteerProfile
from sammen.volunteering.signals import volunteer_stopped


@receiver(volunteer_stopped, dispatch_uid="talks.cancel_talks_of_stopped_volunteer")
def cancel_talks_of_stopped_volunteer(sender, *, volunteer, reason: str, **kwargs) -> None:
    """A volunteer paused or left: their future talks in that programme are cancelled (the citizens are told) and
    their free times withdrawn, in the transaction that stopped them."""
    services.stop_volunteer(volunteer=volunteer, reason=reason)


@receiver(post_save, sender=VolunteerProfile, dispatch_uid="talks.keep_slot_languages_in_step")
def keep_slot_languages_in_step(sender, *, instance: VolunteerProfile, raw: bool = False, **kwargs) -> None:
    """The search finds a slot by the languages copied onto it: a volunteer who adds a language is found by it in
    all their future times."""
    if not raw:
        services.copy_languages_to_future_slots(instance.user)
