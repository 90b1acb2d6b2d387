"""Plain text as people typed it, wherever it comes in (forms, API, e-mail)."""

import re

# Characters no one can see or print: C0 and C1 controls, except tab and newline.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Invisible characters that, alone, would make an empty field look filled in.
_BLANK_EDGES = re.compile(
    r"^[\s\u200b-\u200d\u2060\ufeff]+|[\s\u200b-\u200d\u2060\ufeff]+$"
)


def plain_text(value: str) -> str:
    """Complaint text as typed. It is plain text, escaped wherever it is shown
    (pages, PDFs, e-mail), so nothing that looks like markup is removed: "harga
    <Rp 5.000" and "a<b" stay. Only control characters go, and blank ends."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _BLANK_EDGES.sub("", _CONTROL.sub("", value))
