from django.db import migrations

from sammen.taxonomy.services import sync_vocabularies


def load(apps, schema_editor):
    sync_vocabularies(apps.get_model("taxonomy", "Term"))


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0003_vocabulary_terms")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
