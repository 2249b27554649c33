"""The referral intake for other systems: a general practice's or a hospital's system posts a referral to a
municipal service with the key the municipality gave its organisation (``Authorization: Bearer smn_…``).

- One endpoint, ``POST /api/v1/henvisninger/``; the OpenAPI schema is at ``/api/v1/schema/`` (drf-spectacular).
- Idempotent on the sender's own reference: the same reference again answers 200 with the referral made the first
  time, so a retried request never makes a second one (201 the first time).
- Errors are JSON with a stable ``code`` (the service's error name, or DRF's) and a Danish ``message``; a refused
  request changes nothing. Requests are rate limited per key (``referral_intake`` in REST_FRAMEWORK's rates).
- The view only parses and answers: every check is in ``services.receive_from_api``.
"""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView, exception_handler

from sammen.accounts import phone
from sammen.core import text_policy
from sammen.core.errors import SammenError
from sammen.referrals import services
from sammen.referrals.models import ConsentWay

POSITIVE_ID = {"min_value": 1, "max_value": 2**31 - 1}


class SenderKeyAuthentication(BaseAuthentication):
    """``Authorization: Bearer <key>``: the request acts for the key's sender, in the key's municipality."""

    def authenticate(self, request):
        header = get_authorization_header(request).decode("latin-1", errors="replace")
        if not header:
            return None
        scheme, _space, key = header.partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            raise exceptions.AuthenticationFailed(_("Send the key as “Authorization: Bearer <key>”."))
        api_key = services.api_key_for(key.strip())
        if api_key is None:
            raise exceptions.AuthenticationFailed(_("The key is wrong or has been revoked."))
        return AnonymousUser(), api_key

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="sammen"'


class SenderKeyScheme(OpenApiAuthenticationExtension):
    """How the schema describes the key: an HTTP bearer token."""

    target_class = SenderKeyAuthentication
    name = "senderKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "The sending organisation's key, made by a referrer of the municipality (smn_…).",
        }


class HasSenderKey(BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.auth is not None


class PerKeyThrottle(SimpleRateThrottle):
    scope = "referral_intake"

    def get_cache_key(self, request, view):
        ident = request.auth.pk if request.auth is not None else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class CitizenIn(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")
    postal_code = serializers.CharField(max_length=4)


class ConsentIn(serializers.Serializer):
    how = serializers.ChoiceField(choices=ConsentWay.choices)
    given_on = serializers.DateField()


class ReferralIn(serializers.Serializer):
    receiver = serializers.IntegerField(**POSITIVE_ID, help_text="The receiver's number in Sammen.")
    reference = serializers.CharField(max_length=64, help_text="The sender's own id of the referral (idempotency).")
    received_on = serializers.DateField(help_text="The day the referral was received; the deadline runs from it.")
    citizen = CitizenIn()
    needs = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    consent = ConsentIn()


class ReferralOut(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField(source="external_id")
    status = serializers.CharField()
    deadline_on = serializers.DateField()


ERROR = inline_serializer(
    "Error",
    {
        "code": serializers.CharField(),
        "message": serializers.CharField(),
        "field": serializers.CharField(required=False, help_text="The field a refusal of the service is about."),
        "fields": serializers.DictField(
            required=False, help_text="For input that does not parse (code “invalid”): the messages by field."
        ),
    },
)


def _code(error: SammenError) -> str:
    """The error's stable name: the service's or the text policy's key for its message, or the phone number
    check's with ``phone_`` before it (its "invalid" is not DRF's "invalid", which comes with ``fields``)."""
    for prefix, errors in (("", services.ERRORS), ("", text_policy.MESSAGES), ("phone_", phone.ERRORS)):
        for name, message in errors.items():
            if message is error.message:
                return prefix + name
    return "refused"


def json_errors(exc, context):
    """DRF's errors as ``{"code", "message"}`` (and ``fields`` for input that does not parse)."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"code": "invalid", "message": str(_("The request is not valid.")), "fields": exc.detail}
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        response.data = {"code": getattr(detail, "code", "error"), "message": str(detail)}
    return response


class ReferralIntake(APIView):
    authentication_classes = [SenderKeyAuthentication]
    permission_classes = [HasSenderKey]
    throttle_classes = [PerKeyThrottle]

    @extend_schema(
        operation_id="referral_create",
        summary="Post a referral",
        request=ReferralIn,
        responses={
            201: ReferralOut,
            200: OpenApiResponse(ReferralOut, description="The reference was posted before: the referral then."),
            400: ERROR,
            401: ERROR,
            429: ERROR,
        },
    )
    def post(self, request):
        incoming = ReferralIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        citizen = data["citizen"]
        try:
            referral, made = services.receive_from_api(
                api_key=request.auth,
                receiver_id=data["receiver"],
                external_id=data["reference"],
                received_on=data["received_on"],
                details={**citizen, "needs": data["needs"]},
                consent={"given": True, **data["consent"]},
            )
        except SammenError as error:
            return Response(
                {"code": _code(error), "message": str(error), "field": error.field or ""},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(ReferralOut(referral).data, status=status.HTTP_201_CREATED if made else status.HTTP_200_OK)
