"""Number patterns with tokens, shared by register numbers and letter numbers.

Tokens (DOCUMENTS.md §1.6): {seq}, {seq:0N}, {tahun}, {bulan2}, {bulan_romawi},
{kode} (agency code), {unit}, {kka} (archive classification code), {sifat}.
"""

import re
from datetime import date

ROMAN_MONTHS = (
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
)
_TOKEN = re.compile(r"\{([a-z_0-9]+)(?::0(\d{1,2}))?\}")
KNOWN_TOKENS = frozenset(
    {"seq", "tahun", "bulan2", "bulan_romawi", "kode", "unit", "kka", "sifat"}
)


def pattern_errors(pattern: str) -> list[str]:
    """List what is wrong with a pattern (empty when it is usable)."""
    errors = []
    tokens = [match.group(1) for match in _TOKEN.finditer(pattern)]
    unknown = sorted(set(tokens) - KNOWN_TOKENS)
    if unknown:
        errors.append(f"token tidak dikenal: {', '.join(unknown)}")
    if "seq" not in tokens:
        errors.append("pola harus memuat {seq}")
    leftover = _TOKEN.sub("", pattern)
    if "{" in leftover or "}" in leftover:
        errors.append("kurung kurawal tidak berpasangan")
    return errors


def format_number(
    pattern: str, *, seq: int, on: date, agency_code: str = "", **extra: str
) -> str:
    """Fill a pattern's tokens; the sequence may be zero-padded with {seq:0N}."""
    values = {
        "tahun": f"{on.year}",
        "bulan2": f"{on.month:02d}",
        "bulan_romawi": ROMAN_MONTHS[on.month - 1],
        "kode": agency_code,
        **extra,
    }

    def replace(match: re.Match[str]) -> str:
        name, width = match.group(1), match.group(2)
        if name == "seq":
            return f"{seq:0{int(width)}d}" if width else str(seq)
        return values.get(name, "")

    return _TOKEN.sub(replace, pattern)
