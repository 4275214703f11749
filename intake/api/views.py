"""POST /api/intake/: draft agreements proposed from a press release, nothing saved."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from agreements.models import Agreement
from intake.drafts import save_drafts
from intake.pressrelease import propose
from kernel.params import parse_bool

from .serializers import IntakeRequestSerializer, IntakeResponseSerializer, as_request


class IntakeView(APIView):
    """Reads a press release and proposes the agreements it reports as signed.

    Writing callers only (a write token, or staff who may add agreements): the answer is
    the first step of a write. Nothing is stored; staff review the proposals."""

    # ApiPermission checks the model permission of this queryset for staff sessions.
    queryset = Agreement.objects.none()

    @extend_schema(
        request=IntakeRequestSerializer,
        parameters=[
            OpenApiParameter(
                "save",
                bool,
                description="Also create the proposals as drafts (published=false) citing "
                "the text as their source; the answer is 201 and each item has its slug.",
            )
        ],
        responses={
            200: IntakeResponseSerializer,
            201: IntakeResponseSerializer,
            400: OpenApiResponse(description="A field is missing or invalid."),
        },
        summary="Propose draft agreements from a press release",
    )
    def post(self, request: Request) -> Response:
        serializer = IntakeRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        given = as_request(serializer.validated_data)
        proposals = [proposal.as_dict() for proposal in propose(**given)]
        try:
            save = parse_bool(request.query_params.get("save"))
        except ValueError as error:
            raise ValidationError({"save": [str(error)]}) from error
        if not save:
            return Response({"agreements": proposals})
        # ?save=true: the proposals as they are become drafts citing the text (nothing is
        # published); each answer item gains the draft's slug and address.
        drafts = save_drafts(proposals=proposals, request=request, **given)
        for proposal, draft in zip(proposals, drafts, strict=True):
            proposal["slug"] = draft.slug
            proposal["url"] = request.build_absolute_uri(
                reverse("agreements-api:agreement-detail", args=[draft.slug])
            )
        return Response({"agreements": proposals}, status=status.HTTP_201_CREATED)
