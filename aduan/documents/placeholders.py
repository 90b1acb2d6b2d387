"""Agency wording with a small, fixed set of placeholders: no template code from users.

The text is escaped first; only {name} markers from PLACEHOLDERS are replaced, by
values that are escaped too, except the two blocks Aduan builds itself ({isi}, the
signed and sanitised answer, and {para_pihak}, the parties of a berita acara).
"""

import re
from collections.abc import Mapping

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

MAX_LENGTH = 10_000
_TOKEN = re.compile(r"\{([a-z_]+)\}")
_POINT = re.compile(r"^((?:\d{1,2}|[a-z])\.)\s+(.*)$")

PLACEHOLDERS: Mapping[str, str] = {
    "nomor": _("nomor dokumen"),
    "tanggal": _("tanggal dokumen, mis. 22 November 2026"),
    "kota": _("kota tempat surat"),
    "instansi": _("nama instansi"),
    "nama_pelapor": _("nama pelapor (atau 'Pelapor' bila dirahasiakan)"),
    "alamat_pelapor": _("alamat pelapor"),
    "nomor_register": _("nomor register pengaduan"),
    "kode_lacak": _("kode lacak pengaduan"),
    "tanggal_pengaduan": _("tanggal pengaduan diterima"),
    "perihal": _("perihal pengaduan"),
    "layanan": _("layanan/izin yang diadukan"),
    "hasil": _("hasil penanganan"),
    "isi": _("isi jawaban yang ditandatangani (blok)"),
    "para_pihak": _("tabel PIHAK PERTAMA dan PIHAK KEDUA berita acara (blok)"),
    "hari": _("nama hari tanggal dokumen, mis. Minggu"),
    "tanggal_terbilang": _("tanggal dalam huruf, mis. dua puluh dua"),
    "bulan": _("nama bulan, mis. November"),
    "tahun_terbilang": _("tahun dalam huruf, mis. dua ribu dua puluh enam"),
    "tempat": _("tempat penandatanganan (kantor instansi)"),
    "batas_waktu": _("batas waktu penyelesaian, mis. 14 (empat belas) hari kerja"),
    "penandatangan": _("nama penanda tangan"),
    "jabatan": _("jabatan penanda tangan"),
}
# Placeholders whose value is HTML that Aduan built and sanitised itself.
BLOCKS = frozenset({"isi", "para_pihak"})


def template_errors(body: str) -> list[str]:
    """List what is wrong with a wording (empty when it can be used)."""
    errors = []
    if not body.strip():
        errors.append(str(_("Isi templat tidak boleh kosong.")))
    if len(body) > MAX_LENGTH:
        errors.append(
            str(_("Isi templat paling panjang %(n)s karakter.") % {"n": MAX_LENGTH})
        )
    unknown = sorted(
        {name for name in _TOKEN.findall(body) if name not in PLACEHOLDERS}
    )
    if unknown:
        errors.append(
            str(
                _("Penanda tidak dikenal: %(names)s.")
                % {"names": ", ".join("{" + n + "}" for n in unknown)}
            )
        )
    leftover = _TOKEN.sub("", body)
    if "{" in leftover or "}" in leftover:
        errors.append(str(_("Kurung kurawal hanya untuk penanda seperti {nomor}.")))
    return errors


def _fill_line(line: str, values: Mapping[str, object]) -> str:
    parts, position = [], 0
    for match in _TOKEN.finditer(line):
        parts.append(conditional_escape(line[position : match.start()]))
        name = match.group(1)
        value = values.get(name, "")
        # Blocks are SafeString built by render.py; anything else is escaped.
        parts.append(conditional_escape(value if name in BLOCKS else str(value)))
        position = match.end()
    parts.append(conditional_escape(line[position:]))
    return "".join(parts)


def fill(body: str, values: Mapping[str, object]) -> SafeString:
    """Turn a wording into HTML paragraphs with its placeholders filled."""
    errors = template_errors(body)
    if errors:
        raise ValueError("; ".join(errors))
    html = []
    for paragraph in re.split(r"\n[ \t]*\n", body.replace("\r\n", "\n").strip()):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        whole = _TOKEN.fullmatch(paragraph)
        if whole and whole.group(1) in BLOCKS:
            html.append(
                format_html(
                    '<div class="block">{}</div>', values.get(whole.group(1), "")
                )
            )
            continue
        lines = []
        for line in paragraph.split("\n"):
            point = _POINT.match(line.strip())
            if point:
                lines.append(
                    format_html(
                        '<div class="point"><span class="marker">{}</span>'
                        '<span class="text">{}</span></div>',
                        point.group(1),
                        mark_safe(_fill_line(point.group(2), values)),
                    )
                )
            else:
                lines.append(mark_safe(f"<p>{_fill_line(line.strip(), values)}</p>"))
        html.append(f'<div class="para">{"".join(lines)}</div>')
    return mark_safe("".join(html))
