"""`manage.py poll_imap` against a real IMAP server: a throwaway Dovecot (Debian's
dovecot-imapd, installed by `make system-deps`) on a free port of 127.0.0.1, with its
own configuration, a static password and a maildir of its own."""

import grp
import imaplib
import io
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from aduan.intake.models import Complaint
from aduan.notify.models import InboundMessage
from aduan.notify.tests.servers import free_port

DOVECOT = "/usr/sbin/dovecot"
MAILS = Path(__file__).parent / "mails"
PASSWORD = "rahasia-imap"


def _config(
    base: Path,
    mail_root: Path,
    port: int,
    *,
    login_user: str,
    uid: int,
    gid: int,
    internal_user: str,
) -> str:
    return f"""
base_dir = {base}/run
state_dir = {base}/state
log_path = {base}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal_user}
default_internal_group = {grp.getgrgid(os.getegid()).gr_name}
default_login_user = {login_user}
first_valid_uid = {min(uid, 500)}
first_valid_gid = {min(gid, 500)}
mail_location = maildir:{mail_root}/%u
passdb {{
  driver = static
  args = password={PASSWORD}
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={mail_root}/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


@pytest.fixture
def imap_server(tmp_path):
    assert Path(DOVECOT).exists(), "dovecot-imapd is missing: run `make system-deps`"
    # Short: Dovecot's unix sockets live under it, and a socket path has at most 107
    # bytes (pytest-xdist's tmp_path is too deep).
    base = Path(tempfile.mkdtemp(prefix="aduan-dovecot-"))
    (base / "run").mkdir(parents=True)
    (base / "state").mkdir()
    port = free_port()
    if os.geteuid() == 0:
        # Dovecot refuses to log in or to touch mail as root: both run as nobody,
        # whose maildir must be outside pytest's root-only tmp_path.
        nobody = pwd.getpwnam("nobody")
        mail_root = Path(tempfile.mkdtemp(prefix="aduan-imap-"))
        os.chown(mail_root, nobody.pw_uid, nobody.pw_gid)
        mail_root.chmod(0o755)
        login, uid, gid, internal = "nobody", nobody.pw_uid, nobody.pw_gid, "root"
    else:
        mail_root = tmp_path / "mail"
        mail_root.mkdir()
        me = pwd.getpwuid(os.geteuid()).pw_name
        login, uid, gid, internal = me, os.geteuid(), os.getegid(), me
    config = base / "dovecot.conf"
    config.write_text(
        _config(
            base,
            mail_root,
            port,
            login_user=login,
            uid=uid,
            gid=gid,
            internal_user=internal,
        )
    )
    try:
        # Output to a file: the daemon's children keep inherited pipes open.
        with open(base / "start.log", "wb") as log:
            started = subprocess.run(
                [DOVECOT, "-c", str(config)], stdout=log, stderr=log, timeout=30
            )
        assert started.returncode == 0, (base / "start.log").read_text()
        deadline = time.monotonic() + 20
        while True:
            try:
                client = imaplib.IMAP4("127.0.0.1", port, timeout=5)
                client.login("pengaduan", PASSWORD)
                break
            except (OSError, imaplib.IMAP4.error):
                assert time.monotonic() < deadline, (base / "dovecot.log").read_text()
                time.sleep(0.1)
        yield port, client
        client.logout()
    finally:
        subprocess.run(
            [DOVECOT, "-c", str(config), "stop"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=30,
        )
        if mail_root.parent != tmp_path:
            shutil.rmtree(mail_root, ignore_errors=True)
        shutil.rmtree(base, ignore_errors=True)


def _deliver(client: imaplib.IMAP4, *names: str) -> None:
    for name in names:
        status, _data = client.append("INBOX", None, None, (MAILS / name).read_bytes())
        assert status == "OK"


def _unseen(client: imaplib.IMAP4) -> list[bytes]:
    client.select("INBOX")
    status, data = client.uid("SEARCH", None, "UNSEEN")
    return data[0].split()


def test_poller_files_new_mail_and_skips_what_it_filed(agency, settings, imap_server):
    # given a mailbox with two complaints, an auto-reply and a bounce
    port, client = imap_server
    settings.ADUAN_IMAP_HOST = "127.0.0.1"
    settings.ADUAN_IMAP_PORT = port
    settings.ADUAN_IMAP_SSL = False
    settings.ADUAN_IMAP_USER = "pengaduan"
    settings.ADUAN_IMAP_PASSWORD = PASSWORD
    _deliver(
        client,
        "thunderbird_new_complaint.eml",
        "gmail_new_complaint.eml",
        "outlook_auto_reply.eml",
        "postfix_dsn_bounce.eml",
    )
    out = io.StringIO()
    # when the poller passes
    call_command("poll_imap", "--once", agency=agency.code, stdout=out)
    # then two complaints, nothing from the others, and every message is seen
    assert out.getvalue().strip() == "filed 4, duplicate 0, failed 0"
    assert sorted(Complaint.objects.values_list("reporter__email", flat=True)) == [
        "budi.santoso@example.id",
        "ratna.lestari@gmail.com",
    ]
    assert sorted(InboundMessage.objects.values_list("status", flat=True)) == [
        "auto_reply",
        "bounce",
        "complaint",
        "complaint",
    ]
    assert _unseen(client) == []
    # when the same message lands again (a copy, or a flag that was not stored)
    _deliver(client, "thunderbird_new_complaint.eml")
    out = io.StringIO()
    call_command("poll_imap", "--once", agency=agency.code, stdout=out)
    # then it is seen, and still one complaint
    assert out.getvalue().strip() == "filed 0, duplicate 1, failed 0"
    assert Complaint.objects.count() == 2
    assert _unseen(client) == []
