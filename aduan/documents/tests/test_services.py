"""Issuing, cancelling and delivering documents, and the wording versions."""

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfReader

from aduan.audit.models import EventKind
from aduan.audit.services import verify_chain
from aduan.core import dates
from aduan.core.errors import DomainError, ErrorCode
from aduan.documents import services
from aduan.documents.models import Document, DocumentKind, SignerMark
from aduan.documents.tests.conftest import pdf_text
from aduan.workflow import services as workflow
from aduan.workflow.models import Disposition, LetterCounter


def _png(color: str) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (200, 80), (255, 255, 255, 0))
    ImageDraw.Draw(image).line(
        [(10, 60), (80, 10), (150, 70), (190, 20)], fill=color, width=6
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def signed(agency, walk, django_capture_on_commit_callbacks):
    complaint = walk.to_processing(
        walk.register(agency, actor=walk.user(agency, "petugas"))
    )
    with django_capture_on_commit_callbacks(execute=True):
        walk.sign(complaint, kind=DocumentKind.SURAT_JAWABAN)
    return complaint


def test_signing_issues_the_letter_once_with_its_hash_on_the_timeline(signed):
    # given a signed answer letter
    draft = signed.drafts.get()
    document = signed.documents.get()
    # then the PDF carries the letter number, is stored once under its SHA-256
    assert document.kind == DocumentKind.SURAT_JAWABAN
    assert document.number == draft.letter_number
    content = document.file.open("rb").read()
    import hashlib

    assert hashlib.sha256(content).hexdigest() == document.sha256
    assert (
        document.file.name == f"documents/{document.sha256[:2]}/{document.sha256}.pdf"
    )
    assert document.signer_name == "Hendra Kepala, S.H., M.Si."
    assert document.dated == dates.local(draft.signed_at, signed.agency.timezone).date()
    # and the timeline has the issue with the hash, after the signature
    event = signed.events.get(kind=EventKind.DOCUMENT_ISSUED)
    assert event.data["sha256"] == document.sha256
    # and the staff copy with the initials has its own hash there too
    archived = document.archive_file.open("rb").read()
    assert archived != content
    assert event.data["archive_sha256"] == hashlib.sha256(archived).hexdigest()
    assert event.data["number"] == draft.letter_number
    assert event.is_public is True
    assert event.seq == signed.events.get(kind=EventKind.SIGNED).seq + 1
    assert verify_chain(signed) is None
    # when it is issued again (a retry, a double click)
    again = services.issue_answer(draft, actor=None)
    # then it is the same document and nothing new is written
    assert again.pk == document.pk
    assert signed.documents.count() == 1
    assert signed.events.filter(kind=EventKind.DOCUMENT_ISSUED).count() == 1


def test_a_failed_render_after_signing_can_be_issued_later(agency, walk):
    # given a letter signed while the on-commit rendering did not run
    complaint = walk.to_processing(
        walk.register(agency, actor=walk.user(agency, "petugas"))
    )
    walk.sign(complaint, kind=DocumentKind.BAPP)
    assert complaint.documents.count() == 0
    # when the officer issues it from the complaint page
    document = services.issue_answer(
        complaint.drafts.get(), actor=walk.user(agency, "petugas")
    )
    # then it carries the number reserved at signing
    assert document.number == complaint.drafts.get().letter_number
    assert document.number in pdf_text(document.file.open("rb").read())


def test_an_unsigned_draft_is_not_issued(agency, walk):
    complaint = walk.to_processing(
        walk.register(agency, actor=walk.user(agency, "petugas"))
    )
    workflow.save_draft(
        complaint,
        actor=walk.user(agency, "analis"),
        body="<p>x</p>",
        outcome="terselesaikan",
        kind="surat_jawaban",
    )
    with pytest.raises(DomainError) as caught:
        services.issue_answer(complaint.drafts.get(), actor=walk.user(agency, "analis"))
    assert caught.value.code is ErrorCode.NOT_ALLOWED
    assert Document.objects.count() == 0


def test_signature_and_stamp_are_placed_only_on_the_signed_letter(
    agency, walk, django_capture_on_commit_callbacks
):
    # given the Kepala's signature image and the office stamp
    kepala = walk.user(agency, "kepala")
    mark = SignerMark(user=kepala, agency=agency)
    mark.signature.save("ttd.png", ContentFile(_png("blue")), save=False)
    mark.stamp.save("cap.png", ContentFile(_png("purple")), save=False)
    mark.save()
    complaint = walk.to_processing(
        walk.register(agency, actor=walk.user(agency, "petugas"))
    )
    # when the letter is signed
    with django_capture_on_commit_callbacks(execute=True):
        walk.sign(complaint, kind=DocumentKind.SURAT_JAWABAN)
    # then its PDF holds the two images (the QR code is vector, not an image)
    letter = complaint.documents.get().file.open("rb").read()
    images = [
        image for page in PdfReader(io.BytesIO(letter)).pages for image in page.images
    ]
    assert len(images) == 2
    # and the preview of the wording, which is never signed, holds none
    preview = services.preview_pdf(
        agency, kind=DocumentKind.SURAT_JAWABAN, body="Isi {isi}"
    )
    assert [i for p in PdfReader(io.BytesIO(preview)).pages for i in p.images] == []


def test_cancelled_letter_keeps_its_number_and_it_is_never_reused(
    signed, agency, walk, django_capture_on_commit_callbacks
):
    # given an issued letter, the answer the complainant is now asked about
    document = signed.documents.get()
    number = document.number
    due = signed.events.filter(kind=EventKind.DEADLINE_MET).get().data["due_at"]
    # when the Kepala cancels it without a reason, then nothing changes
    with pytest.raises(DomainError) as caught:
        services.cancel_document(
            document, actor=walk.user(agency, "kepala"), reason=" "
        )
    assert caught.value.code is ErrorCode.REASON_REQUIRED
    # and the front office may not cancel a letter
    with pytest.raises(DomainError):
        services.cancel_document(
            document, actor=walk.user(agency, "petugas"), reason="Salah alamat"
        )
    document.refresh_from_db()
    signed.refresh_from_db()
    assert document.cancelled_at is None and signed.status == "dijawab"
    assert not signed.events.filter(kind=EventKind.DOCUMENT_CANCELLED).exists()
    # when the Kepala cancels it with a reason
    services.cancel_document(
        document, actor=walk.user(agency, "kepala"), reason="Alamat pelapor keliru."
    )
    # then it keeps its number, with the reason on the timeline
    document.refresh_from_db()
    assert document.number == number and document.cancelled_at is not None
    assert document.cancel_reason == "Alamat pelapor keliru."
    event = signed.events.get(kind=EventKind.DOCUMENT_CANCELLED)
    assert event.data == {
        "document_id": document.pk,
        "kind": "surat_jawaban",
        "number": number,
        "reason": "Alamat pelapor keliru.",
    }
    # and the answer is withdrawn: back to the analyst, the clock running again to
    # the same due time, nothing signed to print again
    signed.refresh_from_db()
    assert signed.status == "diproses" and signed.cycle == 1
    assert signed.answer_due_at.isoformat() == due
    draft = signed.drafts.get()
    assert draft.signed_at is None and draft.letter_number == "" and draft.step == 0
    with pytest.raises(DomainError):
        services.issue_answer(draft)
    assert verify_chain(signed) is None
    # and the next letter of another complaint takes the next number
    other = walk.to_processing(
        walk.register(agency, actor=walk.user(agency, "petugas"), name="Budi")
    )
    with django_capture_on_commit_callbacks(execute=True):
        walk.sign(other, kind=DocumentKind.SURAT_JAWABAN)
    assert other.drafts.get().letter_seq == 2
    # when the corrected answer goes through the chain and is signed again
    with django_capture_on_commit_callbacks(execute=True):
        walk.sign(signed, kind=DocumentKind.SURAT_JAWABAN, body="<p>Diperbaiki.</p>")
    # then it is a new letter with a new number; the cancelled one stays as it was
    draft.refresh_from_db()
    assert draft.letter_seq == 3 and draft.letter_number != number
    assert LetterCounter.objects.get(agency=agency, series="letter").value == 3
    letters = list(signed.documents.order_by("id"))
    assert [d.number for d in letters] == [number, draft.letter_number]
    assert letters[0].cancelled_at is not None and letters[1].cancelled_at is None
    assert draft.letter_number in pdf_text(letters[1].file.open("rb").read())
    assert "Diperbaiki." in pdf_text(letters[1].file.open("rb").read())
    assert services.issue_answer(draft).pk == letters[1].pk


def test_only_the_signer_withdraws_an_answer(signed, agency, walk):
    # given the issued answer letter, waiting for the complainant
    document = signed.documents.get()
    # when the agency administrator or the analyst tries to cancel or withdraw it,
    # it is refused and the answer stands
    with pytest.raises(DomainError) as caught:
        services.cancel_document(
            document, actor=walk.user(agency, "admin"), reason="Kop surat lama."
        )
    assert caught.value.code is ErrorCode.FORBIDDEN
    assert "Tarik jawaban" in caught.value.message
    with pytest.raises(DomainError) as caught:
        workflow.withdraw_answer(
            signed, actor=walk.user(agency, "analis"), reason="Salah."
        )
    assert caught.value.code is ErrorCode.FORBIDDEN
    document.refresh_from_db()
    signed.refresh_from_db()
    assert document.cancelled_at is None and signed.status == "dijawab"
    # when the Kepala withdraws it on the complaint page's step
    workflow.withdraw_answer(
        signed, actor=walk.user(agency, "kepala"), reason="Kop surat lama."
    )
    # then the letter is cancelled, and the status event names the void number and
    # tells the complainant, without the internal reason
    signed.refresh_from_db()
    document.refresh_from_db()
    assert signed.status == "diproses" and document.cancelled_at is not None
    moved = signed.events.filter(kind=EventKind.STATUS_CHANGED).latest("seq")
    assert moved.data["letter_number"] == document.number
    assert moved.is_public and "ditarik" in moved.data["public_note"]
    # and the draft must be corrected before it goes up again
    with pytest.raises(DomainError) as caught:
        workflow.submit_draft(signed, actor=walk.user(agency, "analis"))
    assert "dikembalikan" in caught.value.message


def test_a_letter_laid_out_while_its_answer_is_withdrawn_is_not_issued(
    agency, walk, django_capture_on_commit_callbacks
):
    # given an answer just signed, its PDF not yet stored
    complaint = walk.to_processing(
        walk.register(agency, actor=walk.user(agency, "petugas"))
    )
    walk.sign(complaint, kind=DocumentKind.SURAT_JAWABAN)  # callbacks not run
    draft = complaint.drafts.get()
    laid_out = services.answer_issue(draft)
    # when the signer withdraws it before the PDF is recorded
    workflow.withdraw_answer(
        complaint, actor=walk.user(agency, "kepala"), reason="Salah tanggal."
    )
    # then recording the PDF laid out for the withdrawn number is refused
    with pytest.raises(DomainError):
        services._issue(complaint, laid_out, actor=None)
    assert not complaint.documents.exists()
    # and the corrected answer gets its own letter with the next number
    with django_capture_on_commit_callbacks(execute=True):
        walk.sign(complaint, kind=DocumentKind.SURAT_JAWABAN, body="<p>Benar.</p>")
    draft.refresh_from_db()
    letter = complaint.documents.get()
    assert letter.number == draft.letter_number and draft.letter_seq == 2


def test_a_closed_complaints_answer_cannot_be_cancelled(signed, agency, walk):
    # given an answer the complainant was satisfied with
    workflow.record_satisfaction(signed, satisfied=True)
    document = signed.documents.get()
    # when the Kepala tries to cancel its letter, it is refused
    with pytest.raises(DomainError) as caught:
        services.cancel_document(
            document, actor=walk.user(agency, "kepala"), reason="Salah ketik."
        )
    assert "sudah ditutup" in caught.value.message
    document.refresh_from_db()
    assert document.cancelled_at is None


def test_front_office_records_the_hand_over(signed, agency, walk):
    # given the signed letter and the front office
    document = signed.documents.get()
    petugas = walk.user(agency, "petugas")
    today = dates.local(timezone.now(), agency.timezone).date()
    data = services.DeliveryInput(via="langsung", on=today, recipient="Siti Aminah")
    # when the analyst tries, or a date in the future is given, nothing is recorded
    with pytest.raises(DomainError):
        services.deliver_document(
            document, actor=walk.user(agency, "analis"), data=data
        )
    with pytest.raises(DomainError) as caught:
        services.deliver_document(
            document,
            actor=petugas,
            data=services.DeliveryInput(
                via="pos", on=today + timedelta(days=1), recipient="Siti"
            ),
        )
    assert caught.value.field == "on"
    assert not signed.events.filter(kind=EventKind.DOCUMENT_DELIVERED).exists()
    # when the front office hands it over in person
    services.deliver_document(document, actor=petugas, data=data)
    # then the document and the (public) timeline show it
    document.refresh_from_db()
    assert (document.delivered_on, document.delivered_via, document.delivered_to) == (
        today,
        "langsung",
        "Siti Aminah",
    )
    event = signed.events.get(kind=EventKind.DOCUMENT_DELIVERED)
    assert event.is_public is True
    assert event.data["recipient"] == "Siti Aminah" and event.data["via"] == "langsung"
    # and it cannot be handed over twice
    with pytest.raises(DomainError):
        services.deliver_document(document, actor=petugas, data=data)


def test_receipt_is_issued_once_even_when_asked_twice(agency, walk):
    complaint = walk.register(agency, actor=walk.user(agency, "petugas"))
    first = services.issue_receipt(complaint, actor=None)
    second = services.issue_receipt(complaint, actor=walk.user(agency, "resepsionis"))
    assert first.pk == second.pk
    assert first.issued_by is None and first.signer_name == "Putu Petugas"
    # the unit staff may not issue it
    with pytest.raises(DomainError):
        services.issue_receipt(
            walk.register(agency, actor=None), actor=walk.user(agency, "unit")
        )


def test_a_new_disposition_gets_a_new_sheet(agency, walk):
    complaint = walk.to_processing(
        walk.register(agency, actor=walk.user(agency, "petugas"))
    )
    analis = walk.user(agency, "analis")
    first = services.issue_disposition_sheet(complaint, actor=analis)
    assert services.issue_disposition_sheet(complaint, actor=analis).pk == first.pk
    # when another unit gets a disposition
    workflow.dispose_complaint(
        complaint,
        actor=analis,
        data=workflow.DispositionInput(
            units=(agency.units.order_by("id").last(),), instruction="telaah"
        ),
    )
    second = services.issue_disposition_sheet(complaint, actor=analis)
    # then a new sheet lists both hops
    assert second.pk != first.pk
    text = pdf_text(second.file.open("rb").read())
    for disposition in Disposition.objects.filter(complaint=complaint):
        assert disposition.unit.name.split()[1] in text


def test_wording_versions_are_kept_and_the_newest_is_printed(agency, walk):
    admin = walk.user(agency, "admin")
    # when the admin saves two versions of the receipt's wording
    first = services.save_template(
        agency, kind="tanda_terima", actor=admin, body="Versi satu {nomor_register}."
    )
    second = services.save_template(
        agency,
        kind="tanda_terima",
        actor=admin,
        body="Terima kasih, {nama_pelapor}. Nomor {nomor_register}.",
    )
    # then both are kept, numbered
    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    assert first.body == "Versi satu {nomor_register}."
    # and a receipt prints the newest and records which
    complaint = walk.register(agency, actor=walk.user(agency, "petugas"))
    document = services.issue_receipt(complaint, actor=None)
    assert document.template_version == 2
    assert f"Terima kasih, Siti Aminah. Nomor {complaint.register_number}." in pdf_text(
        document.file.open("rb").read()
    )
    # and template code or unknown placeholders are refused, as is a non-admin
    with pytest.raises(DomainError) as caught:
        services.save_template(
            agency,
            kind="tanda_terima",
            actor=admin,
            body="{{ complaint.reporter.nik }}",
        )
    assert caught.value.field == "body"
    with pytest.raises(DomainError):
        services.save_template(
            agency, kind="tanda_terima", body="x", actor=walk.user(agency, "petugas")
        )
    assert agency.document_templates.count() == 2


def test_a_withdrawn_answer_counts_once_in_the_sla_figures(
    signed, agency, walk, django_capture_on_commit_callbacks
):
    from aduan.sla.selectors import sla_figures

    # given an answer signed, withdrawn and signed again
    workflow.withdraw_answer(
        signed, actor=walk.user(agency, "kepala"), reason="Lampiran tertinggal."
    )
    with django_capture_on_commit_callbacks(execute=True):
        walk.sign(signed, kind=DocumentKind.SURAT_JAWABAN, body="<p>Lengkap.</p>")
    # then the timeline has two stops of the answer clock
    stops = signed.events.filter(
        kind__in=[EventKind.DEADLINE_MET, EventKind.DEADLINE_MISSED]
    )
    assert stops.filter(data__step="answer").count() == 2
    # but the month's figures count the answer that stands, once
    month = dates.local(timezone.now(), agency.timezone).date()
    answer = {f.label: f for f in sla_figures(agency, month)["steps"]}["answer"]
    assert answer.count == 1
