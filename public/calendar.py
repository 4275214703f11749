"""iCalendar feed of published events, for calendar applications."""

from __future__ import annotations

import datetime as dt

import icalendar
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from agreements.models import Event
from kernel.partial_date import Precision
from kernel.visibility import PUBLIC
from public.sitemaps import EVENT_PAGE, page_path
from public.templatetags.pages import primary_name

PRODID = "-//Cooperation agreement registry//Events//EN"


def calendar_events() -> list[Event]:
    """Published events known to the day, in date order.

    Events known only to the month or the year are left out: a calendar entry says on which
    days something happened, and for those we do not know. Their pages still show them.
    """
    return list(
        Event.objects.visible_to(PUBLIC)
        .filter(date_precision=Precision.DAY)
        .only(
            "slug",
            "title",
            "title_local",
            "date",
            "date_precision",
            "place",
            "description",
            "updated_at",
        )
        .order_by("date", "slug")
    )


def build_calendar(request: HttpRequest, events: list[Event]) -> icalendar.Calendar:
    """One all-day VEVENT per event, titled in the active language."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Events around cooperation agreements"))
    calendar.add(
        "x-wr-caldesc",
        _("Events whose day is known. Events known only to the month or year are on the website."),
    )
    host = request.get_host().split(":")[0]
    for event in events:
        day: dt.date = event.date.start  # type: ignore[union-attr]
        entry = icalendar.Event()
        entry.add("uid", f"{event.slug}@{host}")
        entry.add("dtstamp", event.updated_at)
        entry.add("summary", primary_name(event))
        entry.add("dtstart", day)
        # An all-day DTEND is exclusive: the event covers exactly its one day.
        entry.add("dtend", day + dt.timedelta(days=1))
        if event.place:
            entry.add("location", event.place)
        if event.description:
            entry.add("description", event.description)
        entry.add("url", request.build_absolute_uri(page_path(EVENT_PAGE, event.slug)))
        calendar.add_component(entry)
    return calendar


def events_calendar(request: HttpRequest) -> HttpResponse:
    """``/<lang>/events.ics``: the published events as text/calendar."""
    calendar = build_calendar(request, calendar_events())
    return HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
