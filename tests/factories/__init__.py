"""Factories (factory_boy) for Sammen's main models, and helpers that make the people and things a test needs,
so that a test reads like a scenario: "a citizen in Herning", "a coordinator", "a walk with ten seats".

The helpers every area uses are here; each area's own (form data, objects made through its services) are in
its module: ``tests.factories.activities``, ``.associations``, ``.bubbles``, ``.offers`` …
"""

from tests.factories.activities import ActivityFactory, OccurrenceFactory, SignUpFactory, activity_with_dates
from tests.factories.associations import AssociationFactory, InvitationFactory, RepresentativeFactory
from tests.factories.bubbles import BubbleFactory
from tests.factories.messaging import ConversationFactory, MessageFactory
from tests.factories.moderation import BlockFactory, ReportFactory, SuspensionFactory
from tests.factories.municipalities import (
    MunicipalUnitFactory,
    ParticipationPeriodFactory,
    StaffMembershipFactory,
    municipality,
    participating,
)
from tests.factories.offers import OfferFactory
from tests.factories.people import PASSWORD, UserFactory, citizen, platform_admin, staff, with_mobile
from tests.factories.taxonomy import terms

__all__ = [
    "PASSWORD",
    "ActivityFactory",
    "AssociationFactory",
    "BlockFactory",
    "BubbleFactory",
    "ConversationFactory",
    "InvitationFactory",
    "MessageFactory",
    "MunicipalUnitFactory",
    "OccurrenceFactory",
    "OfferFactory",
    "ParticipationPeriodFactory",
    "ReportFactory",
    "RepresentativeFactory",
    "SignUpFactory",
    "StaffMembershipFactory",
    "SuspensionFactory",
    "UserFactory",
    "activity_with_dates",
    "citizen",
    "municipality",
    "participating",
    "platform_admin",
    "staff",
    "terms",
    "with_mobile",
]
