"""Demo referrals in Herning: the demo coordinator also holds the referrer role (forløbskoordinator), two receivers
(Herning Golfklub's slusehold team, whose contact is a volunteer of the club, and smoking cessation at "Sundhed og
Ældre"), and a few referrals in different states: just sent, contacted, started, declined with a reason, and a
GP's referral to smoking cessation that has passed its 7-day deadline.

Everything goes through the real services, so consent, the course and the access log are as in real use.
Idempotent: the receivers are looked up by name, and the referrals are made only when the receivers have none.
"""

import datetime

from django.utils import timezone

from sammen.accounts.models import User
from sammen.associations import services as association_services
from sammen.associations.models import Association
from sammen.devtools.demo_names import DEMO_DOMAIN, demo_email
from sammen.municipalities.models import Municipality, MunicipalUnit, StaffMembership, StaffRole
from sammen.referrals import services
from sammen.referrals.models import ConsentWay, EndReason, Receiver, ReceiverContact, ReceiverKind, Referral
from sammen.taxonomy.models import Category

HERNING = "657"
REFERRER = "koordinator.herning"
CLUB_CONTACT = "frivillig9.herning"
GOLF = "Herning Golfklub"
GOLF_TEAM = "Herning Golfklub – slusehold"
SMOKING = "Rygestop i Sundhed og Ældre"

# (name, phone, postal code, what the receiver needs to know, where the course has got to)
GOLF_REFERRALS = [
    ("Poul Nielsen", "20304050", "7400", "Færdig med genoptræning efter en blodprop. Vil gerne ud og gå.", "sent"),
    ("Grethe Madsen", "21314151", "7400", "Har fået ny hofte og må gå 18 huller i roligt tempo.", "contacted"),
    ("Jens Kristensen", "22324252", "7430", "Efter et livsstilsforløb. Vil gerne have faste aftaler.", "started"),
    ("Birthe Holm", "23334353", "7400", "Vil gerne prøve at spille med andre.", "declined"),
]


def load_demo_referrals() -> dict:
    herning = Municipality.objects.get(code=HERNING)
    referrer = User.objects.get(email=demo_email(REFERRER))
    StaffMembership.objects.get_or_create(user=referrer, municipality=herning, role=StaffRole.REFERRER)
    golf = _receiver_for_golf(herning, referrer)
    smoking = Receiver.objects.filter(municipality=herning, name=SMOKING).first()
    if smoking is None:
        smoking = services.create_receiver(
            by=referrer,
            municipality=herning,
            kind=ReceiverKind.SERVICE,
            target=MunicipalUnit.objects.get(municipality=herning, name="Sundhed og Ældre"),
            name=SMOKING,
            smoking_cessation=True,
        )
    created = 0
    if not Referral.objects.filter(receiver__in=[golf, smoking]).exists():
        created = _referrals(referrer, golf, smoking)
    return {"referrals": created}


def _receiver_for_golf(herning, referrer) -> Receiver:
    contact = User.objects.get(email=demo_email(CLUB_CONTACT))
    club = Association.objects.filter(name=GOLF).first()
    if club is None:
        club = association_services.register_association(
            by=contact,
            fields={
                "name": GOLF,
                "cvr": "",
                "description": "Golf for alle. Vores slusehold tager imod borgere fra kommunens genoptræning.",
                "municipality": herning,
                "contact_email": f"kontakt@herning-golfklub.{DEMO_DOMAIN}",
                "contact_phone": "",
                "website": "",
            },
            categories=list(Category.objects.filter(slug="traening-og-motion")),
        )
        # The demo referrer is Herning's coordinator, who verifies associations.
        association_services.verify_association(association=club, by=referrer)
    team = Receiver.objects.filter(municipality=herning, name=GOLF_TEAM).first()
    if team is None:
        team = services.create_receiver(
            by=referrer, municipality=herning, kind=ReceiverKind.TEAM, target=club, name=GOLF_TEAM
        )
    if not ReceiverContact.objects.filter(receiver=team, user=contact).exists():
        services.add_receiver_contact(by=referrer, receiver=team, email=contact.email)
    return team


def _referrals(referrer, golf, smoking) -> int:
    contact = User.objects.get(email=demo_email(CLUB_CONTACT))
    consent = {"given": True, "how": ConsentWay.ORAL, "given_on": timezone.localdate()}
    for name, phone, postal_code, needs, state in GOLF_REFERRALS:
        referral = services.refer(
            by=referrer,
            receiver=golf,
            details={"name": name, "phone": phone, "email": "", "postal_code": postal_code, "needs": needs},
            consent=consent,
        )
        if state == "sent":
            continue
        if state == "declined":
            services.decline(by=contact, referral=referral, reason=EndReason.TIME)
            continue
        services.record_first_contact(by=contact, referral=referral, at=timezone.now(), how="phone")
        if state == "started":
            services.advance(by=contact, referral=referral, to="started")
    # The GP's referral arrived 9 days ago and nobody has called yet: it is overdue.
    citizen = User.objects.get(email=demo_email("borger4.herning"))
    received_on = timezone.localdate() - datetime.timedelta(days=9)
    services.register_external(
        by=referrer,
        receiver=smoking,
        sender_name="Lægehuset Bredgade",
        external_id="LB-2026-0117",
        received_on=received_on,
        citizen=citizen,
        details={"name": "", "phone": "", "email": "", "postal_code": "", "needs": "Vil gerne stoppe med at ryge."},
        consent={"given": True, "how": ConsentWay.WRITTEN, "given_on": received_on},
    )
    return len(GOLF_REFERRALS) + 1
