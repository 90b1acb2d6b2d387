"""The call console's script: the profile's steps with the minutes each may take.

Seed 000 steps 2-5: greeting and introduction, identity recorded and confirmed, the
need received, and what was understood read back. The profile's `script` gives the
words; a step takes its minutes from its own `minutes`, from the time limit it names
(`limit`), or from the time limit of the same name (seed 004's `identity`, 5
minutes). A time limit that runs before a complaint exists and that no step claims
(seed 000's `intake`, 15 minutes) bounds the whole call.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

FOLLOW_UP = "tindak_lanjut"
# Profiles write step names in Indonesian or English; both find the same limit.
ALIASES = {
    "identitas": "identity",
    "identity": "identitas",
    "salam": "greeting",
    "konfirmasi": "confirmation",
}


@dataclass(frozen=True)
class ScriptStep:
    name: str
    label: str
    text: str
    limit_seconds: int | None

    def render(self, *, officer: str) -> SafeString:
        """The words with the officer's name in and a live slot for the read-back."""
        html = escape(self.text).replace("{petugas}", escape(officer))
        return mark_safe(  # noqa: S308 - every part above is escaped
            html.replace(
                "{ringkasan}",
                "<strong data-summary>" + escape(_("(ringkasan)")) + "</strong>",
            )
        )


def _default_script() -> list[dict[str, str]]:
    return [
        {
            "step": "salam",
            "text": _(
                "Selamat pagi/siang, dengan {petugas}. Ada yang dapat kami bantu?"
            ),
        },
        {
            "step": "identitas",
            "text": _(
                "Boleh kami catat nama lengkap, NIK, dan nomor yang dapat dihubungi?"
            ),
        },
        {
            "step": "konfirmasi",
            "text": _("Kami ulangi: {ringkasan}. Apakah sudah benar?"),
        },
    ]


def _label(name: str) -> str:
    labels = {
        "salam": _("Salam dan perkenalan"),
        "identitas": _("Identitas pelapor"),
        "konfirmasi": _("Konfirmasi (membacakan ulang)"),
        FOLLOW_UP: _("Tindak lanjut"),
    }
    return labels.get(name, name.replace("_", " ").capitalize())


def _minutes(limit: Any) -> int | None:
    if not isinstance(limit, dict):
        return None
    value = limit.get("minutes") or limit.get("office_minutes")
    return value if isinstance(value, int) and value > 0 else None


def console_steps(config: dict[str, Any]) -> tuple[list[ScriptStep], int | None]:
    """The console's steps for a profile, and the limit of the whole call (seconds)."""
    limits = config.get("time_limits") or {}
    claimed: set[str] = set()
    steps = []
    for item in config.get("script") or _default_script():
        name = str(item.get("step", ""))
        minutes = item.get("minutes")
        if not (isinstance(minutes, int) and minutes > 0):
            minutes = None
            for key in (item.get("limit"), name, ALIASES.get(name)):
                if key and _minutes(limits.get(key)) and "starts" not in limits[key]:
                    minutes = _minutes(limits[key])
                    claimed.add(key)
                    break
        steps.append(
            ScriptStep(
                name, _label(name), str(item.get("text", "")), minutes and minutes * 60
            )
        )
    steps.append(
        ScriptStep(
            FOLLOW_UP,
            _label(FOLLOW_UP),
            _(
                "Jawab langsung, catat pengaduan, atau jelaskan tata cara dan "
                "kirimkan saluran pengiriman bukti."
            ),
            None,
        )
    )
    total = None
    for key, limit in limits.items():
        if key not in claimed and "starts" not in (limit or {}) and _minutes(limit):
            total = _minutes(limit) * 60
            break
    return steps, total
