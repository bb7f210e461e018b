"""Photos, files and shared map locations sent during the conversation."""

from __future__ import annotations

from dialogs.api import StepInput
from dialogs.commands import normalize
from dialogs.context import Step
from dialogs.fields import advance, start_draft
from dialogs.slots import strip_town


def on_media(step: Step, inp: StepInput) -> None:
    conv = step.conv
    if step.state == "resume":
        # Back after a while with a photo: it joins the draft; the offer to continue stands.
        keep(step, inp)
        if inp.location:
            keep_location(step, inp.location)
        return
    if step.state in ("rating", "rating_comment"):
        # A photo instead of a rating: the rating is let go, the photo starts a petition.
        step.goto(conv.leave_rating())
    if not conv.consent_at:
        if step.state != "consent":
            step.tell("greeting")
            step.goto("consent")
        # Kept aside, attached once the citizen agrees (dropped if they decline).
        conv.held_attachments.extend(dict(a) for a in inp.attachments)
        step.tell("attachment_before_consent")
        return
    if not step.collecting:
        start_draft(step)
        step.goto("ask_description")
    if step.state == "consent":
        return
    keep(step, inp)
    if inp.location:
        on_location(step, *inp.location)


def keep_location(step: Step, location: tuple[float, float, str]) -> None:
    lat, lon, place = location
    step.data.location = {"lat": float(lat), "lon": float(lon), "label": str(place or "")}


def on_location(step: Step, lat: float, lon: float, place: str) -> None:
    data, g = step.data, step.ctx.gazetteer
    keep_location(step, (lat, lon, place))
    if not g.in_county(lat, lon):
        if data.town is None and step.state != "ask_description":
            step.goto("ask_town")
            step.add(step.say("location_outside"), asks=True)
        return
    town, _ = g.nearest(lat, lon)
    if data.town is None or step.state == "ask_town":
        data.town = town.name
        data.town_unknown = False
        step.tell("ack_location", town=town.name)
    if place and data.address is None:
        address = strip_town(normalize(place), g)
        if address:
            data.address = address
    if step.state in ("ask_town", "ask_address"):
        step.reset_attempts()
        advance(step)


def keep(step: Step, inp: StepInput) -> None:
    """Attach the files to the draft and say what was received."""
    if not inp.attachments:
        return
    step.data.attachments.extend(dict(a) for a in inp.attachments)
    prompts = step.ctx.prompts
    kinds = [str(a.get("kind", "file")) for a in inp.attachments]
    words = [str(prompts.words.get(k, prompts.word("attachment"))) for k in kinds]
    step.tell("got_attachment", what=prompts.word("list_separator").join(dict.fromkeys(words)))
