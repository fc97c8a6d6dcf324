"""On PostgreSQL, audit events can't be updated or deleted, except redaction by the retention job.

Redaction happens only in a transaction that sets ``ownterms.audit_redaction = 'on'`` (see
``audit.services.redact_events``), and may only blank fields and stamp ``redacted_at``.
"""

from django.db import migrations

FUNCTION = r"""
CREATE OR REPLACE FUNCTION ownterms_audit_event_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND coalesce(current_setting('ownterms.audit_redaction', true), '') = 'on'
       AND OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL
       AND NEW.id = OLD.id
       AND NEW.public_id = OLD.public_id
       AND NEW.organisation_id = OLD.organisation_id
       AND NEW.occurred_at = OLD.occurred_at
       AND NEW.kind = OLD.kind
       AND NEW.action = OLD.action
       AND NEW.object_type = OLD.object_type
       AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
       AND NEW.person_id IS NOT DISTINCT FROM OLD.person_id
       AND (NEW.changes = OLD.changes OR NEW.changes = '{}'::jsonb)
       AND (NEW.page = OLD.page OR NEW.page = '')
       AND (NEW.object_id = OLD.object_id OR NEW.object_id = '')
       AND (NEW.actor_label = OLD.actor_label OR NEW.actor_label = '')
       AND (NEW.basis = OLD.basis OR NEW.basis = '')
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit events are append-only'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
"""

TRIGGER = r"""
CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION ownterms_audit_event_append_only()
"""

DROP = (
    "DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent",
    "DROP FUNCTION IF EXISTS ownterms_audit_event_append_only()",
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION, None)
        schema_editor.execute(DROP[0], None)
        schema_editor.execute(TRIGGER, None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement, None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
