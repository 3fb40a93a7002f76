#!/usr/bin/env python3
"""Parses an iCalendar file from stdin with the independent `icalendar` package and prints what
the tests check, as JSON. Each timed event's start is resolved twice: with the file's own
VTIMEZONE and with the tz database, and both UTC instants are printed."""
import json
import sys
from datetime import date, datetime, timezone

import icalendar

raw = sys.stdin.buffer.read()
cal = icalendar.Calendar.from_ical(raw)
zones = {str(tz["TZID"]): tz.to_tz() for tz in cal.walk("VTIMEZONE")}


def instant(prop):
    if prop is None:
        return None, None, None
    value = prop.dt
    if isinstance(value, datetime):
        tzid = prop.params.get("TZID")
        if tzid and tzid in zones:
            own = value.replace(tzinfo=zones[tzid])
        else:
            own = value
        return (
            own.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            tzid,
        )
    if isinstance(value, date):
        return value.isoformat(), value.isoformat(), None
    return str(value), str(value), None


events = []
for ev in cal.walk("VEVENT"):
    start_own, start_db, tzid = instant(ev.get("DTSTART"))
    end_own, end_db, _ = instant(ev.get("DTEND"))
    attendee = ev.get("ATTENDEE")
    events.append({
        "uid": str(ev.get("UID")),
        "sequence": int(ev.get("SEQUENCE", 0)),
        "status": str(ev.get("STATUS", "")),
        "summary": str(ev.get("SUMMARY", "")),
        "description": str(ev.get("DESCRIPTION", "")),
        "location": str(ev.get("LOCATION", "")),
        "url": str(ev.get("URL", "")),
        "dtstamp": str(ev.get("DTSTAMP").dt) if ev.get("DTSTAMP") else None,
        "last_modified": str(ev.get("LAST-MODIFIED").dt) if ev.get("LAST-MODIFIED") else None,
        "start": start_own,
        "start_by_tzdb": start_db,
        "end": end_own,
        "end_by_tzdb": end_db,
        "tzid": tzid,
        "organizer": str(ev.get("ORGANIZER", "")),
        "attendee": str(attendee) if attendee else "",
    })

print(json.dumps({
    "method": str(cal.get("METHOD", "")),
    "name": str(cal.get("NAME", cal.get("X-WR-CALNAME", ""))),
    "timezones": sorted(zones),
    "events": events,
}, ensure_ascii=False))
