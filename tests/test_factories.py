"""The test factories make rows the models accept, so that a test built on them starts from a valid state."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

FACTORIES = [
    factories.UserFactory,
    factories.ParticipationPeriodFactory,
    factories.StaffMembershipFactory,
    factories.MunicipalUnitFactory,
    factories.BubbleFactory,
    factories.ConversationFactory,
    factories.MessageFactory,
    factories.ReportFactory,
    factories.BlockFactory,
    factories.SuspensionFactory,
    factories.AssociationFactory,
    factories.RepresentativeFactory,
    factories.InvitationFactory,
    factories.ActivityFactory,
    factories.OccurrenceFactory,
    factories.SignUpFactory,
    factories.OfferFactory,
]


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda factory: factory.__name__)
def test_each_factory_makes_a_valid_row_and_a_second_one_beside_it(factory):
    first, second = factory(), factory()
    for made in (first, second):
        made.full_clean()
    assert first.pk != second.pk


def test_an_offer_can_come_from_a_municipal_unit():
    offer = factories.OfferFactory(from_unit=True)
    offer.full_clean()
    assert offer.association is None and offer.municipality == offer.unit.municipality
