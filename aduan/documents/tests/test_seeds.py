"""Each seed SOP produces its documents and each verifies: the receipt at intake, the
disposition sheet where the complaint is routed, and the document that ends it (the
answer letter, the BAPP of seed 001, the Form Penerimaan Layanan of seed 004)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from aduan.audit.models import EventKind
from aduan.audit.services import verify_chain
from aduan.documents import services
from aduan.documents.models import DocumentKind
from aduan.documents.tests.conftest import pdf_text
from aduan.workflow.services import answer_directly


def _verifies(document) -> None:
    content = document.file.open("rb").read()
    response = Client().post(
        document.verify_path,
        {"file": SimpleUploadedFile("d.pdf", content, content_type="application/pdf")},
    )
    assert response.status_code == 200
    assert "COCOK" in response.content.decode()
    assert "TIDAK COCOK" not in response.content.decode()
    text = pdf_text(content)
    assert document.number in text
    assert document.complaint.agency.name.upper() in text


@pytest.mark.parametrize("seed", ["seed_000", "seed_001", "seed_002", "seed_003"])
def test_seed_answer_documents_are_issued_and_verify(
    seed, agency_factory, walk, django_capture_on_commit_callbacks
):
    # given the seed's agency and a complaint taken at its desk
    agency = agency_factory(seed)
    profile = agency.profiles.get(is_active=True)
    channel = "telepon" if "telepon" in profile.channels else profile.channels[0]
    complaint = walk.register(
        agency, actor=walk.user(agency, "petugas"), channel=channel
    )
    receipt = services.issue_receipt(complaint, actor=walk.user(agency, "petugas"))
    # when it is routed, answered and signed as the profile says
    walk.to_processing(complaint)
    sheet = services.issue_disposition_sheet(
        complaint, actor=walk.user(agency, "analis")
    )
    kind = profile.config.get("answer_document", "surat_jawaban")
    with django_capture_on_commit_callbacks(execute=True):
        walk.sign(complaint, kind=kind)
    # then its three documents are on the timeline and each verifies
    answer = complaint.documents.get(kind=kind)
    assert answer.number == complaint.drafts.get().letter_number
    for document in (receipt, sheet, answer):
        _verifies(document)
    issued = complaint.events.filter(kind=EventKind.DOCUMENT_ISSUED)
    assert sorted(e.data["kind"] for e in issued) == sorted(
        [DocumentKind.TANDA_TERIMA, DocumentKind.LEMBAR_DISPOSISI, kind]
    )
    assert verify_chain(complaint) is None


def test_seed_004_direct_answer_gives_the_form_penerimaan_layanan(agency_factory, walk):
    # given seed 004: the complainant asks at the desk and is answered at once
    agency = agency_factory("seed_004")
    petugas = walk.user(agency, "petugas")
    complaint = walk.register(
        agency, actor=petugas, kind="permintaan_informasi", channel="langsung"
    )
    answer_directly(
        complaint, actor=petugas, answer="Pendaftaran merek dilakukan melalui DJKI."
    )
    # when the officer prints the Form Penerimaan Layanan (step 6) and hands it over
    form = services.issue_service_receipt(complaint, actor=petugas)
    # then it carries the answer and verifies
    assert "Pendaftaran merek dilakukan melalui DJKI." in pdf_text(
        form.file.open("rb").read()
    )
    _verifies(form)
