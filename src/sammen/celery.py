"""The one task mechanism: a Celery app, with the schedule Celery beat runs in production."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sammen.settings")

app = Celery("sammen")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Every scheduled job is idempotent: running it twice, or late, gives the same result.
app.conf.beat_schedule = {
    "purge-expired-audit-entries": {
        "task": "sammen.audit.tasks.purge_expired_audit_entries",
        "schedule": crontab(hour=3, minute=17),
    },
    "expire-bubbles": {"task": "sammen.bubbles.tasks.expire_bubbles", "schedule": crontab(minute=5)},
    "remind-bubble-authors": {
        "task": "sammen.bubbles.tasks.remind_bubble_authors",
        "schedule": crontab(hour=9, minute=0),
    },
    "optimize-search-index": {
        "task": "sammen.search.tasks.optimize_search_index",
        "schedule": crontab(hour=4, minute=3),
    },
    "email-new-messages": {"task": "sammen.messaging.tasks.email_new_messages", "schedule": crontab(minute="*/5")},
    "deliver-due-notifications": {
        "task": "sammen.notifications.tasks.deliver_due_notifications",
        "schedule": crontab(minute="*"),
    },
    "purge-old-notifications": {
        "task": "sammen.notifications.tasks.purge_old_notifications",
        "schedule": crontab(hour=3, minute=41),
    },
    "remind-activity-participants": {
        "task": "sammen.activities.tasks.remind_participants",
        "schedule": crontab(minute=20),
    },
    "purge-old-phone-codes": {
        "task": "sammen.accounts.tasks.purge_old_phone_codes",
        "schedule": crontab(hour=3, minute=53),
    },
    # A talk's reminder comes minutes before it: the job runs every minute.
    "remind-talk-participants": {"task": "sammen.talks.tasks.send_talk_reminders", "schedule": crontab(minute="*")},
    "settle-overdue-talks": {"task": "sammen.talks.tasks.settle_overdue_talks", "schedule": crontab(minute=35)},
    "warn-referral-deadlines": {
        "task": "sammen.referrals.tasks.warn_referral_deadlines",
        "schedule": crontab(minute=25),
    },
    "send-wellbeing-reminders": {
        "task": "sammen.wellbeing.tasks.send_wellbeing_reminders",
        "schedule": crontab(hour=10, minute=11),
    },
    "purge-closed-referrals": {
        "task": "sammen.referrals.tasks.purge_closed_referrals",
        "schedule": crontab(hour=3, minute=29),
    },
    # Inactive accounts warned and deleted, and each app's registered retention (sammen.core.personal_data).
    "privacy-retention": {"task": "sammen.privacy.tasks.run_privacy_retention", "schedule": crontab(hour=2, minute=47)},
}
