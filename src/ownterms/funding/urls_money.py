"""Routes for funding money (see urls.py): a person's money and statements, the organisation's
finance page."""

from django.urls import URLPattern, path

from ownterms.funding.views import invoices, money

ARRANGEMENT = "people/<uuid:person_id>/funding/<uuid:arrangement_id>/"
STATEMENT = ARRANGEMENT + "statements/<uuid:statement_id>/"

urlpatterns: list[URLPattern] = [
    path(ARRANGEMENT + "money/", money.money, name="money"),
    path(ARRANGEMENT + "money/funding", money.record_funding, name="record_funding"),
    path(ARRANGEMENT + "money/spending", money.record_spending, name="record_spending"),
    path(ARRANGEMENT + "money/support", money.post_support, name="post_support"),
    path(ARRANGEMENT + "money/<uuid:posting_id>/correct", money.correct, name="correct"),
    path(ARRANGEMENT + "money/<uuid:posting_id>/receipt", money.receipt, name="receipt"),
    path(ARRANGEMENT + "statements/", money.statements, name="statements"),
    path(ARRANGEMENT + "statements/preview", money.statement_preview, name="statement_preview"),
    path(STATEMENT, money.statement, name="statement"),
    path(STATEMENT + "pdf", money.statement_pdf, name="statement_pdf"),
    path(STATEMENT + "easy-read", money.statement_easy_read, name="statement_easy_read"),
    path("funding/", money.finance_page, name="finance"),
    path("funding/export.csv", money.finance_csv, name="finance_csv"),
    path("funding/invoices/", invoices.invoices, name="invoices"),
    path("funding/invoices.csv", invoices.invoices_csv, name="invoices_csv"),
    path("funding/invoices/<uuid:invoice_id>/", invoices.invoice, name="invoice"),
    path("funding/invoices/<uuid:invoice_id>/pdf/", invoices.invoice_pdf, name="invoice_pdf"),
]
