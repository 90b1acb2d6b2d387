import re
import tempfile
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aduan.accounts.selectors import primary_agency_id
from aduan.agencies.models import Agency
from aduan.audit.services import log_personal_data_reads
from aduan.core import dates
from aduan.core.errors import DomainError
from aduan.core.forms import add_domain_error
from aduan.documents import exports, register, selectors, services
from aduan.documents.forms import CancelForm, DeliveryForm, RegisterForm, VerifyForm
from aduan.documents.models import Document, DocumentKind
from aduan.intake.selectors import access_complaint, complaint_by_tracking_code
from aduan.intake.views import _receipt_token_valid, render_complaint


def _pdf_file(file, *, filename: str, download: bool = True) -> FileResponse:
    """A stored PDF, sandboxed: a crafted file shown inline runs nothing here."""
    response = FileResponse(
        file.open("rb"),
        content_type="application/pdf",
        as_attachment=download,
        filename=filename,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _pdf_response(document: Document, *, download: bool) -> FileResponse:
    name = re.sub(r"[^A-Za-z0-9.-]+", "-", f"{document.kind}-{document.number}")
    return _pdf_file(
        document.file, filename=f"{name.strip('-')}.pdf", download=download
    )


@login_required
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.open_document(
        request.user,
        pk,
        purpose="document_download",
        ip=request.META.get("REMOTE_ADDR"),
    )
    return _pdf_response(document, download=request.GET.get("unduh") == "1")


ISSUERS = {
    DocumentKind.TANDA_TERIMA: services.issue_receipt,
    DocumentKind.LEMBAR_DISPOSISI: services.issue_disposition_sheet,
    DocumentKind.FORM_PENERIMAAN_LAYANAN: services.issue_service_receipt,
}


@login_required
@require_POST
def document_issue(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    complaint = access_complaint(request.user, pk)
    try:
        if kind in ISSUERS:
            document = ISSUERS[kind](complaint, actor=request.user)
        elif kind in (DocumentKind.SURAT_JAWABAN, DocumentKind.BAPP):
            draft = (
                complaint.drafts.filter(kind=kind, signed_at__isnull=False)
                .order_by("-cycle")
                .first()
            )
            if draft is None:
                raise Http404
            document = services.issue_answer(draft, actor=request.user)
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Dokumen %(kind)s nomor %(number)s diterbitkan.")
            % {"kind": document.get_kind_display(), "number": document.number},
        )
    return redirect(complaint)


def _document_for_staff(request: HttpRequest, pk: int) -> Document:
    return selectors.access_document(request.user, pk, fetch=False)


@login_required
@require_POST
def document_deliver(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_for_staff(request, pk)
    form = DeliveryForm(request.POST, auto_id="id_delivery_%s")
    if form.is_valid():
        try:
            services.deliver_document(
                document,
                actor=request.user,
                data=services.DeliveryInput(**form.cleaned_data),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Penyerahan dokumen dicatat."))
            return redirect(document.complaint)
    return _refused(request, document, "delivery", form)


@login_required
@require_POST
def document_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_for_staff(request, pk)
    form = CancelForm(request.POST, auto_id="id_cancel_%s")
    if form.is_valid():
        try:
            services.cancel_document(
                document, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Dokumen dibatalkan; nomornya tetap tercatat."))
            return redirect(document.complaint)
    return _refused(request, document, "cancel", form)


def _refused(
    request: HttpRequest, document: Document, action: str, form: Form
) -> HttpResponse:
    """The complaint page again, with this document's form open as it was typed
    and its errors beside the fields."""
    complaint = access_complaint(request.user, document.complaint_id)
    return render_complaint(
        request,
        complaint,
        status=422,
        document_form={"pk": document.pk, "action": action, "form": form},
    )


# --- Public ---------------------------------------------------------------------------


def _verification(request: HttpRequest, form: VerifyForm) -> str | None:
    """The SHA-256 of the uploaded PDF, or None with the form's error set."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return services.upload_digest(form.cleaned_data["file"])
    except DomainError as error:
        add_domain_error(form, error)
        return None


def verify(request: HttpRequest, token: str) -> HttpResponse:
    document = selectors.document_by_token(token)
    form = VerifyForm(request.POST or None, request.FILES or None)
    digest = _verification(request, form)
    status = 422 if request.method == "POST" and digest is None else 200
    return render(
        request,
        "documents/verify.html",
        {
            "document": document,
            "agency": document.complaint.agency,
            "form": form,
            "checked": digest is not None,
            "matches": digest == document.sha256,
        },
        status=status,
    )


def verify_lookup(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.POST or None, request.FILES or None)
    digest = _verification(request, form)
    found = list(selectors.documents_by_hash(digest)) if digest else []
    status = 422 if request.method == "POST" and digest is None else 200
    return render(
        request,
        "documents/verify_lookup.html",
        {
            "form": form,
            "checked": digest is not None,
            "found": found,
            "digest": digest,
        },
        status=status,
    )


def public_document(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    complaint = complaint_by_tracking_code(code)
    if complaint is None:
        raise Http404
    return _pdf_response(selectors.public_document(complaint, pk), download=False)


def public_receipt_pdf(request: HttpRequest, code: str) -> HttpResponse:
    complaint = complaint_by_tracking_code(code)
    # The receipt names the complainant: only with the receipt page's own token.
    if complaint is None or not _receipt_token_valid(
        complaint.tracking_code, request.GET.get("t", "")
    ):
        raise Http404
    return _pdf_response(services.issue_receipt(complaint, actor=None), download=False)


# --- Register book --------------------------------------------------------------------


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _register_file(
    request: HttpRequest,
    agency: Agency,
    *,
    start: date,
    end: date,
    identity: bool,
    kind: str,
    printed: date,
) -> FileResponse:
    """Write the register to a temporary file and stream it; the file goes on close."""
    target = tempfile.TemporaryFile()
    shown: list[int] = []
    complaints = selectors.collecting_ids(
        selectors.register_complaints(agency, start, end, viewer=request.user), shown
    )
    if kind == "pdf":
        register.write_register_pdf(
            agency,
            complaints,
            target,
            start=start,
            end=end,
            identity=identity,
            printed=printed,
        )
    else:
        register.write_register_xlsx(
            agency, complaints, target, start=start, end=end, identity=identity
        )
    if identity:
        log_personal_data_reads(
            user=request.user,
            complaint_ids=shown,
            fields=selectors.REGISTER_IDENTITY_FIELDS,
            purpose=f"register_{kind}",
            at=timezone.now(),
            ip=request.META.get("REMOTE_ADDR"),
        )
    target.seek(0)
    return FileResponse(
        target,
        as_attachment=True,
        content_type="application/pdf" if kind == "pdf" else XLSX_TYPE,
        filename=f"register-{agency.code}-{start:%Y%m%d}-{end:%Y%m%d}.{kind}",
    )


@login_required
def register_book(request: HttpRequest) -> HttpResponse:
    agency_id = primary_agency_id(request.user)
    if agency_id is None:
        raise Http404
    agency = get_object_or_404(Agency, pk=agency_id)
    if not selectors.may_keep_register(request.user, agency):
        raise Http404
    today = dates.local(timezone.now(), agency.timezone).date()
    form = RegisterForm(
        request.GET or None, initial={"dari": today.replace(day=1), "sampai": today}
    )
    if request.GET and form.is_valid():
        start, end = form.cleaned_data["dari"], form.cleaned_data["sampai"]
        identity = selectors.sees_identity_in_register(request.user, agency)
        if form.cleaned_data["format"] == "pdf":
            count = selectors.register_queryset(
                agency, start, end, viewer=request.user
            ).count()
            if count > register.PDF_MAX_ROWS:
                form.add_error(
                    None,
                    _(
                        "Periode ini memuat %(n)s pengaduan; PDF paling banyak %(max)s "
                        "baris. Persempit periode atau unduh XLSX."
                    )
                    % {"n": count, "max": register.PDF_MAX_ROWS},
                )
            elif count > register.PDF_DIRECT_ROWS:
                exports.request_register_pdf(
                    agency, request.user, start=start, end=end, printed=today
                )
                messages.success(
                    request,
                    _(
                        "Periode ini memuat %(n)s pengaduan. PDF-nya sedang disiapkan; "
                        "Anda akan diberi tahu dan dapat mengunduhnya di halaman ini."
                    )
                    % {"n": count},
                )
                return redirect("documents:register-book")
            else:
                return _register_file(
                    request,
                    agency,
                    start=start,
                    end=end,
                    identity=identity,
                    kind="pdf",
                    printed=today,
                )
        else:
            return _register_file(
                request,
                agency,
                start=start,
                end=end,
                identity=identity,
                kind="xlsx",
                printed=today,
            )
    return render(
        request,
        "documents/register_form.html",
        {
            "agency": agency,
            "form": form,
            "exports": selectors.exports_of(request.user, agency),
            "keep_days": settings.REGISTER_EXPORT_KEEP_DAYS,
        },
        status=422 if request.GET and form.errors else 200,
    )


@login_required
def register_export_download(request: HttpRequest, pk: int) -> FileResponse:
    export = selectors.finished_export(request.user, pk)
    return _pdf_file(export.file, filename=export.file.name.rsplit("/", 1)[-1])


@login_required
def document_archive(request: HttpRequest, pk: int) -> FileResponse:
    """The archive copy (pertinggal) of a letter, with its paraf table; staff only."""
    document = selectors.open_document(
        request.user, pk, purpose="archive_download", ip=request.META.get("REMOTE_ADDR")
    )
    if not document.archive_file:
        raise Http404
    return _pdf_file(document.archive_file, filename=f"arsip-{document.pk}.pdf")
