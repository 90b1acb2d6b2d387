"""A real `manage.py db_worker` killed with SIGKILL after the provider took a message
and before the worker recorded it, then started again (issue E, point 1).

What "never sent twice" means here: delivery to the provider is at least once (the
restarted worker cannot know the first hand-over succeeded, so it hands the message
over again), but every hand-over of one outbox row carries the same idempotency key,
so past the provider the message exists once. The HTTP gateway honours the key and
keeps one copy; over SMTP the copy carries the same Message-ID, which is how a
mail reader or archive tells it is the same message.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from aduan.notify.models import DeliveryAttempt, OutboundMessage
from aduan.notify.tests.servers import GatewayServer, SmtpServer

ROOT = Path(__file__).resolve().parents[3]
LEASE_SECONDS = 1


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


def _worker(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": _database_url(), **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_for(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def _kill_and_restart(env, hold) -> None:
    # the first worker takes the first message, the provider takes it in and is
    # made to hold its answer: the worker is killed before it can record anything
    first = _worker(env)
    try:
        _wait_for(lambda: hold.arrived.is_set() or first.poll() is not None)
        assert first.poll() is None, first.stderr.read().decode()[-3000:]
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    hold.released.set()
    # past the lease the message counts as abandoned
    time.sleep(LEASE_SECONDS + 0.5)
    restarted = _worker(env)
    assert restarted.wait(timeout=120) == 0, restarted.stderr.read().decode()[-3000:]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("channel", ["email", "sms"])
def test_worker_killed_between_sending_and_recording_sends_each_message_once(
    channel, agency_factory, follow
):
    # given three followers' tickets, each queued with its delivery task on commit
    agency = agency_factory("seed_001")
    with SmtpServer() as smtp, GatewayServer() as gateway:
        env = {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port),
            "DEFAULT_FROM_EMAIL": "pengaduan@dpmptsp.test",
            "ADUAN_SMS_BACKEND": "http",
            "ADUAN_SMS_URL": gateway.url,
            "ADUAN_SMS_TOKEN": gateway.state.token,
            "ADUAN_OUTBOX_LEASE_SECONDS": str(LEASE_SECONDS),
        }
        contact = (
            {"email": "warga{}@example.id"}
            if channel == "email"
            else {"phone": "+62812345678{}0"}
        )
        made = [
            follow(on=agency, **{k: v.format(i) for k, v in contact.items()})
            for i in range(3)
        ]
        rows = list(OutboundMessage.objects.order_by("id"))
        assert [m.channel for m in rows] == [channel] * 3
        hold = smtp.sink.hold if channel == "email" else gateway.state.hold
        hold.count = 1

        # when the worker dies mid-delivery and is started again
        _kill_and_restart(env, hold)

        # then every message is recorded sent, the first after a second hand-over
        for row in rows:
            row.refresh_from_db()
        assert [r.status for r in rows] == ["sent"] * 3
        assert [r.attempts for r in rows] == [2, 1, 1]
        lost, recovered = DeliveryAttempt.objects.filter(message=rows[0])
        assert (lost.ok, recovered.ok) == (False, True)
        assert "worker stopped" in lost.error
        keys = [r.idempotency_key for r in rows]
        if channel == "sms":
            # the gateway was asked twice for the first, with the same key, and
            # sent each message to a phone once
            asked = [key for key, _body in gateway.state.requests]
            assert sorted(asked) == sorted([keys[0], *keys])
            assert gateway.state.delivered == {
                r.idempotency_key: r.provider_id for r in rows
            }
        else:
            # the SMTP server got the first message twice, both copies with one
            # Message-ID, so three distinct messages reached the mailboxes
            ids = smtp.sink.message_ids()
            assert len(ids) == 4
            assert sorted(set(ids)) == sorted(r.provider_id for r in rows)
            assert ids.count(rows[0].provider_id) == 2
            assert rows[0].provider_id == f"<{keys[0]}@dpmptsp.test>"
        assert len(made) == 3
