"""POST /api/intake/: draft agreements proposed from a press release, nothing saved."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from agreements.models import Agreement
from intake.pressrelease import propose

from .serializers import IntakeRequestSerializer, IntakeResponseSerializer, as_request


class IntakeView(APIView):
    """Reads a press release and proposes the agreements it reports as signed.

    Writing callers only (a write token, or staff who may add agreements): the answer is
    the first step of a write. Nothing is stored; staff review the proposals."""

    # ApiPermission checks the model permission of this queryset for staff sessions.
    queryset = Agreement.objects.none()

    @extend_schema(
        request=IntakeRequestSerializer,
        responses={
            200: IntakeResponseSerializer,
            400: OpenApiResponse(description="A field is missing or invalid."),
        },
        summary="Propose draft agreements from a press release",
    )
    def post(self, request: Request) -> Response:
        serializer = IntakeRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        proposals = propose(**as_request(serializer.validated_data))
        # A ``?save=true`` branch would hand ``proposals`` to a service that writes drafts
        # and their claims; not built yet.
        return Response({"agreements": [proposal.as_dict() for proposal in proposals]})
