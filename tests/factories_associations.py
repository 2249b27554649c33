"""Named things for the association tests: a valid registration, an association with its representative."""

from sammen.associations import services
from sammen.taxonomy.models import Category
from tests.factories import municipality

VALID_CVR = "12345674"
OTHER_VALID_CVR = "10000017"


def association_fields(**overrides) -> dict:
    """What the registration form sends for "Strikkeklubben Maske" in Herning."""
    fields = {
        "name": "Strikkeklubben Maske",
        "cvr": "",
        "description": "Vi strikker sammen hver tirsdag i biblioteket. Alle kan være med, også begyndere.",
        "categories": [Category.objects.first().pk],
        "municipality": municipality("Herning").pk,
        "contact_email": "kontakt@maske.dk",
        "contact_phone": "",
        "website": "",
    }
    fields.update(overrides)
    return fields


def registered_association(by, *, name: str = "Strikkeklubben Maske", where: str = "Herning", **fields):
    """An association registered through the service, so it is indexed for search like a real one."""
    values = {
        "name": name,
        "cvr": "",
        "description": "Vi strikker sammen hver tirsdag i biblioteket.",
        "municipality": municipality(where),
        "contact_email": "kontakt@maske.dk",
        "contact_phone": "",
        "website": "",
    }
    values.update(fields)
    return services.register_association(by=by, fields=values)
