"""Referrals: a referrer, receivers made through the services (a golf club's slusehold team, smoking cessation),
their contacts, and referrals made as a referrer makes them."""

from django.utils import timezone

from sammen.referrals import services
from sammen.referrals.models import ConsentWay, Receiver, ReceiverContact, ReceiverKind, Referral
from tests.factories.associations import AssociationFactory
from tests.factories.municipalities import MunicipalUnitFactory, municipality
from tests.factories.people import citizen, staff
from tests.helpers import with_totp


def referrer(municipality_name: str = "Herning", **fields):
    """A forløbskoordinator with the referrer role and two-factor login set up."""
    person = staff("referrer", municipality_name, **fields)
    with_totp(person)
    return person


def golf_slusehold(by, *, municipality_name: str = "Herning", **overrides) -> Receiver:
    """Herning Golfklub's slusehold team: the usual deadline of the setting."""
    club = AssociationFactory(name=f"{municipality_name} Golfklub", municipality=municipality(municipality_name))
    fields = {"name": f"{club.name} – slusehold"} | overrides
    return services.create_receiver(
        by=by, municipality=club.municipality, kind=ReceiverKind.TEAM, target=club, **fields
    )


def smoking_cessation(by, *, municipality_name: str = "Herning") -> Receiver:
    """The municipality's smoking cessation service (Sundhedshuset): 7 days to the first call."""
    unit = MunicipalUnitFactory(municipality=municipality(municipality_name), name="Sundhedshuset")
    return services.create_receiver(
        by=by,
        municipality=unit.municipality,
        kind=ReceiverKind.SERVICE,
        target=unit,
        name="Rygestop",
        smoking_cessation=True,
    )


def contact_of(receiver: Receiver, *, by, person=None, **fields) -> ReceiverContact:
    """A volunteer (a citizen, not staff) who receives the receiver's referrals."""
    person = person or citizen(receiver.municipality.name, **fields)
    return services.add_receiver_contact(by=by, receiver=receiver, email=person.email)


def details(**overrides) -> dict:
    """A citizen without a Sammen account finishing rehabilitation: the minimum the receiver needs."""
    fields = {
        "name": "Poul Nielsen",
        "phone": "20 30 40 50",
        "email": "poul@example.dk",
        "postal_code": "7400",
        "needs": "Har haft en blodprop og er færdig med genoptræningen. Vil gerne i gang med at bevæge sig.",
    }
    return fields | overrides


def consent(**overrides) -> dict:
    fields = {"given": True, "how": ConsentWay.ORAL, "given_on": timezone.localdate()}
    return fields | overrides


def a_referral(*, by, receiver: Receiver, citizen=None, **detail_overrides) -> Referral:
    return services.refer(
        by=by, receiver=receiver, citizen=citizen, details=details(**detail_overrides), consent=consent()
    )
