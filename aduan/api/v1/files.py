"""Attachments, dispositions and documents of a complaint; files as streams."""

import re

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from aduan.accounts.selectors import roles_of
from aduan.api.v1.common import READ, WRITE, ApiView, client_ip
from aduan.documents.selectors import (
    documents_of,
    may_fetch,
    open_document,
)
from aduan.intake.forms import AttachmentForm
from aduan.intake.selectors import access_complaint, open_attachment
from aduan.intake.services import add_attachments

# A served file must never run as a page of this site (as on the web).
SANDBOX = "default-src 'none'; sandbox"


class AttachmentOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    from_public = serializers.BooleanField()
    reply = serializers.IntegerField(source="reply_id", allow_null=True)
    created_at = serializers.DateTimeField()


class AttachmentListApi(ApiView):
    """GET /api/v1/complaints/{id}/attachments/: files sent with the complaint
    and with the units' replies."""

    scopes = {"GET": READ}

    @extend_schema(
        operation_id="attachment_list",
        responses={200: AttachmentOutputSerializer(many=True)},
    )
    def get(self, request: Request, pk: int) -> Response:
        complaint = access_complaint(request.user, pk)
        rows = complaint.attachments.order_by("id")
        return Response(AttachmentOutputSerializer(rows, many=True).data)


class AttachmentUploadApi(ApiView):
    """POST /api/v1/complaints/{id}/attachments/upload/: add files (multipart,
    field `files`, repeatable); judged by their content, as on the web."""

    scopes = {"POST": WRITE}
    parser_classes = [MultiPartParser]
    body_limit = 0

    class InputSerializer(serializers.Serializer):
        files = serializers.ListField(child=serializers.FileField())

    @extend_schema(
        operation_id="attachment_upload",
        request={"multipart/form-data": InputSerializer},
        responses={201: AttachmentOutputSerializer(many=True)},
    )
    def post(self, request: Request, pk: int) -> Response:
        complaint = access_complaint(request.user, pk)
        form = AttachmentForm(data={}, files=request.FILES)
        if not form.is_valid():
            raise ValidationError({k: list(v) for k, v in form.errors.items()})
        rows = add_attachments(
            complaint,
            actor=request.user,
            files=form.cleaned_data["files"],
            role=",".join(sorted(roles_of(request.user, complaint.agency_id))),
        )
        return Response(
            AttachmentOutputSerializer(rows, many=True).data,
            status=status.HTTP_201_CREATED,
        )


class AttachmentDownloadApi(ApiView):
    """GET /api/v1/attachments/{id}/download/: the file, for callers who see its
    complaint."""

    scopes = {"GET": READ}

    @extend_schema(
        operation_id="attachment_download",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        attachment = open_attachment(
            request.user, pk, purpose="api_attachment_download", ip=client_ip(request)
        )
        response = FileResponse(
            attachment.file.open("rb"),
            content_type=attachment.content_type,
            as_attachment=True,
            filename=attachment.original_name,
        )
        response["Content-Security-Policy"] = SANDBOX
        return response


class DispositionListApi(ApiView):
    """GET /api/v1/complaints/{id}/dispositions/: where it was routed, when each
    unit must answer, and what the units sent back."""

    scopes = {"GET": READ}

    class ReplySerializer(serializers.Serializer):
        id = serializers.IntegerField()
        author = serializers.CharField(source="author.__str__")
        text = serializers.CharField()
        created_at = serializers.DateTimeField()
        attachments = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class UnitSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        code = serializers.CharField()
        name = serializers.CharField()

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        cycle = serializers.IntegerField()
        unit = serializers.SerializerMethodField()
        instruction = serializers.CharField()
        instruction_label = serializers.CharField(source="get_instruction_display")
        note = serializers.CharField()
        due_at = serializers.DateTimeField()
        given_by = serializers.CharField(source="given_by.__str__")
        given_at = serializers.DateTimeField()
        replied_at = serializers.DateTimeField(allow_null=True)
        replies = serializers.SerializerMethodField()

        def get_unit(self, row) -> dict:
            return DispositionListApi.UnitSerializer(row.unit).data

        def get_replies(self, row) -> list:
            return DispositionListApi.ReplySerializer(row.replies.all(), many=True).data

    @extend_schema(
        operation_id="disposition_list",
        responses={200: OutputSerializer(many=True)},
    )
    def get(self, request: Request, pk: int) -> Response:
        complaint = access_complaint(request.user, pk)
        rows = complaint.dispositions.select_related(
            "unit", "given_by"
        ).prefetch_related("replies__author", "replies__attachments")
        return Response(self.OutputSerializer(rows, many=True).data)


class DocumentListApi(ApiView):
    """GET /api/v1/complaints/{id}/documents/: issued PDFs (receipt, disposition
    sheet, answer letter, BAPP...); `downloadable` says whether the caller may
    fetch each one (those naming the complainant need personal-data access)."""

    scopes = {"GET": READ}

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        kind = serializers.CharField()
        kind_label = serializers.CharField(source="get_kind_display")
        number = serializers.CharField()
        dated = serializers.DateField()
        issued_at = serializers.DateTimeField()
        sha256 = serializers.CharField()
        size = serializers.IntegerField()
        verify_path = serializers.CharField()
        cancelled_at = serializers.DateTimeField(allow_null=True)
        delivered_on = serializers.DateField(allow_null=True)
        downloadable = serializers.SerializerMethodField()

        def get_downloadable(self, document) -> bool:
            return may_fetch(self.context["user"], document)

    @extend_schema(
        operation_id="document_list",
        responses={200: OutputSerializer(many=True)},
    )
    def get(self, request: Request, pk: int) -> Response:
        complaint = access_complaint(request.user, pk)
        rows = list(documents_of(complaint))
        for row in rows:
            row.complaint = complaint
        return Response(
            self.OutputSerializer(rows, many=True, context={"user": request.user}).data
        )


class DocumentDownloadApi(ApiView):
    """GET /api/v1/documents/{id}/download/: the PDF exactly as issued."""

    scopes = {"GET": READ}

    @extend_schema(
        operation_id="document_download",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        document = open_document(
            request.user, pk, purpose="api_document_download", ip=client_ip(request)
        )
        name = re.sub(r"[^A-Za-z0-9.-]+", "-", f"{document.kind}-{document.number}")
        response = FileResponse(
            document.file.open("rb"),
            content_type="application/pdf",
            as_attachment=True,
            filename=f"{name.strip('-')}.pdf",
        )
        response["Content-Security-Policy"] = SANDBOX
        return response
