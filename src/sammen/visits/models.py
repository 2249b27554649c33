"""Visiting friends (besøgsvenner): a citizen asks for a friend who visits them (at home or online), a volunteer of
a visits programme says how many friends they have room for, the coordinator runs the matching engine and
confirms the pairs it proposes, both accept, and then they meet, log their meetings and are checked in on.

A request's hours per month follow from how often the citizen would like a visit, so that the coordinator sees
whether the volunteers' hours keep up with the hours the citizens ask for.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sammen.accounts.models import Gender
from sammen.activities.models import Activity
from sammen.core.denmark import postal_code_validator
from sammen.messaging.models import Conversation
from sammen.municipalities.models import Municipality
from sammen.taxonomy.models import Category
from sammen.volunteering.models import Programme, Volunteer

# A visit lasts about two hours; a request's hours per month are its visits per month times this.
HOURS_PER_VISIT = 2


class Way(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online (video or phone)")
    EITHER = "either", _("In person or online")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every other week")
    MONTHLY = "monthly", _("Once a month")


VISITS_PER_MONTH = {Frequency.WEEKLY: 4, Frequency.FORTNIGHTLY: 2, Frequency.MONTHLY: 1}


class Mobility(models.TextChoices):
    """How well the citizen gets about, from the easiest to the hardest for a visitor (the order matters)."""

    WALKS = "walks", _("Walks without help")
    WALKER = "walker", _("Walks with a walker")
    WHEELCHAIR = "wheelchair", _("Uses a wheelchair")
    BEDRIDDEN = "bedridden", _("Is bedridden (the visits are at home)")


MOBILITY_ORDER = [Mobility.WALKS, Mobility.WALKER, Mobility.WHEELCHAIR, Mobility.BEDRIDDEN]


class GenderWish(models.TextChoices):
    ANY = "", _("It does not matter")
    WOMAN = "woman", _("A woman")
    MAN = "man", _("A man")


WEEKDAYS = [
    ("mon", _("Monday")),
    ("tue", _("Tuesday")),
    ("wed", _("Wednesday")),
    ("thu", _("Thursday")),
    ("fri", _("Friday")),
    ("sat", _("Saturday")),
    ("sun", _("Sunday")),
]
DAY_PARTS = [
    ("morning", pgettext_lazy("time of day", "morning")),
    ("afternoon", pgettext_lazy("time of day", "afternoon")),
    ("evening", pgettext_lazy("time of day", "evening")),
]
# "mon_morning" … "sun_evening": the availability slots both sides tick.
SLOTS = [f"{day}_{part}" for day, _day in WEEKDAYS for part, _part in DAY_PARTS]


class RequestStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for a visiting friend")
    MATCHED = "matched", _("Has a visiting friend")
    WITHDRAWN = "withdrawn", _("Withdrawn")


LIVE_REQUEST = Q(status__in=[RequestStatus.WAITING, RequestStatus.MATCHED])


class VisitRequest(models.Model):
    """A citizen's wish for a visiting friend; at most one that is waiting or matched per citizen."""

    citizen = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="visit_requests")
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    way = models.CharField(_("how you would like to meet"), max_length=10, choices=Way.choices)
    frequency = models.CharField(_("how often"), max_length=12, choices=Frequency.choices)
    interests = models.ManyToManyField(Category, verbose_name=_("interests"), blank=True, related_name="+")
    languages = models.JSONField(_("languages"), default=list, blank=True)  # codes of core.denmark.SPOKEN_LANGUAGES
    gender_wish = models.CharField(
        _("your visiting friend should be"), max_length=10, choices=GenderWish.choices, blank=True
    )
    mobility = models.CharField(_("getting about"), max_length=12, choices=Mobility.choices)
    availability = models.JSONField(_("when you can"), default=list, blank=True)  # SLOTS
    about = models.TextField(_("about you"), max_length=1000, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, validators=[postal_code_validator])
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    accepts_other_municipality = models.BooleanField(
        _("a visiting friend from another municipality is fine"), default=False
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    status = models.CharField(max_length=10, choices=RequestStatus.choices, default=RequestStatus.WAITING)
    # Outreach staff enrolling a citizen who cannot do it themselves: who, and the date of the consent on paper.
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("request for a visiting friend")
        verbose_name_plural = _("requests for a visiting friend")
        constraints = [
            models.UniqueConstraint(fields=["citizen"], condition=LIVE_REQUEST, name="visit_request_one_live"),
            models.CheckConstraint(
                condition=Q(enrolled_by__isnull=True) | Q(consent_on__isnull=False),
                name="visit_request_enrolled_consent",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "status", "created_at"], name="visit_request_queue")]

    def __str__(self) -> str:
        return f"{self.citizen_id} {self.status}"

    @property
    def point(self) -> tuple[float, float] | None:
        return (self.latitude, self.longitude) if self.latitude is not None else None

    @property
    def hours_per_month(self) -> int:
        return VISITS_PER_MONTH[self.frequency] * HOURS_PER_VISIT

    def days_waited(self, today=None) -> int:
        today = today or timezone.localdate()
        return (today - timezone.localdate(self.created_at)).days


class VisitorRoom(models.Model):
    """What a visiting friend has room for: one per membership of a visits programme."""

    volunteer = models.OneToOneField(Volunteer, on_delete=models.CASCADE, related_name="visitor_room")
    capacity = models.PositiveSmallIntegerField(
        _("how many friends"), default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    hours_per_month = models.PositiveSmallIntegerField(
        _("hours a month"), default=4, validators=[MinValueValidator(1), MaxValueValidator(80)]
    )
    way = models.CharField(_("how you would like to meet"), max_length=10, choices=Way.choices, default=Way.EITHER)
    max_km = models.PositiveSmallIntegerField(
        _("how far you will travel (km)"), default=10, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    # The hardest mobility the volunteer is ready for in person (a bedridden citizen is visited at home).
    mobility = models.CharField(
        _("whom you can visit in person"), max_length=12, choices=Mobility.choices, default=Mobility.BEDRIDDEN
    )
    availability = models.JSONField(_("when you can"), default=list, blank=True)
    interests = models.ManyToManyField(Category, verbose_name=_("interests"), blank=True, related_name="+")
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("visiting friend's room")
        verbose_name_plural = _("visiting friends' rooms")
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1) & Q(capacity__lte=5), name="visitor_room_capacity"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} ({self.capacity})"


class PairStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ASKED = "asked", _("Asked")
    ACTIVE = "active", _("Active")
    SKIPPED = "skipped", _("Skipped")
    DECLINED = "declined", _("Declined")
    ENDED = "ended", _("Ended")


LIVE_PAIR = Q(status__in=[PairStatus.PROPOSED, PairStatus.ASKED, PairStatus.ACTIVE])
# The pairs that take a place in the volunteer's room.
TAKES_ROOM = [PairStatus.ASKED, PairStatus.ACTIVE]


class Pair(models.Model):
    """A citizen's request and a visiting friend, from the engine's proposal to the end of their friendship."""

    request = models.ForeignKey(VisitRequest, on_delete=models.CASCADE, related_name="pairs")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="visit_pairs")
    status = models.CharField(max_length=10, choices=PairStatus.choices, default=PairStatus.PROPOSED)
    channel = models.CharField(max_length=40)  # the engine's: "in_person", or the online channels shared
    score = models.FloatField(default=0)
    reasons = models.JSONField(default=list)  # the engine's parts: [{"name", "points", "detail"}]
    proposed_at = models.DateTimeField(default=timezone.now)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    volunteer_accepted_at = models.DateTimeField(null=True, blank=True)
    citizen_accepted_at = models.DateTimeField(null=True, blank=True)
    # Staff who recorded the citizen's yes after a phone call (empty when the citizen answered on the page).
    citizen_acceptance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    conversation = models.OneToOneField(
        Conversation, null=True, blank=True, on_delete=models.SET_NULL, related_name="visit_pair"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(_("reason"), max_length=300, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    next_check_in_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("visiting-friend pair")
        verbose_name_plural = _("visiting-friend pairs")
        constraints = [
            models.UniqueConstraint(fields=["request"], condition=LIVE_PAIR, name="visit_pair_one_live_per_request"),
        ]
        indexes = [
            models.Index(fields=["volunteer", "status"], name="visit_pair_volunteer"),
            models.Index(fields=["status", "next_check_in_on"], name="visit_pair_check_in"),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} ↔ {self.volunteer_id} {self.status}"

    @property
    def citizen(self):
        return self.request.citizen

    @property
    def visitor(self):
        return self.volunteer.user

    def is_party(self, user) -> bool:
        return user.is_authenticated and user.pk in (self.request.citizen_id, self.volunteer.user_id)

    def other_party(self, user):
        return self.visitor if user.pk == self.request.citizen_id else self.citizen

    @property
    def meets_in_person(self) -> bool:
        return self.channel == "in_person"


class Meeting(models.Model):
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="meetings")
    on = models.DateField(_("date"))
    minutes = models.PositiveIntegerField(_("minutes"), validators=[MinValueValidator(1), MaxValueValidator(1440)])
    way = models.CharField(_("how you met"), max_length=10, choices=Way.choices)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gt=0) & Q(minutes__lte=1440), name="visit_meeting_minutes"),
        ]
        indexes = [models.Index(fields=["pair", "on"], name="visit_meeting_pair_on")]

    def __str__(self) -> str:
        return f"{self.pair_id} {self.on} {self.minutes}"


class CheckIn(models.Model):
    """Staff asked the pair how it goes (by phone, a visit, a message)."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="check_ins")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    on = models.DateField(_("date"), default=timezone.localdate)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")

    def __str__(self) -> str:
        return f"{self.pair_id} {self.on}"


class SupervisionSession(models.Model):
    """A group supervision session for the visiting friends: an activity of the activities app, where they sign
    up like for any other activity; this row says which programme and municipality it serves."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(Programme, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-added_at", "-id"]
        verbose_name = _("supervision session")
        verbose_name_plural = _("supervision sessions")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "activity"], name="visit_supervision_once"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.activity_id}"


class TalkRequest(models.Model):
    """A visiting friend asks for a one-to-one talk with the coordinator (worries, a hard visit, a question)."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="visit_talk_requests")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(_("what you would like to talk about"), max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.TextField(_("answer"), max_length=1000, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("request for a talk with the coordinator")
        verbose_name_plural = _("requests for a talk with the coordinator")

    def __str__(self) -> str:
        return f"{self.volunteer_id} {self.created_at:%Y-%m-%d}"
