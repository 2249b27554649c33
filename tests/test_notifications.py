"""The outbox: every e-mail and SMS is written in the transaction of the change it reports, sent after the commit
by Celery, marked sent only when the server accepted it, tried again when it did not — and a mail server, an SMS
gateway or a broker that is down never turns a saved change into an error page."""

import contextlib
import datetime
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid

import pytest
import time_machine
from celery import Celery
from django.core import mail
from django.utils import timezone

from sammen.activities.models import SignUp, SignUpStatus
from sammen.celery import app
from sammen.notifications import delivery
from sammen.notifications.models import Channel, OutboxMessage, OutboxStatus
from sammen.notifications.services import notify
from sammen.notifications.sms import backends as sms_backends
from sammen.notifications.tasks import deliver_due_notifications, purge_old_notifications
from tests.factories import activity_with_dates, citizen, with_mobile
from tests.factories.activities import signed_up
from tests.fake_servers import FakeSmsGateway, FakeSmtpServer, SilentSmtpServer, free_port, wait_for

pytestmark = pytest.mark.django_db


def use_smtp(settings, port: int, timeout: int = 10) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.EMAIL_TIMEOUT = timeout


@contextlib.contextmanager
def broker_down():
    """Production's way of handing work to workers (no eager tasks), with the broker not answering."""
    eager, broker = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager, app.conf.broker_url = False, f"redis://127.0.0.1:{free_port()}/0"
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.broker_url = eager, broker


def test_with_the_broker_down_a_change_that_notifies_does_not_wait_for_it(django_capture_on_commit_callbacks):
    """kombu would try to reach Redis again for about six seconds on each hand-off; a person's page must not wait."""
    person = citizen()
    started = time.monotonic()
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            notify(person, subject="Hej", template="accounts/email/staff_locked.txt")
    assert time.monotonic() - started < 3  # three hand-offs; each took 6 s before
    assert OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count() == 3


def a_full_date_with_one_waiting():
    occurrence = activity_with_dates(title="Strikkecafé", capacity=1).occurrences.get()
    seated, waiting = signed_up(occurrence, 2)
    return occurrence, seated, waiting


def test_a_mail_server_that_is_down_leaves_the_change_saved_and_the_person_on_a_success_page(
    client, settings, django_capture_on_commit_callbacks
):
    occurrence, seated, waiting = a_full_date_with_one_waiting()
    use_smtp(settings, free_port())  # nothing listens there: the connection is refused
    client.force_login(seated)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/aktiviteter/dato/{occurrence.pk}/afmeld/", follow=True)
    assert response.status_code == 200
    assert "Du er ikke længere tilmeldt denne dato." in response.content.decode()
    assert SignUp.objects.get(user=seated, occurrence=occurrence).status == SignUpStatus.CANCELLED
    assert SignUp.objects.get(user=waiting, occurrence=occurrence).status == SignUpStatus.CONFIRMED
    seat_mail = OutboxMessage.objects.get(recipient=waiting)
    assert (seat_mail.status, seat_mail.attempts) == (OutboxStatus.PENDING, 1)
    assert "ConnectionRefusedError" in seat_mail.last_error

    # When the mail server is back, the sweep sends the seat mail — once.
    with FakeSmtpServer() as server:
        use_smtp(settings, server.port)
        assert deliver_due_notifications() == 0  # not before the pause after a failure
        with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
            assert deliver_due_notifications() == 1
            assert deliver_due_notifications() == 0
        assert [m["To"] for m in server.messages] == [waiting.email]
        assert "Strikkecafé" in server.messages[0]["Subject"]
        assert server.messages[0]["Message-ID"] == f"<outbox-{seat_mail.pk}@127.0.0.1>"
    seat_mail.refresh_from_db()
    assert seat_mail.status == OutboxStatus.SENT


def test_a_hung_mail_server_and_a_broker_that_is_down_never_delay_a_page(
    client, settings, django_capture_on_commit_callbacks
):
    """As in production: the page only writes the outbox row; handing it to a worker fails at once when the
    broker is down, and the mail server is only ever talked to by a worker, with a timeout."""
    occurrence, seated, waiting = a_full_date_with_one_waiting()
    client.force_login(seated)
    with broker_down(), SilentSmtpServer() as hung:
        use_smtp(settings, hung.port, timeout=2)
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/aktiviteter/dato/{occurrence.pk}/afmeld/", follow=True)
        took = time.monotonic() - started
        assert response.status_code == 200 and took < 2
        assert "Du er ikke længere tilmeldt denne dato." in response.content.decode()
        row = OutboxMessage.objects.get(recipient=waiting)
        assert row.status == OutboxStatus.PENDING and row.attempts == 0

        # A worker talking to the hung server gives up after EMAIL_TIMEOUT and tries again later.
        started = time.monotonic()
        assert delivery.deliver_due() == 0
        assert time.monotonic() - started < 10
        row.refresh_from_db()
        assert (row.status, row.attempts) == (OutboxStatus.PENDING, 1)
        assert "timed out" in row.last_error or "Timeout" in row.last_error


def test_a_message_is_tried_a_bounded_number_of_times_then_given_up_and_kept_for_the_operator(settings):
    settings.SAMMEN_NOTIFICATION_MAX_ATTEMPTS = 3
    use_smtp(settings, free_port())
    person = citizen()
    [row] = notify(person, subject="Hej", template="accounts/email/staff_locked.txt")
    moment = timezone.now()
    for _ in range(5):
        delivery.deliver_due()
        moment += datetime.timedelta(hours=3)
        with time_machine.travel(moment):
            delivery.deliver_due()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, 3)


def test_deactivated_people_get_nothing_and_optional_mail_respects_the_choice(django_capture_on_commit_callbacks):
    gone, quiet = citizen(is_active=False), citizen(notify_by_email=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(gone, subject="Hej", template="accounts/email/staff_locked.txt") == []
        assert notify(quiet, subject="Hej", template="accounts/email/staff_locked.txt", optional=True) == []
        assert len(notify(quiet, subject="Hej", template="accounts/email/staff_locked.txt")) == 1
    assert [m.to for m in mail.outbox] == [[quiet.email]]


def test_a_notification_is_written_in_the_recipients_language(django_capture_on_commit_callbacks):
    english = citizen(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        notify(english, subject="x", template="accounts/email/staff_locked.txt")
    assert "locked" in mail.outbox[0].body and "låst" not in mail.outbox[0].body


def test_a_seat_is_also_told_by_sms_through_the_gateway_to_people_with_a_mobile_number(
    settings, django_capture_on_commit_callbacks
):
    occurrence, seated, waiting = a_full_date_with_one_waiting()
    with_mobile(waiting)
    with FakeSmsGateway() as gateway:
        settings.SAMMEN_SMS_BACKEND = "sammen.notifications.sms.backends.GatewayApiBackend"
        settings.SAMMEN_SMS_GATEWAY_URL, settings.SAMMEN_SMS_GATEWAY_TOKEN = gateway.url, gateway.token
        from sammen.activities import services as activities

        with django_capture_on_commit_callbacks(execute=True):
            activities.cancel_signup(occurrence=occurrence, user=seated)
    [sms] = gateway.received
    assert sms["recipients"] == [{"msisdn": 4520304050}]
    assert sms["sender"] == "Sammen"
    assert "Strikkecafé" in sms["message"] and "plads" in sms["message"]
    row = OutboxMessage.objects.get(channel=Channel.SMS)
    assert row.status == OutboxStatus.SENT and sms["userref"] == f"outbox-{row.pk}"
    assert [m.to for m in mail.outbox] == [[waiting.email]]  # and the e-mail, as before


def test_no_sms_goes_to_a_number_that_was_not_confirmed_or_to_a_person_who_turned_sms_off(
    django_capture_on_commit_callbacks,
):
    unconfirmed = citizen(phone_number="+4520304050", sms_enabled=True)
    turned_off = with_mobile(citizen(), "+4520304051")
    turned_off.sms_enabled = False
    turned_off.save()
    with django_capture_on_commit_callbacks(execute=True):
        for person in (unconfirmed, turned_off):
            notify(
                person,
                subject="Hej",
                template="accounts/email/staff_locked.txt",
                channels=(Channel.EMAIL, Channel.SMS),
                sms_template="activities/sms/promoted.txt",
            )
    assert sms_backends.outbox == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted([unconfirmed.email, turned_off.email])


def test_a_gateway_that_refuses_leaves_the_sms_waiting_for_the_next_attempt(settings):
    person = with_mobile(citizen())
    with FakeSmsGateway(status=503) as gateway:
        settings.SAMMEN_SMS_BACKEND = "sammen.notifications.sms.backends.GatewayApiBackend"
        settings.SAMMEN_SMS_GATEWAY_URL, settings.SAMMEN_SMS_GATEWAY_TOKEN = gateway.url, gateway.token
        notify(
            person,
            subject="",
            template="accounts/email/staff_locked.txt",
            channels=(Channel.SMS,),
            sms_template="activities/sms/promoted.txt",
        )
        assert delivery.deliver_due() == 0
        gateway.status = 200
        with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
            assert delivery.deliver_due() == 1
    row = OutboxMessage.objects.get()
    assert (row.status, row.attempts) == (OutboxStatus.SENT, 2)
    assert "503" not in row.last_error and len(gateway.received) == 1
    assert sms_backends.outbox == []


def test_sent_messages_are_removed_after_the_retention_period(settings, django_capture_on_commit_callbacks):
    settings.SAMMEN_OUTBOX_RETENTION_DAYS = 30
    with django_capture_on_commit_callbacks(execute=True):
        notify(citizen(), subject="Hej", template="accounts/email/staff_locked.txt")
    assert purge_old_notifications() == 0
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        assert purge_old_notifications() == 1
    assert not OutboxMessage.objects.exists()


def test_the_sweep_and_the_purge_are_scheduled_for_celery_beat():
    schedule = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {deliver_due_notifications.name, purge_old_notifications.name} <= schedule


def _database_url() -> str:
    from tests.test_tasks import _database_url_of_test_database

    return _database_url_of_test_database()


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_in_the_middle_of_a_batch_loses_no_mail_and_sends_none_twice():
    """40 mails; a real Celery worker sends them through Redis to a (slow) mail server and is killed with SIGKILL
    part-way; a new worker's sweep sends the rest. The mail server receives each of the 40 exactly once."""
    people = [citizen(email=f"deltager{n:02}@example.dk") for n in range(40)]
    with broker_down():  # so that the rows wait in the outbox for the worker's sweep
        for person in people:
            notify(person, subject="Husk kaffe", template="accounts/email/staff_locked.txt")
    assert OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count() == 40
    queue = f"sammen-test-{uuid.uuid4().hex}"
    broker = "redis://127.0.0.1:6379/15"
    with FakeSmtpServer(delay=0.15) as server:
        env = {
            **os.environ,
            "CELERY_BROKER_URL": broker,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "DATABASE_URL": _database_url(),
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(server.port),
        }
        env.pop("DJANGO_SETTINGS_MODULE", None)
        command = [sys.executable, "-m", "celery", "-A", "sammen", "worker", "-P", "solo", "-Q", queue, "-l", "INFO"]
        client = Celery(broker=broker)

        log = tempfile.TemporaryFile(mode="w+")
        first = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
        try:
            client.send_task(deliver_due_notifications.name, queue=queue)
            reached = wait_for(lambda: len(server.messages) >= 10, timeout=60, interval=0.01)
            # Not in the instant after the server accepted a message and before the worker marked its row sent
            # (killed there, that one message would go out again, with the same Message-ID: the at-least-once
            # window no outbox can close), but while it waits for the server to take the next one.
            time.sleep(0.05)
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=30)
        log.seek(0)
        assert reached, log.read()[-3000:]
        killed_after = len(server.messages)
        assert 10 <= killed_after < 40, "the worker was not killed in the middle of the batch"

        second = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            client.send_task(deliver_due_notifications.name, queue=queue)
            done = wait_for(
                lambda: not OutboxMessage.objects.filter(status=OutboxStatus.PENDING).exists(), timeout=90
            )
        finally:
            second.terminate()
            output = second.communicate(timeout=30)[0]
        assert done, output[-3000:]
    received = sorted(m["To"] for m in server.messages)
    assert received == sorted(p.email for p in people)  # every one, none twice
    assert OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() == 40
