"""Photos, files and shared map locations sent during the conversation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dialogs import collect
from dialogs.api import UserTurn
from dialogs.commands import normalize
from dialogs.run import Run
from dialogs.slots import strip_town
from dialogs.states import STATES

if TYPE_CHECKING:
    from dialogs.engine import Dialog


def on_media(dlg: Dialog, run: Run, turn: UserTurn) -> None:
    d = run.doc
    if run.state == "resume":
        # Back after a while with a photo: it joins the draft; the offer to continue stands.
        _keep(dlg, run, turn)
        if turn.location:
            lat, lon, place = turn.location
            run.data["location"] = {"lat": float(lat), "lon": float(lon), "label": str(place)}
        return
    if run.state in ("rating", "rating_comment"):
        # A photo instead of a rating: the rating is let go, the photo starts a petition.
        d.pop("pending_rating", None)
        d.pop("rating_done", None)
        back = str(d.pop("rating_return", "closed"))
        run.goto(back if back in ("closed", "submitted") else "closed")
    if not d.get("consent_at"):
        if run.state != "consent":
            run.add(dlg.say(run, "greeting"))
            run.goto("consent")
        # Kept aside, attached once the citizen agrees (dropped if they decline).
        d.setdefault("held_attachments", []).extend(dict(a) for a in turn.attachments)
        run.add(dlg.say(run, "attachment_before_consent"))
        return
    if not STATES[run.state].collecting:
        collect.start_draft(dlg, run)
        run.goto("ask_description")
    if run.state == "consent":
        return
    _keep(dlg, run, turn)
    if turn.location:
        on_location(dlg, run, *turn.location)


def on_location(dlg: Dialog, run: Run, lat: float, lon: float, place: str) -> None:
    data, g = run.data, dlg.gazetteer
    data["location"] = {"lat": float(lat), "lon": float(lon), "label": str(place or "")}
    if not g.in_county(lat, lon):
        if data.get("town") is None and run.state != "ask_description":
            run.goto("ask_town")
            run.add(dlg.say(run, "location_outside"), asks=True)
        return
    town, _ = g.nearest(lat, lon)
    if data.get("town") is None or run.state == "ask_town":
        data["town"] = town.name
        data.pop("town_unknown", None)
        run.add(dlg.say(run, "ack_location", town=town.name))
    if place and "address" not in data:
        address = strip_town(normalize(place), g)
        if address:
            data["address"] = address
    if run.state in ("ask_town", "ask_address"):
        run.reset_attempts()
        collect.advance(dlg, run)



def _keep(dlg: Dialog, run: Run, turn: UserTurn) -> None:
    """Attach the files to the draft and say what was received."""
    if not turn.attachments:
        return
    run.data.setdefault("attachments", []).extend(dict(a) for a in turn.attachments)
    kinds = [str(a.get("kind", "file")) for a in turn.attachments]
    words = [str(dlg.prompts.words.get(k, dlg.prompts.word("attachment"))) for k in kinds]
    run.add(dlg.say(run, "got_attachment", what=dlg.prompts.word("list_separator").join(
        dict.fromkeys(words))))
