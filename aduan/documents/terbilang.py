"""Numbers and dates in Indonesian words (DOCUMENTS.md §6): sepuluh, sebelas, seratus,
seribu, dua ribu dua puluh enam; "Pada hari ini Minggu tanggal dua puluh dua ..."."""

from datetime import date

from aduan.core.dates import DAYS_ID, MONTHS_ID

_UNITS = (
    "nol",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
)
# Larger scales, each a thousand times the previous one.
_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"))


def _below_thousand(n: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds == 1:
        words.append("seratus")
    elif hundreds:
        words += [_UNITS[hundreds], "ratus"]
    if rest == 0:
        return words
    if rest < 10:
        words.append(_UNITS[rest])
    elif rest == 10:
        words.append("sepuluh")
    elif rest == 11:
        words.append("sebelas")
    elif rest < 20:
        words += [_UNITS[rest - 10], "belas"]
    else:
        tens, ones = divmod(rest, 10)
        words += [_UNITS[tens], "puluh"]
        if ones:
            words.append(_UNITS[ones])
    return words


def _words(n: int) -> list[str]:
    for value, name in _SCALES:
        if n >= value:
            high, rest = divmod(n, value)
            return _words(high) + [name] + (_words(rest) if rest else [])
    thousands, rest = divmod(n, 1000)
    words: list[str] = []
    if thousands == 1:
        words.append("seribu")
    elif thousands:
        words += _below_thousand(thousands) + ["ribu"]
    return words + _below_thousand(rest)


def number_words(n: int) -> str:
    """Write a whole number in Indonesian words: 2026 -> dua ribu dua puluh enam."""
    if n < 0:
        return "minus " + number_words(-n)
    if n == 0:
        return "nol"
    if n >= 10**15:
        raise ValueError("number too large to write in words")
    return " ".join(_words(n))


def quantity(n: int, unit: str = "") -> str:
    """Digits then words in brackets: 14 (empat belas) hari kerja."""
    return f"{n} ({number_words(n)}){' ' + unit if unit else ''}"


def date_parts(day: date) -> dict[str, str]:
    """The words of a berita acara's opening: hari, tanggal, bulan, tahun."""
    return {
        "hari": DAYS_ID[day.weekday()],
        "tanggal_terbilang": number_words(day.day),
        "bulan": MONTHS_ID[day.month - 1],
        "tahun_terbilang": number_words(day.year),
    }


def date_in_words(day: date) -> str:
    """hari Minggu tanggal dua puluh dua bulan November tahun dua ribu dua puluh enam."""
    parts = date_parts(day)
    return (
        f"hari {parts['hari']} tanggal {parts['tanggal_terbilang']} bulan "
        f"{parts['bulan']} tahun {parts['tahun_terbilang']}"
    )
