"""Validation of SOP profile data: says exactly what is wrong, with a path to it."""

import json
from collections.abc import Mapping
from typing import Any

from aduan.accounts.roles import Role
from aduan.core.numbering import pattern_errors
from aduan.intake.choices import Channel, Document, Kind
from aduan.workflow.status import Status

REQUIRED_FIELDS = frozenset(
    {
        "identity",
        "nik",
        "contact",
        "address",
        "what",
        "who",
        "when",
        "where",
        "how",
        "service_date",
    }
)
LIMIT_UNITS = ("minutes", "office_minutes", "working_days", "calendar_days")
NOTICE_CHANNELS = frozenset({"email", "sms", "whatsapp"})
TOP_LEVEL = frozenset(
    {
        "code",
        "name",
        "source",
        "description",
        "channels",
        "kinds",
        "required_documents",
        "required_fields",
        "complaint_window_days",
        "approval_chain",
        "time_limits",
        "time_classes",
        "answers",
        "satisfaction",
        "numbering",
        "identity_visible_to",
        "direct_answer_kinds",
        "evidence_channels",
        "script",
        "handling_team",
        "answer_document",
        "escalate_to",
    }
)


def _list_of(
    value: Any, allowed: frozenset[str] | set[str], path: str, errors: list[str]
) -> None:
    if not isinstance(value, list):
        errors.append(f"{path}: harus berupa daftar")
        return
    for index, item in enumerate(value):
        if not isinstance(item, str) or item not in allowed:
            errors.append(f"{path}[{index}]: nilai tidak dikenal {item!r}")


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _limit_errors(value: Any, path: str) -> list[str]:
    if not isinstance(value, Mapping):
        return [f"{path}: harus berupa peta, mis. {{working_days: 14}}"]
    units = [unit for unit in LIMIT_UNITS if unit in value]
    errors = []
    if len(units) != 1:
        errors.append(f"{path}: isi tepat satu dari {', '.join(LIMIT_UNITS)}")
    elif not _positive_int(value[units[0]]):
        errors.append(f"{path}.{units[0]}: harus bilangan bulat positif")
    extra = (
        set(value)
        - set(LIMIT_UNITS)
        - {"label", "extendable_by", "extension_approver", "starts", "ends"}
    )
    if extra:
        errors.append(
            f"{path}: kunci tidak dikenal {', '.join(sorted(map(str, extra)))}"
        )
    moments = set(Status.values) | {"registered"}
    for key in ("starts", "ends"):
        if key in value:
            _list_of(value[key], moments, f"{path}.{key}", errors)
    if ("starts" in value) != ("ends" in value):
        errors.append(f"{path}: starts dan ends harus diisi bersama")
    if "extendable_by" in value and not _positive_int(value["extendable_by"]):
        errors.append(f"{path}.extendable_by: harus bilangan bulat positif")
    if "extension_approver" in value and value["extension_approver"] not in Role.values:
        errors.append(f"{path}.extension_approver: peran tidak dikenal")
    return errors


def profile_errors(config: Any) -> list[str]:
    """Return every problem in a profile, each as 'path: what is wrong'; [] if valid."""
    if not isinstance(config, Mapping):
        return ["profil harus berupa peta (mapping) YAML"]
    try:
        # Stored as JSON: YAML's dates, sets and binary have no place in it.
        json.dumps(config)
    except (TypeError, ValueError):
        return ["nilai harus teks, angka, ya/tidak, daftar atau peta (bukan tanggal)"]
    errors: list[str] = []
    unknown = set(config) - TOP_LEVEL
    if unknown:
        errors.append(f"kunci tidak dikenal: {', '.join(sorted(map(str, unknown)))}")
    for key in ("code", "name", "channels", "kinds", "numbering"):
        if key not in config:
            errors.append(f"{key}: wajib ada")
    for key, limit in (("code", 60), ("name", 200)):
        value = config.get(key)
        if key in config and not (isinstance(value, str) and 0 < len(value) <= limit):
            errors.append(f"{key}: harus teks, paling panjang {limit} karakter")
    for key in ("answers", "satisfaction", "evidence_channels"):
        if config.get(key) is not None and not isinstance(config[key], Mapping):
            errors.append(f"{key}: harus berupa peta")
    channels = set(Channel.values)
    if "channels" in config:
        _list_of(config["channels"], channels, "channels", errors)
        if config["channels"] == []:
            errors.append("channels: minimal satu saluran")
    if "kinds" in config:
        _list_of(config["kinds"], set(Kind.values), "kinds", errors)
        if config["kinds"] == []:
            errors.append("kinds: minimal satu jenis laporan")
    docs = config.get("required_documents", {})
    if not isinstance(docs, Mapping):
        errors.append("required_documents: harus berupa peta saluran -> daftar dokumen")
    else:
        for channel, items in docs.items():
            if channel != "default" and channel not in channels:
                errors.append(f"required_documents.{channel}: saluran tidak dikenal")
            _list_of(
                items, set(Document.values), f"required_documents.{channel}", errors
            )
    if "required_fields" in config:
        _list_of(config["required_fields"], REQUIRED_FIELDS, "required_fields", errors)
    window = config.get("complaint_window_days")
    if window is not None and not _positive_int(window):
        errors.append("complaint_window_days: harus bilangan bulat positif atau null")
    errors += _chain_errors(config.get("approval_chain"))
    limits = config.get("time_limits", {})
    if not isinstance(limits, Mapping):
        errors.append("time_limits: harus berupa peta langkah -> batas waktu")
    else:
        for step, limit in limits.items():
            errors += _limit_errors(limit, f"time_limits.{step}")
    time_classes = config.get("time_classes") or []
    if not isinstance(time_classes, list):
        errors.append("time_classes: harus berupa daftar")
        time_classes = []
    for index, time_class in enumerate(time_classes):
        path = f"time_classes[{index}]"
        if not isinstance(time_class, Mapping) or "code" not in time_class:
            errors.append(f"{path}: perlu code dan working_days")
            continue
        errors += _limit_errors(
            {k: v for k, v in time_class.items() if k != "code"}, path
        )
    answers = config.get("answers", {})
    if isinstance(answers, Mapping) and "ticket_by" in answers:
        _list_of(answers["ticket_by"], NOTICE_CHANNELS, "answers.ticket_by", errors)
    satisfaction = config.get("satisfaction", {})
    if isinstance(satisfaction, Mapping) and "auto_close_working_days" in satisfaction:
        if not _positive_int(satisfaction["auto_close_working_days"]):
            errors.append(
                "satisfaction.auto_close_working_days: harus bilangan positif"
            )
    numbering = config.get("numbering")
    if "numbering" in config:
        if not isinstance(numbering, Mapping) or "register" not in numbering:
            errors.append("numbering.register: wajib ada")
        else:
            for name, pattern in numbering.items():
                if not isinstance(pattern, str):
                    errors.append(f"numbering.{name}: harus berupa teks pola")
                    continue
                errors += [f"numbering.{name}: {e}" for e in pattern_errors(pattern)]
    if "identity_visible_to" in config:
        _list_of(
            config["identity_visible_to"],
            set(Role.values),
            "identity_visible_to",
            errors,
        )
    if config.get("answer_document", "surat_jawaban") not in ("surat_jawaban", "bapp"):
        errors.append("answer_document: surat_jawaban atau bapp")
    if "escalate_to" in config:
        _list_of(config["escalate_to"], set(Role.values), "escalate_to", errors)
    if "direct_answer_kinds" in config:
        _list_of(
            config["direct_answer_kinds"],
            set(Kind.values),
            "direct_answer_kinds",
            errors,
        )
    return errors


def _chain_errors(chain: Any) -> list[str]:
    if chain is None:
        return []
    if not isinstance(chain, Mapping):
        return ["approval_chain: harus berupa peta dengan initials dan signer"]
    errors = []
    initials = chain.get("initials", [])
    if not isinstance(initials, list):
        return ["approval_chain.initials: harus berupa daftar"]
    # Permendagri 54/2009 Lampiran C: at most three officials initial (paraf hierarki).
    if len(initials) > 3:
        errors.append("approval_chain.initials: paling banyak 3 pemaraf")
    for index, step in enumerate(initials):
        if not isinstance(step, Mapping) or not step.get("title"):
            errors.append(f"approval_chain.initials[{index}]: perlu title (jabatan)")
        elif not isinstance(step.get("position", ""), str):
            errors.append(f"approval_chain.initials[{index}].position: harus teks")
    signer = chain.get("signer")
    if not isinstance(signer, Mapping) or not signer.get("title"):
        errors.append("approval_chain.signer: perlu title (jabatan penandatangan)")
    return errors
