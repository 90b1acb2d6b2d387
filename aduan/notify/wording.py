"""The wording of messages: the documents' safe placeholders, no template code from
users, and SMS that stays within one message.

A wording is plain text. Only {name} markers from PLACEHOLDERS are replaced; in the
HTML part of an e-mail the text and every value are escaped, and only the tracking
and appointment links become links. Default wordings live in
templates/notify/<channel>/ as files of the same form an admin edits, so a
copy-and-edit starts from them.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from aduan.documents.placeholders import PLACEHOLDERS as DOCUMENT_PLACEHOLDERS

MAX_LENGTH = 4_000
_TOKEN = re.compile(r"\{([a-z_]+)\}")
SUBJECT_PREFIX = "Subjek:"

# The documents' placeholders that make sense in a short message, plus the few
# that only messages have.
_SHARED = (
    "instansi",
    "nama_pelapor",
    "nomor_register",
    "kode_lacak",
    "tanggal_pengaduan",
    "perihal",
    "layanan",
    "hasil",
)
PLACEHOLDERS: Mapping[str, str] = {
    **{name: DOCUMENT_PLACEHOLDERS[name] for name in _SHARED},
    "tautan_lacak": _("alamat halaman lacak pengaduan"),
    "kekurangan": _("berkas/keterangan yang kurang (pengembalian)"),
    "alasan": _("alasan atau catatan petugas"),
    "nomor_surat": _("nomor surat jawaban (yang ditarik)"),
    # Front desk (seed 000): appointments and the procedure explained on a call.
    "waktu_janji": _("tanggal dan jam janji temu"),
    "tempat_janji": _("tempat janji temu"),
    "tautan_janji": _("alamat halaman janji temu (ubah/batal)"),
    "tata_cara": _("penjelasan tata cara pengaduan resmi"),
    "saluran_bukti": _("saluran pengiriman bukti dari profil SOP"),
}
# Values shown as links in the HTML part of an e-mail.
LINKS = ("tautan_lacak", "tautan_janji")
# Values that may be shortened to keep an SMS within one message; the rest (numbers,
# codes, links) are never cut.
SHRINKABLE = (
    "perihal",
    "nama_pelapor",
    "instansi",
    "layanan",
    "hasil",
    "kekurangan",
    "alasan",
    "tempat_janji",
    "tata_cara",
)

# GSM 03.38: the basic set costs one septet, the extension set two; anything else
# makes the whole SMS UCS-2, with 70 characters to a single message.
_GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMN"
    "OPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = set("^{}\\[~]|€\f")
SMS_GSM_LIMIT = 160
SMS_UCS2_LIMIT = 70

DEFAULTS_DIR = Path(__file__).resolve().parent / "templates" / "notify"


@dataclass(frozen=True)
class Wording:
    subject: str
    body: str
    version: int = 0  # 0: Aduan's default wording


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def wording_errors(body: str, *, subject: str = "") -> list[str]:
    """List what is wrong with a wording (empty when it can be used)."""
    errors = []
    if not body.strip():
        errors.append(str(_("Isi templat tidak boleh kosong.")))
    if len(body) > MAX_LENGTH:
        errors.append(
            str(_("Isi templat paling panjang %(n)s karakter.") % {"n": MAX_LENGTH})
        )
    text = f"{subject}\n{body}"
    unknown = sorted({n for n in _TOKEN.findall(text) if n not in PLACEHOLDERS})
    if unknown:
        errors.append(
            str(
                _("Penanda tidak dikenal: %(names)s.")
                % {"names": ", ".join("{" + n + "}" for n in unknown)}
            )
        )
    leftover = _TOKEN.sub("", text)
    if "{" in leftover or "}" in leftover:
        errors.append(
            str(_("Kurung kurawal hanya untuk penanda seperti {nomor_register}."))
        )
    return errors


def default_wording(kind: str, channel: str, language: str) -> Wording:
    """Aduan's own wording, read from templates/notify/<channel>/<kind>.<lang>.txt.

    WhatsApp uses the SMS wording unless it has its own; a language without files
    falls back to Indonesian.
    """
    folders = [channel] + (["sms"] if channel == "whatsapp" else [])
    for folder in folders:
        for lang in dict.fromkeys([language, "id"]):
            path = DEFAULTS_DIR / folder / f"{kind}.{lang}.txt"
            if path.exists():
                return parse_wording(path.read_text(encoding="utf-8"))
    raise LookupError(f"no default wording for {kind}/{channel}/{language}")


def parse_wording(text: str) -> Wording:
    """Split an optional first line "Subjek: ..." from the body."""
    text = text.replace("\r\n", "\n").strip()
    first, _sep, rest = text.partition("\n")
    if first.startswith(SUBJECT_PREFIX):
        return Wording(subject=first[len(SUBJECT_PREFIX) :].strip(), body=rest.strip())
    return Wording(subject="", body=text)


def fill_text(body: str, values: Mapping[str, object]) -> str:
    """Replace the known placeholders with their values, as plain text."""
    return _TOKEN.sub(
        lambda m: (
            str(values.get(m.group(1), ""))
            if m.group(1) in PLACEHOLDERS
            else m.group(0)
        ),
        body,
    )


def fill_html(body: str, values: Mapping[str, object]) -> SafeString:
    """The same wording as HTML paragraphs; text and values are escaped, and the
    links (tracking, appointment) are the only markup a value can bring."""

    def line_html(line: str) -> str:
        parts, position = [], 0
        for match in _TOKEN.finditer(line):
            parts.append(conditional_escape(line[position : match.start()]))
            name = match.group(1)
            value = str(values.get(name, "")) if name in PLACEHOLDERS else match[0]
            if name in LINKS and value:
                parts.append(format_html('<a href="{}">{}</a>', value, value))
            else:
                parts.append(conditional_escape(value))
            position = match.end()
        parts.append(conditional_escape(line[position:]))
        return "".join(parts)

    paragraphs = []
    for paragraph in re.split(r"\n[ \t]*\n", body.replace("\r\n", "\n").strip()):
        lines = [line_html(line.strip()) for line in paragraph.strip().split("\n")]
        if any(lines):
            paragraphs.append(f"<p>{'<br>'.join(lines)}</p>")
    return mark_safe("\n".join(paragraphs))


def sms_cost(text: str) -> tuple[int, int]:
    """Return (length as the network counts it, limit of a single message)."""
    if all(ch in _GSM_BASIC or ch in _GSM_EXTENDED for ch in text):
        return sum(2 if ch in _GSM_EXTENDED else 1 for ch in text), SMS_GSM_LIMIT
    # UCS-2: characters outside the BMP take two code units.
    return sum(2 if ord(ch) > 0xFFFF else 1 for ch in text), SMS_UCS2_LIMIT


def to_gsm(text: str) -> str:
    """Swap the typographic characters people paste for their GSM twins, so one
    curly quote does not halve the room of a whole message."""
    table = str.maketrans(
        {
            "‘": "'",
            "’": "'",
            "“": '"',
            "”": '"',
            "–": "-",
            "—": "-",
            "…": "...",
            "\u00a0": " ",
        }
    )
    return text.translate(table)


def fill_sms(body: str, values: Mapping[str, object]) -> str:
    """Fill a wording as one SMS: shrink the free-text values (longest first) until
    it fits; numbers, codes and links are never cut."""
    values = {name: to_gsm(" ".join(str(v).split())) for name, v in values.items()}
    body = to_gsm(body)
    text = fill_text(body, values)
    length, limit = sms_cost(text)
    if length <= limit:
        return text
    used = [
        name for name in SHRINKABLE if "{" + name + "}" in body and values.get(name)
    ]
    while length > limit and used:
        longest = max(used, key=lambda n: len(values[n]))
        value = values[longest]
        cut = max(0, len(value) - (length - limit) - 3)
        values[longest] = (value[:cut].rstrip() + "...") if cut >= 4 else ""
        if not values[longest]:
            used.remove(longest)
        text = fill_text(body, values)
        length, limit = sms_cost(text)
    if length > limit:
        # The fixed words alone are too long (the admin form refuses such a
        # wording; a default never is): cut the end rather than send two.
        while sms_cost(text)[0] > limit:
            text = text[:-1]
    return text


def render_message(
    wording: Wording,
    values: Mapping[str, object],
    *,
    channel: str,
    agency_name: str,
    language: str,
) -> Rendered:
    """Turn a wording and its values into what is sent on the channel."""
    if channel == "sms":
        return Rendered(subject="", text=fill_sms(wording.body, values), html="")
    text = fill_text(wording.body, values)
    if channel != "email":
        return Rendered(subject="", text=text, html="")
    subject = " ".join(fill_text(wording.subject, values).split())[:200]
    html = render_to_string(
        "notify/email.html",
        {
            "subject": subject,
            "body": fill_html(wording.body, values),
            "agency_name": agency_name,
            "language": language,
        },
    )
    return Rendered(subject=subject, text=text, html=html)


def longest_sms(wording: Wording, samples: Mapping[str, object]) -> tuple[int, int]:
    """The length of an SMS wording with its free-text values empty and the others
    at their longest: what can never be made to fit."""
    values = {
        name: ("" if name in SHRINKABLE else samples.get(name, ""))
        for name in PLACEHOLDERS
    }
    return sms_cost(fill_text(to_gsm(wording.body), values))


__all__ = [
    "PLACEHOLDERS",
    "Rendered",
    "Wording",
    "default_wording",
    "fill_html",
    "fill_sms",
    "fill_text",
    "longest_sms",
    "parse_wording",
    "render_message",
    "sms_cost",
    "wording_errors",
]
