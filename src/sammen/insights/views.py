"""The status report's pages and downloads (CSV, XLSX, PDF): a municipality's (analysts, coordinators,
administrators) and Denmark's (platform administrators). Anyone else gets 404, the signed-out the login page."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sammen.access.permissions import Permission, is_platform_admin, require_permission
from sammen.insights import charts, exports
from sammen.insights.figures import AGE_BANDS, status_report
from sammen.insights.forms import read_period
from sammen.insights.pdf import render_pdf
from sammen.insights.tables import comparison_label, period_label, tables

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _platform_admin_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_platform_admin(request.user):
            raise Http404
        return view(request, None, *args, **kwargs)

    return wrapper


def _report(request, municipality):
    form, (first, last, compared), refused = read_period(request.GET)
    return form, refused, status_report(municipality, first=first, last=last, compared=compared)


def _heading(municipality) -> str:
    if municipality is None:
        return _("Status report: all of Denmark")
    return _("Status report: %(name)s") % {"name": municipality.name}


CHART_CAPTIONS = {
    "growth": gettext_lazy("New registered citizens in each month of the period. The numbers are in the table."),
    "age_bands": gettext_lazy(
        "Registered citizens by age band at the end of the period. The numbers are in the table."
    ),
}


def _charts(report) -> dict[str, str]:
    """The SVG charts of the page and the PDF: growth by month, and the age bands where that section is shown."""
    age = report.section("age_bands")
    chart_cells = [row.value for row in age.rows[: len(AGE_BANDS)]] if age else []
    several_years = report.first.year != report.last.year
    month_labels = [date_format(row.month, "M Y" if several_years else "M").capitalize() for row in report.months]
    figures = {
        "growth": charts.bar_chart(
            month_labels,
            [row.joined for row in report.months],
            title_id="chart-growth-caption",
            title=str(CHART_CAPTIONS["growth"]),
        ),
    }
    if age:
        figures["age_bands"] = charts.bar_chart(
            [label for label, *_bounds in AGE_BANDS],
            chart_cells,
            title_id="chart-age_bands-caption",
            title=str(CHART_CAPTIONS["age_bands"]),
        )
    return figures


def _context(municipality, report) -> dict:
    """What the page and the PDF show: the same tables and charts."""
    by_key = {table.key: table for table in tables(report)}
    return {
        "municipality": municipality,
        "heading": _heading(municipality),
        "report": report,
        "sections": [by_key[section.key] for section in report.sections],
        "growth": by_key["growth"],
        "comparison": by_key["municipalities"],
        "charts": _charts(report),
        "chart_captions": CHART_CAPTIONS,
        "period": period_label(report),
        "compared": comparison_label(report),
    }


def _page(request, municipality):
    form, refused, report = _report(request, municipality)
    context = _context(municipality, report)
    context.update(form=form, refused=refused, query=request.GET.urlencode() if not refused else "")
    return render(request, "insights/report.html", context)


def pdf_document(municipality, report) -> bytes:
    """The report as the committee's PDF (also what ``sammen bench insights`` measures)."""
    context = _context(municipality, report)
    context["made"] = date_format(timezone.localtime(), "j. F Y H:i")
    # No request: the PDF needs none of the page's context (menus, session), only the report.
    return render_pdf(render_to_string("insights/report_pdf.html", context))


def _pdf(request, municipality):
    _form, _refused, report = _report(request, municipality)
    response = HttpResponse(pdf_document(municipality, report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(municipality, report)}.pdf"'
    return response


def _csv(request, municipality):
    _form, _refused, report = _report(request, municipality)
    response = HttpResponse(exports.as_csv(_heading(municipality), tables(report)), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{_filename(municipality, report)}.csv"'
    return response


def _xlsx(request, municipality):
    _form, _refused, report = _report(request, municipality)
    response = HttpResponse(exports.as_xlsx(_heading(municipality), tables(report)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(municipality, report)}.xlsx"'
    return response


def _filename(municipality, report) -> str:
    place = municipality.slug if municipality is not None else "danmark"
    return f"status-{place}-{report.first:%Y%m%d}-{report.last:%Y%m%d}"


report_page = require_permission(Permission.VIEW_STATISTICS)(_page)
report_csv = require_permission(Permission.VIEW_STATISTICS)(_csv)
report_xlsx = require_permission(Permission.VIEW_STATISTICS)(_xlsx)
national_page = _platform_admin_only(_page)
national_csv = _platform_admin_only(_csv)
national_xlsx = _platform_admin_only(_xlsx)
report_pdf = require_permission(Permission.VIEW_STATISTICS)(_pdf)
national_pdf = _platform_admin_only(_pdf)
