from django.db import migrations

from sammen.taxonomy.services import sync_national_categories


def load(apps, schema_editor):
    sync_national_categories(apps.get_model("taxonomy", "Category"))


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
