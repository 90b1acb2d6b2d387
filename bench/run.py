"""Aduan benchmark: complaint intake on PostgreSQL, each figure next to a raw baseline.

Run with `make bench` (= .venv/bin/python bench/run.py). Everything stays on 127.0.0.1.

What is measured, in one run, on one freshly created database (BENCH_DATABASE_URL,
default postgres://postgres@127.0.0.1:5432/aduan_bench; dropped and recreated at the
start, dropped again at the end, so its name must contain "bench"):

  A. raw insert, 1 connection: a scratch table (id bigserial, payload text, created_at
     timestamptz) filled by a loop of single-row INSERT + COMMIT with psycopg directly.
     This is the floor cost of one durable transaction.
  1. registration service: BENCH_N (default 2000) calls of
     intake.services.register_complaint (channel telepon, a named reporter, actor =
     the demo "petugas") on one connection: registrations/s and the ratio to A (target
     >= 50%). A and the registrations alternate in ROUNDS rounds of BENCH_N/ROUNDS so
     that drift of a shared machine hits both alike. Also printed: SQL statements and
     commits per registration and the statement list of one registration.
  F. floor: the INSERTs of one real registration (reporter, register counter,
     complaint, first event), captured with their parameters and replayed with psycopg
     alone (prepared, one transaction each, ids passed on, unique values renewed),
     interleaved with A and 1. It is what the database itself needs per registration
     (four rows, their indexes, the trigram search indexes, one commit); the service
     cannot be faster than it, so it shows how much of the gap to A is ours.
  S. ceiling: the same four rows written by ONE statement (a data-modifying CTE:
     reporter, counter upsert, complaint, event, ids passed on inside the statement),
     prepared, in autocommit: one round trip and one commit per registration, no
     Python between rows. It is the fastest any implementation of registration could
     be on this schema, so a target above it cannot be met by code.
  B. raw insert, 4 connections in 4 threads, BENCH_N rows each: total rows/s, measured
     just before and just after the HTTP run (their mean is the baseline).
  2. web form over HTTP: gunicorn (2 sync workers, 1 thread, DEBUG=0) and 4 client
     threads, each behaving like a browser with its own cookie jar for BENCH_SECONDS
     (default 15): GET /lapor/<agency>/, read the CSRF token and the page's key,
     POST the form (multipart, one small PNG) and expect a 302 to
     /lacak/<code>/tanda-terima/. Reported as submissions/s, p50/p95 latency of the
     POST and of the GET+POST pair, the ratio to B (target >= 4%), and the CPU time
     gunicorn's workers spent per submission.
  W. framework floor: the same run against bench/bare_django.py, Aduan's settings
     and middleware with one trivial view at the form's address (token page; POST
     parsed, attachment hashed, one row committed). The gap between 2 and W is
     Aduan's own work per submission; W itself is what Django costs here.

A missed target prints MISS and does not fail the run. Anything broken exits non-zero:
a failed request, or complaint/attachment counts in the database that differ from the
successful POSTs. Uploads go to a temporary MEDIA_ROOT that is deleted at the end.
"""

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

BASE_DIR = Path(__file__).resolve().parent.parent
DB_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/aduan_bench"
)
N = int(os.environ.get("BENCH_N", "2000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "15"))
CLIENTS = 4
ROUNDS = 4  # baseline A and the registrations alternate in this many rounds
AGENCY_CODE = "dpmptsp-contoh"
FORM_PATH = f"/lapor/{AGENCY_CODE}/"
RECEIPT_RE = re.compile(r"^/lacak/[0-9A-Z*~$=]{17}/tanda-terima/\?t=[\w%:-]+$")
TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY_RE = re.compile(r'name="kunci" value="([^"]*)"')  # the page's own key
PAYLOAD = "Izin usaha saya belum diproses sejak bulan lalu. " * 4  # ~200 chars

# The bench must run against its own database and leave var/ alone (MEDIA_ROOT is a
# temporary directory, set in main()).
os.environ["DATABASE_URL"] = DB_URL
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ["DEBUG"] = "0"
os.environ["ALLOWED_HOSTS"] = "127.0.0.1"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Only the nine demo users' passwords are hashed with it (setup, not measured).
os.environ["FAST_PASSWORD_HASHER"] = "1"
sys.path.insert(0, str(BASE_DIR))


# --- Database lifecycle and raw baselines


def check_target() -> None:
    """The database is dropped: refuse anything but a local database named *bench*."""
    host = urlsplit(DB_URL).hostname
    if host not in ("127.0.0.1", "localhost") or "bench" not in db_name():
        sys.exit(
            f"BENCH_DATABASE_URL={DB_URL!r}: must be on 127.0.0.1 and name a "
            "database containing 'bench' (the bench drops and recreates it)"
        )


def admin_connect() -> psycopg.Connection:
    parts = urlsplit(DB_URL)
    url = urlunsplit(parts._replace(path="/postgres"))
    return psycopg.connect(url, autocommit=True)


def db_name() -> str:
    return urlsplit(DB_URL).path.lstrip("/")


def recreate_database() -> None:
    with admin_connect() as conn:
        name = sql.Identifier(db_name())
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def drop_database() -> None:
    with admin_connect() as conn:
        name = sql.Identifier(db_name())
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))


def create_scratch_table() -> None:
    with psycopg.connect(DB_URL, autocommit=True) as conn:
        for table in ("bench_raw", "bench_bare"):
            conn.execute(
                f"CREATE TABLE {table} (id bigserial PRIMARY KEY, payload text, "
                "created_at timestamptz)"
            )


def insert_rows(conn: psycopg.Connection, rows: int) -> None:
    """One row per transaction: INSERT, COMMIT, repeat."""
    for i in range(rows):
        conn.execute(
            "INSERT INTO bench_raw (payload, created_at) VALUES (%s, now())",
            (f"{PAYLOAD} {i}",),
        )
        conn.commit()


def raw_insert_rate(connections: int, rows_each: int) -> float:
    """Total committed rows/s of `connections` threads, one connection each."""
    conns = [psycopg.connect(DB_URL) for _ in range(connections)]
    try:
        insert_rows(conns[0], 20)  # warm the table and the server
        gate = threading.Barrier(connections + 1)

        def worker(conn):
            gate.wait()
            insert_rows(conn, rows_each)

        threads = [threading.Thread(target=worker, args=(c,)) for c in conns]
        for t in threads:
            t.start()
        gate.wait()
        start = time.perf_counter()
        for t in threads:
            t.join()
        return connections * rows_each / (time.perf_counter() - start)
    finally:
        for conn in conns:
            conn.close()


# --- Registration service


class SqlCounter:
    """Counts statements (execute_wrapper) and commits (wraps connection.commit)."""

    def __init__(self, keep: bool = False):
        self.keep = keep
        self.statements: list[str] = []
        self.writes: list[tuple[str, tuple]] = []  # INSERTs with their parameters
        self.count = 0
        self.commits = 0

    def __call__(self, execute, sql_text, params, many, context):
        self.count += 1
        if self.keep:
            self.statements.append(" ".join(sql_text.split()))
            if sql_text.lstrip().upper().startswith("INSERT"):
                self.writes.append((sql_text, tuple(params)))
        return execute(sql_text, params, many, context)

    def __enter__(self):
        from django.db import connection

        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        original = connection.commit

        def commit():
            self.commits += 1
            original()

        connection.commit = commit  # instance attribute; Atomic.__exit__ calls it
        return self

    def __exit__(self, *exc):
        from django.db import connection

        del connection.commit
        self._wrapper.__exit__(*exc)


def bench_registrations() -> dict:
    """Registrations against raw baseline A, interleaved in ROUNDS so drift cancels."""
    from aduan.accounts.models import User
    from aduan.agencies.models import Agency
    from aduan.intake.services import ComplaintInput, ReporterInput, register_complaint

    def register(agency, actor, i):
        return register_complaint(
            agency=agency,
            actor=actor,
            data=ComplaintInput(
                kind="pengaduan",
                channel="telepon",
                what=f"{PAYLOAD} (nomor {i})",
                reporter=ReporterInput(name=f"Pelapor {i}", phone="+6281234567890"),
            ),
        )

    # One cold registration (fresh agency and user objects, nothing cached on them)
    # shows every statement; the timed loop reuses the objects as a request would
    # after its view has already looked up the profile and the roles.
    agency = Agency.objects.get(code=AGENCY_CODE)
    petugas = User.objects.get(username="petugas")
    with SqlCounter(keep=True) as cold:
        register(agency, petugas, 0)
    per_round = max(1, N // ROUNDS)
    raw_seconds = floor_seconds = single_seconds = reg_seconds = 0.0
    with (
        psycopg.connect(DB_URL) as raw,
        psycopg.connect(DB_URL, autocommit=True) as auto,
        SqlCounter() as warm,
    ):
        single = OneStatement(cold.writes)
        insert_rows(raw, 20)  # warm-up, not timed
        replay_rows(raw, cold.writes, 20, start=10**9)
        single.run(auto, 20, start=2 * 10**9)
        for r in range(ROUNDS):
            start = time.perf_counter()
            insert_rows(raw, per_round)
            raw_seconds += time.perf_counter() - start
            start = time.perf_counter()
            replay_rows(raw, cold.writes, per_round, start=r * per_round)
            floor_seconds += time.perf_counter() - start
            start = time.perf_counter()
            single.run(auto, per_round, start=3 * 10**9 + r * per_round)
            single_seconds += time.perf_counter() - start
            start = time.perf_counter()
            for i in range(r * per_round + 1, (r + 1) * per_round + 1):
                register(agency, petugas, i)
            reg_seconds += time.perf_counter() - start
    done = ROUNDS * per_round
    return {
        "raw_rate": done / raw_seconds,
        "floor_rate": done / floor_seconds,
        "single_rate": done / single_seconds,
        "rate": done / reg_seconds,
        "cold": cold,
        "per_reg": warm.count / done,
        "commits_per_reg": warm.commits / done,
    }


def _columns(insert_sql: str) -> list[str]:
    """Column names of an INSERT INTO t ("a", "b") VALUES ... statement."""
    inside = insert_sql.split("(", 1)[1].split(")", 1)[0]
    return [name.strip().strip('"') for name in inside.split(",")]


def replay_rows(conn: psycopg.Connection, writes, rows: int, start: int) -> None:
    """Write what one registration writes, `rows` times, with psycopg alone.

    The INSERTs captured from a real registration (reporter, register counter,
    complaint, its first event) are sent again with prepared statements in one
    transaction each, with the ids they return passed on and the unique values
    (tracking code, register number) made new. No Django, no Python work between
    them: the database's own cost of a registration.
    """
    reporter_sql, reporter_params = writes[0]
    counter_sql, counter_params = writes[1]
    complaint_sql, complaint_params = writes[2]
    event_sql, event_params = writes[3]
    complaint_cols = _columns(complaint_sql)
    event_cols = _columns(event_sql)
    for i in range(start, start + rows):
        with conn.cursor() as cur:
            cur.execute(reporter_sql, reporter_params, prepare=True)
            reporter_id = cur.fetchone()[0]
            cur.execute(counter_sql, counter_params, prepare=True)
            seq = cur.fetchone()[0]
            row = dict(zip(complaint_cols, complaint_params, strict=True))
            row.update(
                reporter_id=reporter_id,
                register_seq=seq,
                register_number=f"FLOOR/{seq}",
                tracking_code=f"F{i:016d}",
            )
            cur.execute(complaint_sql, [row[c] for c in complaint_cols], prepare=True)
            event = dict(zip(event_cols, event_params, strict=True))
            event["complaint_id"] = cur.fetchone()[0]
            cur.execute(event_sql, [event[c] for c in event_cols], prepare=True)
        conn.commit()


class OneStatement:
    """The INSERTs of one registration folded into one statement (PostgreSQL's
    data-modifying CTE): the reporter's and the counter's RETURNING values feed the
    complaint's VALUES, whose id feeds the event's. Sent prepared, in autocommit."""

    def __init__(self, writes) -> None:
        (reporter_sql, reporter_params), (counter_sql, counter_params) = writes[:2]
        (complaint_sql, complaint_params), (event_sql, event_params) = writes[2:4]
        self.complaint_cols = _columns(complaint_sql)
        self.complaint_row = dict(
            zip(self.complaint_cols, complaint_params, strict=True)
        )
        derived = {
            "reporter_id": "(SELECT id FROM r)",
            "register_seq": "(SELECT value FROM c)",
            "register_number": "('ONE/' || (SELECT value FROM c))",
        }
        self.free_cols = [c for c in self.complaint_cols if c not in derived]
        event_cols = _columns(event_sql)
        self.event_params = [
            p
            for c, p in zip(event_cols, event_params, strict=True)
            if c != "complaint_id"
        ]
        self.fixed_params = [*reporter_params, *counter_params]
        self.sql = (
            f"WITH r AS ({reporter_sql}), c AS ({counter_sql}), "
            f"k AS ({_values_insert(complaint_sql, derived)} RETURNING id), "
            f"e AS ({_values_insert(event_sql, {'complaint_id': '(SELECT id FROM k)'})}"
            " RETURNING id) SELECT (SELECT id FROM k)"
        )

    def run(self, conn: psycopg.Connection, rows: int, start: int) -> None:
        for i in range(start, start + rows):
            row = {**self.complaint_row, "tracking_code": f"S{i:016d}"}
            params = [
                *self.fixed_params,
                *(row[c] for c in self.free_cols),
                *self.event_params,
            ]
            if conn.execute(self.sql, params, prepare=True).fetchone()[0] is None:
                raise AssertionError("one-statement registration wrote no complaint")


def _values_insert(insert_sql: str, derived: dict[str, str]) -> str:
    """INSERT INTO t (cols) VALUES (...) with `derived` columns taken from SQL."""
    table = insert_sql.split("INTO", 1)[1].split("(", 1)[0].strip()
    cols = _columns(insert_sql)
    values = ", ".join(derived.get(c, "%s") for c in cols)
    quoted = ", ".join(f'"{c}"' for c in cols)
    return f"INSERT INTO {table} ({quoted}) VALUES ({values})"


# --- Web form over HTTP


def tiny_png(serial: int) -> bytes:
    """A valid 1x1 PNG; a tEXt chunk makes each file's bytes (and hash) unique."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1x1, 8-bit RGB
    pixels = zlib.compress(b"\x00\xff\x00\x00")  # filter byte + one red pixel
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"tEXt", b"Comment\x00bench " + str(serial).encode())
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]):
    boundary = "----aduanbench" + secrets.token_hex(12)
    out = []
    for name, value in fields.items():
        out.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for name, (filename, data, ctype) in files.items():
        out.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {ctype}\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out), f"multipart/form-data; boundary={boundary}"


class Browser:
    """One client thread: its own connection and cookie jar, GET then POST the form."""

    def __init__(self, port: int, serial_base: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.serial = serial_base

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            headers = dict(headers or {})
            if self.cookies:
                headers["Cookie"] = "; ".join(
                    f"{k}={v}" for k, v in self.cookies.items()
                )
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            for header in resp.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return resp.status, resp.headers, data
        finally:
            conn.close()

    def submit(self) -> tuple[float, float]:
        """One GET + POST; returns (post_seconds, pair_seconds) or raises on failure."""
        t0 = time.perf_counter()
        status, _, html = self.request("GET", FORM_PATH)
        if status != 200:
            raise AssertionError(f"GET {FORM_PATH} -> {status}")
        page = html.decode()
        match = TOKEN_RE.search(page)
        key = KEY_RE.search(page)
        if not match or "csrftoken" not in self.cookies:
            raise AssertionError(
                "GET: no csrfmiddlewaretoken input or csrftoken cookie"
            )
        self.serial += 1
        body, ctype = multipart(
            {
                "csrfmiddlewaretoken": match.group(1),
                "kunci": key.group(1) if key else "",
                "kind": "pengaduan",
                "name": f"Warga {self.serial}",
                "what": f"{PAYLOAD} (web {self.serial})",
            },
            {"attachments": ("bukti.png", tiny_png(self.serial), "image/png")},
        )
        t1 = time.perf_counter()
        status, headers, data = self.request(
            "POST",
            FORM_PATH,
            body=body,
            headers={
                "Content-Type": ctype,
                "Origin": f"http://127.0.0.1:{self.port}",
                "Referer": f"http://127.0.0.1:{self.port}{FORM_PATH}",
            },
        )
        t2 = time.perf_counter()
        location = headers.get("Location", "")
        if status != 302 or not RECEIPT_RE.match(location):
            raise AssertionError(
                f"POST -> {status} Location={location!r} {data[:200]!r}"
            )
        return t2 - t1, t2 - t0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int, log, settings_module: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(BASE_DIR / ".venv/bin/gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "1",
        ],
        cwd=BASE_DIR,
        env={
            **os.environ,
            "FAST_PASSWORD_HASHER": "0",
            "DJANGO_SETTINGS_MODULE": settings_module,
        },
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_until_answers(proc: subprocess.Popen, port: int) -> None:
    """Poll until gunicorn answers any HTTP response; the clients check the status."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", FORM_PATH)
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within 30 s")


def stop_gunicorn(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def workers_cpu_seconds(master: subprocess.Popen) -> float:
    """User + system CPU time of gunicorn's workers so far (Linux /proc), or NaN."""
    try:
        path = Path(f"/proc/{master.pid}/task/{master.pid}/children")
        ticks = 0
        for pid in path.read_text().split():
            stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(stat[11]) + int(stat[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


def machine_cpu() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs from /proc/stat, or (0, 0)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split()[1:9]]
    except (OSError, ValueError):
        return 0, 0
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def print_log_tail(log) -> None:
    log.seek(0)
    tail = log.read().decode(errors="replace")[-3000:]
    print("--- gunicorn log (tail) ---\n" + tail, file=sys.stderr)


def count_submissions() -> tuple[int, int]:
    """(complaints, attachments) the public form wrote."""
    from aduan.intake.models import Attachment, Complaint

    return (
        Complaint.objects.filter(channel="website").count(),
        Attachment.objects.filter(from_public=True).count(),
    )


def count_bare_rows() -> tuple[int, int]:
    """(rows, rows) the bare Django view wrote: one per POST, hash included."""
    with psycopg.connect(DB_URL) as conn:
        rows = conn.execute("SELECT count(*) FROM bench_bare").fetchone()[0]
    return rows, rows


def bench_http(
    settings_module: str = "config.settings", count=count_submissions
) -> dict:
    """GET + POST the form over HTTP under gunicorn; `count` reads back what the
    successful POSTs wrote, to be compared with their number."""
    port = free_port()
    log = tempfile.TemporaryFile()
    proc = start_gunicorn(port, log, settings_module)
    post_times: list[float] = []
    pair_times: list[float] = []
    failures: list[str] = []
    warm_ok = [0]
    lock = threading.Lock()
    clock = {}

    def open_gate() -> None:  # runs once, when every client has finished warming up
        clock["cpu"] = workers_cpu_seconds(proc)
        clock["client"] = time.process_time()  # this process: the 4 client threads
        clock["machine"] = machine_cpu()
        clock["start"] = time.perf_counter()
        clock["deadline"] = clock["start"] + SECONDS

    gate = threading.Barrier(CLIENTS, action=open_gate, timeout=300)

    def client(index: int) -> None:
        browser = Browser(port, serial_base=index * 1_000_000)

        def attempt() -> tuple[float, float] | None:
            try:
                return browser.submit()
            except Exception as error:  # noqa: BLE001 - every failure is reported
                with lock:
                    failures.append(f"client {index}: {error!r}")
                return None

        for _ in range(2):  # warm-up, not timed (workers import, templates compile)
            if attempt():
                with lock:
                    warm_ok[0] += 1
        gate.wait()
        while time.perf_counter() < clock["deadline"]:
            result = attempt()
            if result:
                with lock:
                    post_times.append(result[0])
                    pair_times.append(result[1])

    try:
        wait_until_answers(proc, port)
        threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - clock["start"]
        cpu = workers_cpu_seconds(proc) - clock["cpu"]
        client_cpu = time.process_time() - clock["client"]
        busy, total = (
            b - a for a, b in zip(clock["machine"], machine_cpu(), strict=True)
        )
    except BaseException:
        print_log_tail(log)
        raise
    finally:
        stop_gunicorn(proc)
    ok = len(post_times)
    in_db, files_in_db = count()
    if failures or in_db != ok + warm_ok[0]:
        print_log_tail(log)
    return {
        "rate": ok / elapsed,
        "ok": ok,
        "warm": warm_ok[0],
        "elapsed": elapsed,
        "cpu": cpu,
        "client_cpu": client_cpu,
        "machine_busy": busy / total if total else float("nan"),
        "failures": failures,
        "in_db": in_db,
        "files_in_db": files_in_db,
        "post_p50": percentile(post_times, 50) if post_times else float("nan"),
        "post_p95": percentile(post_times, 95) if post_times else float("nan"),
        "pair_p50": percentile(pair_times, 50) if pair_times else float("nan"),
        "pair_p95": percentile(pair_times, 95) if pair_times else float("nan"),
    }


# --- Main


def verdict(ratio: float, target: float) -> str:
    return "PASS" if ratio >= target else "MISS"


def main() -> int:
    import django

    check_target()
    media_root = tempfile.mkdtemp(prefix="aduan-bench-media-")
    os.environ["MEDIA_ROOT"] = media_root  # gunicorn inherits it too
    broken: list[str] = []
    try:
        recreate_database()
        django.setup()
        from django.core.management import call_command
        from django.db import connection, connections

        from aduan.agencies.demo import load_demo_agency

        call_command("migrate", verbosity=0, interactive=False)
        load_demo_agency("seed_001")
        with connection.cursor() as cursor:
            cursor.execute("SELECT version(), current_setting('synchronous_commit')")
            version, sync_commit = cursor.fetchone()
        print(
            f"Aduan bench on {db_name()}: {version.split(',')[0]}, "
            f"synchronous_commit={sync_commit}, {os.cpu_count()} CPUs, "
            f"N={N}, {SECONDS:g} s of HTTP, {CLIENTS} clients"
        )

        create_scratch_table()
        reg = bench_registrations()  # includes baseline A, interleaved
        raw_1 = reg["raw_rate"]
        raw_4_before = raw_insert_rate(CLIENTS, N)
        web = bench_http()
        bare = bench_http("bench.bare_django", count=count_bare_rows)
        raw_4_after = raw_insert_rate(CLIENTS, N)
        raw_4 = (raw_4_before + raw_4_after) / 2
        connections.close_all()

        cold = reg["cold"]
        print()
        print("Statements of one (cold) registration, as seen by execute_wrapper:")
        print("   BEGIN  (implicit: psycopg sends it, execute_wrapper does not see it)")
        for i, text in enumerate(cold.statements, 1):
            print(f"  {i:2}. {text[:120]}")
        print("   COMMIT (implicit: connection.commit(), not seen by execute_wrapper)")
        print(
            f"  cold: {cold.count} statements + BEGIN + COMMIT = "
            f"{cold.count + 2} round trips, {cold.commits} commit(s)"
        )
        print(
            f"  warm (timed loop, profile and roles cached on the objects): "
            f"{reg['per_reg']:.1f} statements + BEGIN + COMMIT = "
            f"{reg['per_reg'] + 2:.1f} round trips, "
            f"{reg['commits_per_reg']:.2f} commit(s) per registration"
        )

        r1 = reg["rate"] / raw_1
        r2 = web["rate"] / raw_4
        floor = reg["floor_rate"]
        print()
        print(
            f"{'measure':<24}{'figure':>10}   {'baseline':<15}{'base':>10}"
            f"   {'ratio':>7}   target"
        )
        print(
            f"{'registration service':<24}{reg['rate']:>8.1f}/s   "
            f"{'raw insert 1c':<15}{raw_1:>8.1f}/s   {r1:>7.1%}   "
            f">= 50%  {verdict(r1, 0.50)}"
        )
        print(
            f"{'  its rows, raw SQL':<24}{floor:>8.1f}/s   "
            f"{'raw insert 1c':<15}{raw_1:>8.1f}/s   {floor / raw_1:>7.1%}   "
            f"(floor: the service reaches {reg['rate'] / floor:.0%} of it)"
        )
        single = reg["single_rate"]
        print(
            f"{'  one statement, SQL':<24}{single:>8.1f}/s   "
            f"{'raw insert 1c':<15}{raw_1:>8.1f}/s   {single / raw_1:>7.1%}   "
            "(ceiling: no code can register faster on this schema)"
        )
        print(
            f"{'web form submissions':<24}{web['rate']:>8.1f}/s   "
            f"{'raw insert 4c':<15}{raw_4:>8.1f}/s   {r2:>7.2%}   "
            f">= 4%   {verdict(r2, 0.04)}"
        )
        print(
            f"{'  bare Django view':<24}{bare['rate']:>8.1f}/s   "
            f"{'raw insert 4c':<15}{raw_4:>8.1f}/s   {bare['rate'] / raw_4:>7.2%}   "
            f"(framework floor: the form reaches {web['rate'] / bare['rate']:.0%} of it)"
        )
        print(
            f"  (1c, the floor and the ceiling interleaved with the registrations in "
            f"{ROUNDS} rounds; 4c = mean of {raw_4_before:.0f}/s before and {raw_4_after:.0f}/s "
            "after the HTTP run)"
        )
        print()
        print(
            f"web form: {web['ok']} submissions in {web['elapsed']:.1f} s "
            f"(+{web['warm']} warm-up), {len(web['failures'])} failures"
        )
        print(
            f"  POST      p50 {web['post_p50'] * 1000:7.1f} ms   "
            f"p95 {web['post_p95'] * 1000:7.1f} ms"
        )
        print(
            f"  GET+POST  p50 {web['pair_p50'] * 1000:7.1f} ms   "
            f"p95 {web['pair_p95'] * 1000:7.1f} ms"
        )
        cpu_ms = web["cpu"] * 1000 / web["ok"] if web["ok"] else float("nan")
        print(
            f"  gunicorn workers: {cpu_ms:.1f} ms CPU "
            f"per GET+POST, busy {web['cpu'] / web['elapsed'] / 2:.0%} of the time; "
            f"all CPUs of the machine {web['machine_busy']:.0%} busy (every process)"
        )
        client_ms = web["client_cpu"] * 1000 / web["ok"] if web["ok"] else float("nan")
        print(
            f"  the 4 client threads (this process, one GIL): {client_ms:.1f} ms CPU "
            "per GET+POST, on the same 2 cores"
        )
        bare_ms = bare["cpu"] * 1000 / bare["ok"] if bare["ok"] else float("nan")
        print(
            f"  bare Django (same settings and middleware, one view: token page, "
            f"multipart POST, hash, one INSERT): {bare_ms:.1f} ms CPU per GET+POST"
        )
        expected = web["ok"] + web["warm"]
        print(
            f"  complaints in db (channel website): {web['in_db']} "
            f"(expected {expected}), public attachments: {web['files_in_db']}"
        )

        for failure in web["failures"][:20]:
            print(f"  FAILED {failure}")
        if web["failures"]:
            broken.append(f"{len(web['failures'])} failed requests")
        if web["in_db"] != expected:
            broken.append(
                f"complaint count {web['in_db']} != {expected} successful POSTs"
            )
        if web["files_in_db"] != expected:
            broken.append(f"attachment count {web['files_in_db']} != {expected}")
        if web["ok"] == 0:
            broken.append("no successful submission")
        for failure in bare["failures"][:5]:
            print(f"  FAILED (bare Django) {failure}")
        if bare["failures"] or bare["in_db"] != bare["ok"] + bare["warm"]:
            broken.append("the bare Django run failed or lost rows")
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001 - Django may not be set up yet
            pass
        drop_database()
        shutil.rmtree(media_root, ignore_errors=True)
    if broken:
        print("BROKEN: " + "; ".join(broken), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
