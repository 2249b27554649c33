# The free-slot search's language filter ("languages LIKE '% ti %'") on PostgreSQL: without an index, a language
# few volunteers speak – exactly the search that finds nothing and is counted as unmet demand – reads every
# future free slot of the programme. pg_trgm's GIN index finds the few rows; the planner still walks the
# slot_free_search index in time order for a language most volunteers speak. SQLite has no such index.

from django.db import migrations

POSTGRESQL_FORWARDS = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX slot_languages_trgm ON talks_slot USING gin (languages gin_trgm_ops)",
]
POSTGRESQL_BACKWARDS = ["DROP INDEX IF EXISTS slot_languages_trgm"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("talks", "0002_initial")]

    operations = [migrations.RunPython(_run(POSTGRESQL_FORWARDS), _run(POSTGRESQL_BACKWARDS))]
