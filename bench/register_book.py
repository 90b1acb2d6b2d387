"""Register book benchmark (issue D): export the Buku Register Pengaduan of 1,000 and
of 10,000 complaints through the staff page (/kantor/register/) on PostgreSQL, and
print wall time and peak memory of each export.

The complaints are bulk-created on a fresh database (BENCH_REGISTER_DATABASE_URL,
default .../aduan_bench_register; dropped and recreated, then dropped at the end):
1,000 received on one day and 9,000 on the next, so a one-day period holds 1,000 rows
and a two-day period 10,000. Every tenth complaint has a disposition. Each export runs
in a fresh child process that requests the page with Django's test client and reads
the streamed response in blocks without keeping it; the child reports its resident
memory before the request and at its peak (ru_maxrss).

A PDF of more than documents.register.PDF_DIRECT_ROWS rows is not written within the
request: the page queues a task (documents.tasks.build_register_pdf) and redirects.
For the PDF the child therefore requests the page, then runs the queued task the way a
worker does (build_register_pdf.call) and reports the time of both and the size of the
stored file.

Memory must not grow with rows: the 10,000-row export of each format may peak at most
25 MB above the 1,000-row one (MISS otherwise; the run fails only when an export
breaks).
"""

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_URL = os.environ.get(
    "BENCH_REGISTER_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/aduan_bench_register",
)
os.environ["DATABASE_URL"] = DB_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-use")
NAME = DB_URL.rsplit("/", 1)[1]
ADMIN_URL = DB_URL.rsplit("/", 1)[0] + "/postgres"
FIRST_DAY, SECOND_DAY = "2026-03-02", "2026-03-03"
GROWTH_LIMIT_MB = 25


def admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup() -> None:
    import django

    django.setup()
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from aduan.accounts.models import User
    from aduan.agencies.demo import load_demo_agency
    from aduan.intake.models import Complaint, Reporter
    from aduan.workflow.models import Disposition

    agency = load_demo_agency("seed_001")
    profile = agency.profiles.get(is_active=True)
    unit = agency.units.first()
    petugas = User.objects.get(username="petugas")
    zone = ZoneInfo(agency.timezone)
    start = datetime.fromisoformat(FIRST_DAY).replace(hour=8, tzinfo=zone)
    begin = time.perf_counter()
    reporters = Reporter.objects.bulk_create(
        Reporter(
            name=f"Pelapor {i}",
            nik=f"31710115019{i:05d}",
            phone="+628123456789",
            email=f"p{i}@example.com",
            address=f"Jalan Melati {i}",
        )
        for i in range(10_000)
    )
    complaints = []
    for i, reporter in enumerate(reporters):
        day = start if i < 1000 else start + timedelta(days=1)
        received = day + timedelta(seconds=3 * (i % 1000))
        complaints.append(
            Complaint(
                agency=agency,
                profile=profile,
                reporter=reporter,
                kind="pengaduan",
                channel="langsung",
                subject=f"Keluhan layanan {i}",
                what="Izin usaha saya belum terbit setelah 20 hari kerja. " * 3,
                register_number=f"ADU/2026/{i + 1:06d}",
                register_year=2026,
                register_seq=i + 1,
                tracking_code=f"{i:017d}",
                received_at=received,
                registered_by=petugas,
            )
        )
    complaints = Complaint.objects.bulk_create(complaints, batch_size=2000)
    Disposition.objects.bulk_create(
        Disposition(
            complaint=c,
            unit=unit,
            instruction="telaah",
            due_at=c.received_at,
            given_by=petugas,
            given_at=c.received_at,
        )
        for c in complaints[::10]
    )
    print(
        f"generated 10,000 complaints in {time.perf_counter() - begin:.1f} s",
        flush=True,
    )


def child(fmt: str, until: str) -> None:
    """Run one export in this (fresh) process and print its figures as JSON."""
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from aduan.accounts.models import User

    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client()
    client.force_login(User.objects.get(username="petugas"))
    before = rss_mb()
    begin = time.perf_counter()
    response = client.get(
        "/kantor/register/", {"dari": FIRST_DAY, "sampai": until, "format": fmt}
    )
    if response.status_code == 302:  # queued: run the task as the worker would
        from aduan.documents.models import RegisterExport
        from aduan.documents.tasks import build_register_pdf

        export = RegisterExport.objects.latest("id")
        build_register_pdf.call(export.pk)
        export.refresh_from_db()
        response.status_code, size = 200, export.file.size if export.file else 0
    else:
        size = sum(len(block) for block in response.streaming_content)
    elapsed = time.perf_counter() - begin
    print(
        json.dumps(
            {
                "status": response.status_code,
                "bytes": size,
                "seconds": elapsed,
                "rss_before_mb": before,
                "rss_peak_mb": rss_mb(),
            }
        )
    )


def run(fmt: str, rows: int) -> dict:
    until = FIRST_DAY if rows == 1000 else SECOND_DAY
    out = subprocess.run(
        [sys.executable, __file__, "--child", fmt, until],
        capture_output=True,
        text=True,
        env=os.environ,
        check=False,
    )
    if out.returncode != 0:
        sys.exit(f"export {fmt} {rows} failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["status"] != 200 or result["bytes"] == 0:
        sys.exit(f"export {fmt} {rows} answered {result['status']}")
    growth = result["rss_peak_mb"] - result["rss_before_mb"]
    print(
        f"{fmt.upper():4} {rows:>6,} rows: {result['seconds']:6.1f} s, "
        f"{result['bytes'] / 1024:8.0f} KB, RSS {result['rss_before_mb']:.0f} -> "
        f"{result['rss_peak_mb']:.0f} MB (+{growth:.0f})",
        flush=True,
    )
    return {**result, "growth": growth}


def main() -> int:
    if "127.0.0.1" not in DB_URL and "localhost" not in DB_URL or "bench" not in NAME:
        sys.exit(
            "BENCH_REGISTER_DATABASE_URL must be on 127.0.0.1 and name a bench database"
        )
    admin(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{NAME}"')
    try:
        setup()
        for fmt in ("xlsx", "pdf"):
            small = run(fmt, 1000)
            large = run(fmt, 10_000)
            extra = large["rss_peak_mb"] - small["rss_peak_mb"]
            verdict = "OK" if extra <= GROWTH_LIMIT_MB else "MISS"
            print(
                f"{verdict}: the 10,000-row {fmt.upper()} peaked {extra:+.0f} MB over "
                f"the 1,000-row one (limit {GROWTH_LIMIT_MB} MB); "
                f"{large['seconds'] / 10_000 * 1000:.2f} ms per row",
                flush=True,
            )
    finally:
        from django.db import connections

        connections.close_all()
        admin(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
    else:
        sys.exit(main())
