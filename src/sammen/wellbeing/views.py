"""The citizen's pages (their measurements, the questionnaire, their own scores) and the staff page for answering
with a citizen. Nobody but the citizen, and the staff member who helped, sees an answer; anyone else gets 404."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from sammen.audit import services as audit
from sammen.core.errors import SammenError
from sammen.municipalities.models import Municipality
from sammen.wellbeing import programmes, scales, services
from sammen.wellbeing.models import Answer, Invitation, Measurement, Point


def _questions(values: dict) -> list[dict]:
    number = 0
    result = []
    for scale in scales.SCALES:
        items = []
        for index, item in enumerate(scale["items"]):
            number += 1
            name = services.field_name(scale, index)
            items.append(
                {"number": number, "name": name, "text": scales.text(item), "value": str(values.get(name, ""))}
            )
        options = [{"value": str(option["value"]), "text": scales.text(option)} for option in scale["options"]]
        result.append(
            {"name": scales.text(scale["name"]), "lead": scales.text(scale["lead"]), "items": items, "options": options}
        )
    return result


@login_required
def mine(request):
    measurements = (
        Measurement.objects.filter(citizen=request.user).prefetch_related("invitations__answer").order_by("-invited_at")
    )
    today = timezone.localdate()
    rows = []
    for measurement in measurements:
        invitations = sorted(measurement.invitations.all(), key=lambda invitation: invitation.opens_on)
        due = next(
            (
                invitation
                for invitation in invitations
                if measurement.is_open and services.is_open_now(invitation, today) and not hasattr(invitation, "answer")
            ),
            None,
        )
        answers = [invitation.answer for invitation in invitations if hasattr(invitation, "answer")]
        rows.append(
            {
                "measurement": measurement,
                "label": programmes.label(measurement.programme),
                "due": due,
                "answers": answers,
            }
        )
    return render(request, "wellbeing/mine.html", {"rows": rows})


@login_required
@require_POST
def start(request):
    try:
        measurement = services.start_own(citizen=request.user)
    except SammenError as error:
        return render(request, "wellbeing/mine.html", {"rows": [], "error": str(error)}, status=400)
    invitation = measurement.invitations.get(point=Point.START)
    return redirect("wellbeing:answer", invitation.pk)


def _answer_page(request, invitation, *, assisted: bool, template_context: dict):
    values = request.POST if request.method == "POST" else {}
    error = None
    if request.method == "POST":
        try:
            answer = services.answer(
                by=request.user,
                invitation=invitation,
                fields=request.POST,
                consent=request.POST.get("consent") == "yes",
                assisted=assisted,
            )
        except SammenError as refusal:
            error = refusal
        else:
            if assisted:
                return redirect("wellbeing:staff_result", invitation.measurement.municipality.code, answer.pk)
            return redirect("wellbeing:result", answer.pk)
    return render(
        request,
        "wellbeing/answer.html",
        {
            "invitation": invitation,
            "label": programmes.label(invitation.measurement.programme),
            "questions": _questions(values),
            "starting": invitation.point == Point.START,
            "assisted": assisted,
            "error": error,
            "consent": values.get("consent") == "yes",
            **template_context,
        },
        status=400 if error else 200,
    )


@login_required
def answer(request, pk: int):
    invitation = get_object_or_404(
        Invitation.objects.select_related("measurement"), pk=pk, measurement__citizen=request.user
    )
    return _answer_page(request, invitation, assisted=False, template_context={})


def _explained(answer: Answer) -> dict:
    return {
        "answer": answer,
        "label": programmes.label(answer.invitation.measurement.programme),
        "lonely": scales.is_lonely(answer.ucla),
        "poor": scales.is_poor_wellbeing(answer.who5),
        "who5_change": None if answer.baseline is None else answer.who5 - answer.baseline.who5,
        "ucla_change": None if answer.baseline is None else answer.ucla - answer.baseline.ucla,
    }


@login_required
def result(request, pk: int):
    answer = get_object_or_404(
        Answer.objects.select_related("invitation__measurement__citizen", "baseline"),
        pk=pk,
        invitation__measurement__citizen=request.user,
    )
    return render(request, "wellbeing/result.html", _explained(answer))


@login_required
@require_POST
def withdraw(request, pk: int):
    measurement = get_object_or_404(Measurement, pk=pk, citizen=request.user)
    services.withdraw(citizen=request.user, measurement=measurement)
    return redirect("wellbeing:mine")


# --- Staff: answering with a citizen -----------------------------------------------------------------------------


def _staff_municipality(request, code: str) -> Municipality:
    municipality = get_object_or_404(Municipality, code=code)
    if not services.may_assist(request.user, municipality):
        raise Http404
    return municipality


@login_required
def staff_answer(request, code: str, pk: int):
    municipality = _staff_municipality(request, code)
    invitation = get_object_or_404(
        Invitation.objects.select_related("measurement__citizen"), pk=pk, measurement__municipality=municipality
    )
    audit.record_personal_data_read(
        viewer=request.user,
        data_subject=invitation.measurement.citizen,
        what="wellbeing.invitation",
        obj=invitation,
        municipality=municipality,
    )
    return _answer_page(
        request, invitation, assisted=True, template_context={"citizen": invitation.measurement.citizen}
    )


@login_required
def staff_result(request, code: str, pk: int):
    municipality = _staff_municipality(request, code)
    answer = get_object_or_404(
        Answer.objects.select_related("invitation__measurement__citizen", "baseline"),
        pk=pk,
        assisted_by=request.user,
        invitation__measurement__municipality=municipality,
    )
    audit.record_personal_data_read(
        viewer=request.user,
        data_subject=answer.invitation.measurement.citizen,
        what="wellbeing.answer",
        obj=answer,
        municipality=municipality,
    )
    return render(request, "wellbeing/result.html", {**_explained(answer), "assisted": True})
