from django.urls import path

from aduan.api.v1 import actions, complaints, files, reference

app_name = "v1"
urlpatterns = [
    path("complaints/", complaints.ComplaintListApi.as_view(), name="complaint-list"),
    path(
        "complaints/create/",
        complaints.ComplaintCreateApi.as_view(),
        name="complaint-create",
    ),
    path(
        "complaints/<int:pk>/",
        complaints.ComplaintDetailApi.as_view(),
        name="complaint-detail",
    ),
    path(
        "complaints/<int:pk>/events/",
        complaints.ComplaintEventListApi.as_view(),
        name="complaint-event-list",
    ),
    path(
        "complaints/<int:pk>/actions/",
        actions.ComplaintActionListApi.as_view(),
        name="complaint-action-list",
    ),
    path(
        "complaints/<int:pk>/actions/<slug:step>/",
        actions.ComplaintActionRunApi.as_view(),
        name="complaint-action-run",
    ),
    path(
        "complaints/<int:pk>/attachments/",
        files.AttachmentListApi.as_view(),
        name="attachment-list",
    ),
    path(
        "complaints/<int:pk>/attachments/upload/",
        files.AttachmentUploadApi.as_view(),
        name="attachment-upload",
    ),
    path(
        "attachments/<int:pk>/download/",
        files.AttachmentDownloadApi.as_view(),
        name="attachment-download",
    ),
    path(
        "complaints/<int:pk>/dispositions/",
        files.DispositionListApi.as_view(),
        name="disposition-list",
    ),
    path(
        "complaints/<int:pk>/documents/",
        files.DocumentListApi.as_view(),
        name="document-list",
    ),
    path(
        "documents/<int:pk>/download/",
        files.DocumentDownloadApi.as_view(),
        name="document-download",
    ),
    path("units/", reference.UnitListApi.as_view(), name="unit-list"),
    path("categories/", reference.CategoryListApi.as_view(), name="category-list"),
]
