from django.urls import path

from sammen.insights import views

app_name = "insights"
urlpatterns = [
    path("personale/kommune/<str:code>/status/", views.report_page, name="report"),
    path("personale/kommune/<str:code>/status.csv", views.report_csv, name="report_csv"),
    path("personale/kommune/<str:code>/status.xlsx", views.report_xlsx, name="report_xlsx"),
    path("personale/kommune/<str:code>/status.pdf", views.report_pdf, name="report_pdf"),
    path("personale/status/", views.national_page, name="national"),
    path("personale/status.csv", views.national_csv, name="national_csv"),
    path("personale/status.xlsx", views.national_xlsx, name="national_xlsx"),
    path("personale/status.pdf", views.national_pdf, name="national_pdf"),
]
