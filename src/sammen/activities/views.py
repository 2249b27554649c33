from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from sammen.activities import services
from sammen.activities.models import Occurrence
from sammen.core.errors import SammenError


@require_POST
@login_required
def sign_up(request, pk: int):
    """Sign up for one date. Answers JSON for now; the activity pages of the activities issue will render it."""
    occurrence = get_object_or_404(Occurrence, pk=pk)
    try:
        signup = services.sign_up(occurrence=occurrence, user=request.user)
    except SammenError as error:
        return JsonResponse({"error": str(error)}, status=409)
    return JsonResponse({"status": signup.status, "label": signup.get_status_display()})
