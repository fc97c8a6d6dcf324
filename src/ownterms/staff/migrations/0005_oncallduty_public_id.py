"""A random public id for each on-call duty (the on-call pages and API name duties by it)."""

import uuid

from django.db import migrations, models


def fill_public_ids(apps, schema_editor):  # type: ignore[no-untyped-def]
    duty_model = apps.get_model("staff", "OnCallDuty")
    for duty in duty_model.objects.filter(public_id__isnull=True).only("pk"):
        duty.public_id = uuid.uuid4()
        duty.save(update_fields=["public_id"])


class Migration(migrations.Migration):
    dependencies = [("staff", "0004_staff_record")]

    operations = [
        migrations.AddField(
            model_name="oncallduty",
            name="public_id",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="oncallduty",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
