from django.urls import path

from aduan.documents import views

app_name = "documents"
urlpatterns = [
    path("verifikasi/", views.verify_lookup, name="verify-lookup"),
    path("verifikasi/<str:token>/", views.verify, name="verify"),
    path(
        "lacak/<str:code>/tanda-terima.pdf",
        views.public_receipt_pdf,
        name="public-receipt-pdf",
    ),
    path(
        "lacak/<str:code>/dokumen/<int:pk>/",
        views.public_document,
        name="public-document",
    ),
    path("kantor/dokumen/<int:pk>/", views.document_download, name="document-download"),
    path(
        "kantor/dokumen/<int:pk>/arsip/",
        views.document_archive,
        name="document-archive",
    ),
    path(
        "kantor/dokumen/<int:pk>/serahkan/",
        views.document_deliver,
        name="document-deliver",
    ),
    path(
        "kantor/dokumen/<int:pk>/batalkan/",
        views.document_cancel,
        name="document-cancel",
    ),
    path(
        "kantor/pengaduan/<int:pk>/dokumen/<slug:kind>/",
        views.document_issue,
        name="document-issue",
    ),
    path("kantor/register/", views.register_book, name="register-book"),
    path(
        "kantor/register/unduhan/<int:pk>/",
        views.register_export_download,
        name="register-export-download",
    ),
]
