"""Reading an RFC 822 message: who sent it, its text and attachments, whether a
person wrote it (not a bounce or an auto-reply), and which complaint it answers.

Pure functions over bytes; nothing here touches the database.
"""

import hashlib
import html
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from aduan.core import codes
from aduan.core.text import plain_text

# A code as people and mail programs write it: 17 symbols, maybe grouped 4-4-4-5.
_CODE = re.compile(
    r"(?<![0-9A-Za-z])([0-9A-Za-z]{4}[- ]?[0-9A-Za-z]{4}[- ]?[0-9A-Za-z]{4}[- ]?"
    r"[0-9A-Za-z]{4}[0-9A-Za-z*~$=])(?![0-9A-Za-z])"
)
_THREAD = re.compile(r"<aduan\.([0-9A-Z*~$=]{17})@", re.IGNORECASE)
_MESSAGE_ID = re.compile(r"<[^<>\s]+@[^<>\s]+>")
_AUTO_SUBJECT = re.compile(
    r"^\s*(automatic reply|auto(matic)?[- ]?(reply|response)|out of (the )?office|"
    r"autoreply|abwesenheitsnotiz|balasan otomatis|pesan otomatis|sedang cuti|"
    r"undeliverable|undelivered mail|delivery status notification|"
    r"mail delivery failed|returned mail)\b",
    re.IGNORECASE,
)
_BOUNCE_SENDERS = frozenset({"mailer-daemon", "postmaster"})
# Where the quoted part of a reply begins, in the clients people use here.
_QUOTE_STARTS = (
    re.compile(r"^On .{4,200}wrote:\s*$"),  # Thunderbird, Gmail (en)
    re.compile(r"^Pada .{4,200}menulis:\s*$"),  # Gmail (id)
    re.compile(r"^Le .{4,200}a écrit\s*:\s*$"),
    re.compile(r"^-{2,}\s*(Original Message|Pesan Asli|Pesan Awal)\s*-{2,}", re.I),
    re.compile(r"^_{10,}\s*$"),  # Outlook's rule above the quoted header block
    re.compile(r"^(From|Dari|Van):\s.+", re.I),  # Outlook without a rule
)


class Category:
    MAIL = "mail"
    BOUNCE = "bounce"
    AUTO_REPLY = "auto_reply"


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class ParsedMail:
    message_id: str
    sender_name: str
    sender_email: str
    subject: str
    text: str
    language: str
    category: str
    references: tuple[str, ...]
    attachments: tuple[Attachment, ...]
    # A bounce: the Message-IDs it reports on and the reason given.
    bounced_ids: tuple[str, ...] = ()
    bounce_reason: str = ""


def parse(raw: bytes) -> ParsedMail:
    """Read one message; never raises on malformed mail (fields come back empty)."""
    try:
        return _parse(BytesParser(policy=policy.default).parsebytes(raw), body=True)
    except RecursionError:
        # Parts nested deeper than the parser follows: the headers alone, so that
        # the message is still filed (and refused for having no text to read).
        headers = BytesParser(policy=policy.default).parsebytes(raw, headersonly=True)
        return _parse(headers, body=False)


def _parse(message: EmailMessage, *, body: bool) -> ParsedMail:
    name, given = parseaddr(str(message.get("From", "")))
    try:
        validate_email(given)
        address = given
    except ValidationError:
        address = ""  # "From: Budi Santoso" names no mailbox to answer
    message_id = _first_id(str(message.get("Message-ID", "")))
    references = tuple(
        _MESSAGE_ID.findall(
            f"{message.get('In-Reply-To', '')} {message.get('References', '')}"
        )
    )
    body_part = _body_part(message) if body else None
    text = _part_text(body_part) if body_part is not None else ""
    # A bare "From: MAILER-DAEMON" is no mailbox, but it is a bounce.
    category = classify(message, given)
    bounced, reason = (
        _bounce_details(message) if category == Category.BOUNCE else ((), "")
    )
    language = str(message.get("Content-Language", "")).strip().lower()[:2]
    # Control characters (a NUL above all) are refused by PostgreSQL and break
    # the XML of the Open311 feed: they go, as they do from every form.
    return ParsedMail(
        message_id=message_id,
        sender_name=plain_text(" ".join(name.split()))[:150],
        sender_email=address.strip().lower()[:254],
        subject=plain_text(" ".join(str(message.get("Subject", "")).split()))[:300],
        text=plain_text(_tidy(text)),
        language="en" if language == "en" else "id",
        category=category,
        references=references,
        attachments=tuple(_attachments(message, body_part)) if body else (),
        bounced_ids=bounced,
        bounce_reason=reason,
    )


def fallback_id(raw: bytes) -> str:
    """An id for a message that has no Message-ID: the digest of its bytes."""
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def classify(message: EmailMessage, sender: str) -> str:
    """Bounce, auto-reply or a message a person wrote."""
    content_type = message.get_content_type()
    report_type = str(message.get_param("report-type", "", header="content-type"))
    local_part = sender.partition("@")[0].lower()
    if (content_type == "multipart/report" and report_type == "delivery-status") or (
        local_part in _BOUNCE_SENDERS
    ):
        return Category.BOUNCE
    auto_submitted = str(message.get("Auto-Submitted", "no")).strip().lower()
    precedence = str(message.get("Precedence", "")).strip().lower()
    if (
        auto_submitted not in {"", "no"}
        or any(
            message.get(h) is not None
            for h in ("X-Autoreply", "X-Autorespond", "X-Auto-Reply", "List-Id")
        )
        or precedence in {"bulk", "junk", "list", "auto_reply"}
        or str(message.get("Return-Path", "")).strip() == "<>"
        or _AUTO_SUBJECT.match(str(message.get("Subject", "")))
    ):
        return Category.AUTO_REPLY
    return Category.MAIL


def tracking_codes(text: str) -> list[str]:
    """Valid tracking codes found in a text, in order, each once."""
    found = []
    for match in _CODE.finditer(text):
        code = codes.normalize(match.group(1))
        if code and code not in found:
            found.append(code)
    return found


def thread_codes(references: tuple[str, ...]) -> list[str]:
    """Tracking codes carried by Aduan's own thread ids in In-Reply-To/References."""
    found = []
    for reference in references:
        for match in _THREAD.finditer(reference):
            code = codes.normalize(match.group(1))
            if code and code not in found:
                found.append(code)
    return found


def new_text(text: str) -> str:
    """The part of a reply above the quoted message (all of it if nothing is)."""
    kept = []
    lines = text.splitlines()
    for number, line in enumerate(lines):
        stripped = line.strip()
        # Gmail wraps a long "Pada ... menulis:" over two lines.
        joined = " ".join(
            [stripped, *(nxt.strip() for nxt in lines[number + 1 : number + 2])]
        )
        if stripped.startswith(">") or any(
            p.match(stripped) or p.match(joined) for p in _QUOTE_STARTS
        ):
            break
        kept.append(line)
    result = "\n".join(kept).strip()
    return result or text.strip()


def _first_id(value: str) -> str:
    match = _MESSAGE_ID.search(value)
    return match.group(0)[:300] if match else ""


def _body_part(message: EmailMessage) -> EmailMessage | None:
    try:
        return message.get_body(preferencelist=("plain", "html"))
    except (KeyError, LookupError, AttributeError):
        return None


def _part_text(part: EmailMessage) -> str:
    try:
        content = part.get_content()
    except (LookupError, ValueError, AssertionError):
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", "replace")
    if not isinstance(content, str):
        return ""
    if part.get_content_type() == "text/html":
        return html_to_text(content)
    return content


def html_to_text(markup: str) -> str:
    """Readable text from an HTML mail body (no markup survives)."""
    markup = re.sub(r"(?is)<(script|style|head)\b.*?</\1\s*>", "", markup)
    markup = re.sub(r"(?i)<br\s*/?>", "\n", markup)
    markup = re.sub(r"(?i)</(p|div|li|tr|h[1-6]|blockquote)\s*>", "\n", markup)
    markup = re.sub(r"(?i)<blockquote\b[^>]*>", "\n> ", markup)
    markup = re.sub(r"<[^>]*>", "", markup)
    return html.unescape(markup)


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _attachments(message: EmailMessage, body: EmailMessage | None) -> list[Attachment]:
    found = []
    for part in message.walk():
        if part is body or part.is_multipart():
            continue
        content_type = part.get_content_type()
        if content_type in {"message/delivery-status", "message/rfc822"}:
            continue
        disposition = part.get_content_disposition()
        filename = part.get_filename()
        if not filename and disposition != "attachment":
            continue  # the other alternative of the body, or a signature block
        data = part.get_payload(decode=True) or b""
        if data:
            found.append(Attachment(filename or "lampiran", content_type, data))
    return found


def _bounce_details(message: EmailMessage) -> tuple[tuple[str, ...], str]:
    ids: list[str] = []
    reason = ""
    for part in message.walk():
        content_type = part.get_content_type()
        if content_type == "message/delivery-status":
            text = part.as_string()
            match = re.search(r"(?im)^Diagnostic-Code:\s*(.+)$", text) or re.search(
                r"(?im)^Status:\s*(.+)$", text
            )
            reason = reason or (match.group(1).strip()[:500] if match else "")
        elif content_type in {"message/rfc822", "text/rfc822-headers"}:
            text = part.as_string()
            for header in re.findall(r"(?im)^Message-ID:\s*(<[^>]+>)", text):
                if header not in ids:
                    ids.append(header)
    if not ids:
        # A bounce that quotes the original only as text.
        body = _body_part(message)
        text = _part_text(body) if body is not None else ""
        ids = [m for m in re.findall(r"(?im)^Message-ID:\s*(<[^>]+>)", text)]
    return tuple(ids), reason


def addresses(value: str) -> list[str]:
    """E-mail addresses in a header value, lower-cased."""
    return [address.lower() for _name, address in getaddresses([value]) if address]
