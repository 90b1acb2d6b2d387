import copy

import pytest
import yaml
from django.core.management import CommandError, call_command

from aduan.agencies.models import Agency, SopProfile
from aduan.agencies.profile_schema import profile_errors
from aduan.agencies.services import PROFILES_DIR, install_profile, read_profile_file
from aduan.core.errors import DomainError

SEEDS = sorted(PROFILES_DIR.glob("seed_*.yaml"))


def test_five_seed_profiles_ship_and_validate():
    assert [path.name[:8] for path in SEEDS] == [
        "seed_000",
        "seed_001",
        "seed_002",
        "seed_003",
        "seed_004",
    ]
    for path in SEEDS:
        assert profile_errors(yaml.safe_load(path.read_text())) == [], path.name


def test_seed_rules_are_encoded():
    babel = read_profile_file("seed_003_dpmptsp_babel.yaml")
    assert babel["complaint_window_days"] == 30
    assert babel["time_limits"]["answer"] == {
        "working_days": 14,
        "label": "Tanggapan dan tindak lanjut",
    }
    assert babel["satisfaction"]["reopen_on_not_satisfied"] is True
    malang = read_profile_file("seed_004_diskopindag_malang.yaml")
    assert [v["minutes"] for v in malang["time_limits"].values()] == [5, 30, 60, 5]
    dpmptsp = read_profile_file("seed_001_dpmptsp.yaml")
    assert [s["title"][:7] for s in dpmptsp["approval_chain"]["initials"]] == [
        "Kepala ",
        "Sekreta",
    ]
    customs = read_profile_file("seed_002_djbc_uki.yaml")
    assert {"what", "who", "when", "where", "how"} <= set(customs["required_fields"])


def test_bad_profile_says_exactly_what_is_wrong():
    # given a valid profile with five mistakes
    config = copy.deepcopy(read_profile_file("seed_001_dpmptsp.yaml"))
    config["channels"].append("merpati")
    config["time_limits"]["answer"] = {"working_days": -2}
    config["numbering"]["register"] = "ADU/{tahun}"
    config["approval_chain"]["initials"] *= 2
    config["warna"] = "biru"
    # when
    errors = profile_errors(config)
    # then
    assert errors == [
        "kunci tidak dikenal: warna",
        "channels[9]: nilai tidak dikenal 'merpati'",
        "approval_chain.initials: paling banyak 3 pemaraf",
        "time_limits.answer.working_days: harus bilangan bulat positif",
        "numbering.register: pola harus memuat {seq}",
    ]


def test_load_profile_command_reports_errors(tmp_path, db):
    bad = tmp_path / "bad.yaml"
    bad.write_text("code: x\nname: y\nchannels: []\nkinds: [pengaduan]\n")
    with pytest.raises(CommandError) as caught:
        call_command("load_profile", "any", str(bad), "--check")
    assert "channels: minimal satu saluran" in str(caught.value)
    assert "numbering: wajib ada" in str(caught.value)
    broken = tmp_path / "broken.yaml"
    broken.write_text("code: [unclosed\n")
    with pytest.raises(CommandError, match="YAML tidak sah"):
        call_command("load_profile", "any", str(broken))


def test_profiles_are_versioned_and_complaints_keep_theirs(agency):
    # given the active seed 001 profile
    first = SopProfile.objects.get(agency=agency, is_active=True)
    # when the admin changes the answer limit
    config = copy.deepcopy(first.config)
    config["time_limits"]["answer"]["working_days"] = 7
    second = install_profile(agency, config)
    # then a new active version exists and the old one is kept untouched
    first.refresh_from_db()
    assert (second.version, second.is_active) == (2, True)
    assert first.is_active is False
    assert first.config["time_limits"]["answer"]["working_days"] == 10
    # loading the same data again does not add a version
    assert install_profile(agency, copy.deepcopy(config)).pk == second.pk


def test_load_profile_command_installs(db):
    agency = Agency.objects.create(code="baru", name="Dinas Baru")
    call_command("load_profile", "baru", "seed_003_dpmptsp_babel.yaml")
    assert agency.profiles.get(is_active=True).code == "seed_003_dpmptsp_babel"
    with pytest.raises(DomainError):
        install_profile(agency, {"code": "x"})
