"""Sammen's user: one account for citizens, volunteers and staff; logged in by e-mail, shown by display name."""

import datetime
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from phonenumber_field.modelfields import PhoneNumberField

from sammen.core.denmark import postal_code_validator
from sammen.municipalities.models import Municipality
from sammen.taxonomy.models import Category


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)

    def create_user(self, email: str, password: str | None = None, **fields):
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Other")


class AvatarSymbol(models.TextChoices):
    SUN = "sun", pgettext_lazy("symbol", "Sun")
    FLOWER = "flower", pgettext_lazy("symbol", "Flower")
    TREE = "tree", pgettext_lazy("symbol", "Tree")
    BIRD = "bird", pgettext_lazy("symbol", "Bird")
    HEART = "heart", pgettext_lazy("symbol", "Heart")
    COFFEE = "coffee", pgettext_lazy("symbol", "Coffee cup")
    BOOK = "book", pgettext_lazy("symbol", "Book")
    BICYCLE = "bicycle", pgettext_lazy("symbol", "Bicycle")


def avatar_path(instance, filename: str) -> str:
    # A random name: the upload's own name can carry personal information.
    return f"avatars/{uuid.uuid4().hex}.jpg"


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail"), unique=True)
    display_name = models.CharField(
        _("display name"), max_length=60, help_text=_("The name others see. You may use a pseudonym.")
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="residents",
    )
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True, validators=[postal_code_validator])
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    languages = models.JSONField(_("languages you speak"), default=list, blank=True)
    interests = models.ManyToManyField(Category, verbose_name=_("interests"), blank=True, related_name="+")
    avatar = models.ImageField(_("photo"), upload_to=avatar_path, blank=True)
    avatar_symbol = models.CharField(_("symbol"), max_length=20, choices=AvatarSymbol.choices, blank=True)
    easy_read = models.BooleanField(
        _("easy-read mode"), default=False, help_text=_("Larger text and fewer choices on each screen.")
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="da")
    # For text messages (SMS) about appointments; optional, and only ever used by the outbox.
    phone_number = PhoneNumberField(_("mobile number"), blank=True)
    # SMS is sent only to a number the person confirmed with a one-time code (the number alone cannot tell a mobile
    # from a landline), and only while they want it.
    phone_confirmed_at = models.DateTimeField(null=True, blank=True)
    sms_enabled = models.BooleanField(_("send me text messages (SMS)"), default=False)
    notify_by_email = models.BooleanField(_("tell me by e-mail when I get a new message"), default=True)
    is_volunteer = models.BooleanField(_("I would like to volunteer"), default=False)

    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("may open the platform administration"),
        default=False,
        help_text=_("Only platform administrators. Municipal staff get roles under staff memberships."),
    )
    locked_at = models.DateTimeField(
        _("locked since"), null=True, blank=True, help_text=_("Set after repeated failed logins by staff.")
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_case_insensitive_unique")]
        indexes = [
            models.Index(fields=["municipality", "display_name"], name="user_municipality_name"),
            # The status report counts a municipality's citizens by join date and birth date from this index alone
            # (PostgreSQL's index-only scan; SQLite keeps the two columns): sammen bench insights.
            models.Index(
                fields=["municipality", "date_joined"],
                include=["id", "date_of_birth", "is_active", "is_superuser"],
                name="user_report",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def age_on(self, day: datetime.date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def receives_sms(self) -> bool:
        return bool(self.phone_number) and self.phone_confirmed_at is not None and self.sms_enabled

    @property
    def has_avatar(self) -> bool:
        return bool(self.avatar or self.avatar_symbol)


class ConsentKind(models.TextChoices):
    TERMS = "terms", _("Terms of use")
    PRIVACY = "privacy", _("Privacy notice")


class Consent(models.Model):
    """A consent given, with the version of the text the person saw and when."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(max_length=20, choices=ConsentKind.choices)
    version = models.CharField(max_length=20)
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [models.UniqueConstraint(fields=["user", "kind", "version"], name="one_consent_per_version")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.version}"


class FailedLogin(models.Model):
    """A failed login on an existing account, kept only for the staff lockout window."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")

    def __str__(self) -> str:
        return f"{self.user_id} {self.at:%Y-%m-%d %H:%M}"


class PhoneConfirmation(models.Model):
    """A one-time code sent by SMS to the number a person gave, to show that it receives text messages. Only a hash
    of the code is kept; a code expires, and a few wrong tries end it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    phone_number = PhoneNumberField()
    code_hash = models.CharField(max_length=128)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "created_at"], name="phone_confirmation_user")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"


class TargetGroupAnswers(models.Model):
    """A citizen's own, voluntary answers to whether they belong to the municipality's target groups, kept only with
    their explicit consent (the answer about mental health is health data, GDPR art. 9(2)(a)). Staff never see a
    person's answers: the status report counts them, and hides a count under 5. Each answer may be left out (null);
    removing the answers deletes the row."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="target_group_answers"
    )
    other_ethnic_background = models.BooleanField(_("other ethnic background than Danish"), null=True, blank=True)
    psychologically_vulnerable = models.BooleanField(_("psychologically vulnerable"), null=True, blank=True)
    outside_education_or_work = models.BooleanField(_("outside education and the labour market"), null=True, blank=True)
    consented_at = models.DateTimeField(_("consent given"))
    consent_version = models.CharField(_("version of the explanation"), max_length=20)

    class Meta:
        verbose_name = _("answers about target groups")
        verbose_name_plural = _("answers about target groups")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(other_ethnic_background__isnull=False)
                | models.Q(psychologically_vulnerable__isnull=False)
                | models.Q(outside_education_or_work__isnull=False),
                name="target_group_answers_not_empty",
            )
        ]

    def __str__(self) -> str:
        return str(self.user_id)
