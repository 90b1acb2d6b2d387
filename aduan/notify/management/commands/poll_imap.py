import imaplib
import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from aduan.notify.inbound import DuplicateMessage, receive_email
from aduan.notify.management.commands.read_email import agency_for

logger = logging.getLogger("aduan.notify")


def poll_once(agency, *, host, port, ssl, user, password, mailbox) -> dict[str, int]:
    """File every unseen message of the mailbox, then flag it seen. A message seen
    twice (the flag was not stored, another poller) is filed once: its Message-ID is
    the key."""
    counts = {"filed": 0, "duplicate": 0, "failed": 0}
    client_class = imaplib.IMAP4_SSL if ssl else imaplib.IMAP4
    client = client_class(host, port, timeout=60)
    try:
        client.login(user, password)
        status, _data = client.select(mailbox)
        if status != "OK":
            raise CommandError(f"cannot open mailbox {mailbox!r}")
        status, data = client.uid("SEARCH", None, "UNSEEN")
        uids = data[0].split() if status == "OK" and data and data[0] else []
        for uid in uids:
            # BODY.PEEK: reading does not flag it seen; only filing does.
            status, parts = client.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next(
                (p[1] for p in parts or [] if isinstance(p, tuple) and len(p) > 1),
                None,
            )
            if status != "OK" or raw is None:
                counts["failed"] += 1
                continue
            try:
                receive_email(raw, agency=agency)
                counts["filed"] += 1
            except DuplicateMessage:
                counts["duplicate"] += 1
            except Exception:
                logger.exception("IMAP message %s could not be filed", uid)
                counts["failed"] += 1
                continue  # left unseen: the next poll tries again
            client.uid("STORE", uid, "+FLAGS", "(\\Seen)")
    finally:
        try:
            client.logout()
        except (imaplib.IMAP4.error, OSError):
            pass
    return counts


class Command(BaseCommand):
    help = (
        "Poll the complaints mailbox over IMAP (ADUAN_IMAP_*) and file new mail as "
        "complaints or replies; --once for a single pass, else every --every seconds."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agency", default="")
        parser.add_argument("--once", action="store_true")
        parser.add_argument("--every", type=int, default=60)

    def handle(self, *args, agency: str, once: bool, every: int, **options):
        target = agency_for(agency or settings.ADUAN_INBOUND_AGENCY)
        if not settings.ADUAN_IMAP_HOST:
            raise CommandError("ADUAN_IMAP_HOST is not set")
        while True:
            counts = poll_once(
                target,
                host=settings.ADUAN_IMAP_HOST,
                port=settings.ADUAN_IMAP_PORT,
                ssl=settings.ADUAN_IMAP_SSL,
                user=settings.ADUAN_IMAP_USER,
                password=settings.ADUAN_IMAP_PASSWORD,
                mailbox=settings.ADUAN_IMAP_MAILBOX,
            )
            self.stdout.write(
                "filed {filed}, duplicate {duplicate}, failed {failed}".format(**counts)
            )
            if once:
                return
            time.sleep(every)
