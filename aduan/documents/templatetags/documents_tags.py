"""The documents panel of the complaint page and the tracking page (inclusion tags,
so intake's views need not know about documents)."""

from django import template
from django.db.models import Exists, OuterRef

from aduan.accounts.selectors import roles_of
from aduan.documents import selectors, services
from aduan.documents.forms import CancelForm, DeliveryForm
from aduan.documents.models import Document, DocumentKind
from aduan.intake.models import Complaint
from aduan.workflow.status import Status

register = template.Library()


@register.inclusion_tag(
    "documents/partials/complaint_documents.html", takes_context=True
)
def complaint_documents(context: template.Context, complaint: Complaint) -> dict:
    """Issued documents with download, delivery and cancel; buttons to issue more."""
    user = context["request"].user
    roles = roles_of(user, complaint.agency_id)
    documents = list(selectors.documents_of(complaint))
    for document in documents:
        document.fetchable = selectors.may_fetch(user, document)
        document.deliverable = bool(roles & services.DELIVERY_ROLES) and not (
            document.cancelled_at or document.delivered_on
        )
        document.complaint = complaint  # (one query for the page, not one each)
        document.cancellable = services.may_cancel(document, roles)
    valid = {(d.kind, d.source_key) for d in documents if not d.cancelled_at}
    issuable = []
    if (
        roles & services.RECEIPT_ROLES
        and (DocumentKind.TANDA_TERIMA, "receipt") not in valid
    ):
        issuable.append(DocumentKind.TANDA_TERIMA)
    if (
        roles & services.SHEET_ROLES
        and complaint.dispositions.filter(cycle=complaint.cycle).exists()
    ):
        issuable.append(DocumentKind.LEMBAR_DISPOSISI)
    answered = complaint.status in {
        Status.DIJAWAB_LANGSUNG,
        Status.DIJAWAB,
        Status.SELESAI,
    }
    if (
        roles & services.SERVICE_ROLES
        and answered
        and (DocumentKind.FORM_PENERIMAAN_LAYANAN, f"layanan:{complaint.cycle}")
        not in valid
    ):
        issuable.append(DocumentKind.FORM_PENERIMAAN_LAYANAN)
    if roles & services.ANSWER_ROLES:
        printed = Document.objects.filter(
            draft=OuterRef("pk"), number=OuterRef("letter_number")
        )
        for draft in complaint.drafts.filter(signed_at__isnull=False).exclude(
            Exists(printed)
        ):
            issuable.append(DocumentKind(draft.kind))
    return {
        "complaint": complaint,
        "documents": documents,
        "agency": complaint.agency,
        "issuable": [(kind.value, kind.label) for kind in issuable],
        "delivery_form": DeliveryForm(auto_id="id_delivery_%s"),
        "cancel_form": CancelForm(auto_id="id_cancel_%s"),
        # A delivery or cancel that was refused: that document's form as typed.
        "refused": context.get("document_form") or {},
        "keeps_register": selectors.may_keep_register(user, complaint.agency),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("documents/partials/public_documents.html")
def public_documents(complaint: Complaint) -> dict:
    """The documents addressed to the complainant, for the tracking page."""
    return {
        "complaint": complaint,
        "documents": complaint.documents.filter(
            kind__in=selectors.PUBLIC_KINDS, cancelled_at__isnull=True
        ).order_by("issued_at"),
    }
