"""The sentence that asks for what a state waits for, said at the end of a step when no handler
has asked it already (so a handler never has to repeat the question)."""

from __future__ import annotations

from typing import Any

from dialogs.api import Say
from dialogs.context import Step
from dialogs.conversation import Conversation
from dialogs.fields import anonymity_allowed, town_choices
from dialogs.prompts import Prompts
from dialogs.slots import summary_text
from dialogs.states import STATES
from nlp.entities import mask_ids


def question(step: Step) -> Say | None:
    conv, data = step.conv, step.data
    name = conv.state
    key = STATES[name].prompt
    if key is None:
        return None
    values: dict[str, Any] = {}
    if name == "consent":
        values = {"retention_days": step.ctx.limits.retention_days}
    elif name == "ask_town" and data.intent == "咨询":
        key = "ask_town_consult"  # (a question about one place: not "where did it happen")
    elif name == "ask_address" and data.town_unknown:
        key = "ask_address_unknown_town"
    elif name == "ask_name" and data.name_partial and data.name:
        u = step.ctx.understanding
        surname = u.names.surname_of(data.name) if u is not None else data.name.lstrip("老小")[:1]
        key, values = "ask_name_full", {"surname": surname}
        if anonymity_allowed(conv) and "fullname" not in conv.notes.explained:
            conv.notes.explained.append("fullname")  # (a report: asked once, then the surname is kept)
    elif name == "ask_phone" and data.intent == "咨询":
        key = "ask_phone_consult"  # (a question is answered: the phone is for the answer)
    elif name == "ask_phone" and data.anonymous and anonymity_allowed(conv):
        key = "ask_phone_anonymous"
    elif name == "repeat_check":
        values = conv.repeat.to_json() if conv.repeat else {}
    elif name == "confirm":
        values = summary_values(step.ctx.prompts, conv)
        if data.intent == "咨询":
            key = "summary_consult"  # a question: no place, name or request to confirm
    elif name == "rating":
        values = {"case_number": conv.pending_rating.case_number if conv.pending_rating else ""}
    say = step.say(key, **values)
    if name == "ask_town":
        say = Say(say.text, say.short, town_choices(step))
    return say


def summary_values(prompts: Prompts, conv: Conversation) -> dict[str, Any]:
    data = conv.data
    w = prompts.word
    desc = mask_ids(data.description or "")
    unknown = w("same_place") if data.follow_up_of else w("unknown")
    place = data.town or unknown
    if data.address:
        place += " " + data.address
    request = data.request or w("no_request")
    extra = ""
    if data.attachments:
        extra += prompts.say("summary_attachments", count=len(data.attachments)).text
    if data.follow_up_of:
        extra += prompts.say("summary_follow_up", case_number=data.follow_up_number or "").text
    w_line = prompts.word
    consult_extra = ""
    if data.name and not data.anonymous:
        consult_extra += w_line("summary_name_line").format(name=data.name)
    if data.town:
        consult_extra += w_line("summary_place_line").format(place=place)
    return {
        "consult_extra": consult_extra + extra,
        "description": summary_text(desc, 120),
        "description_short": summary_text(desc, 24),
        "place": place,
        "name": w("anonymous") if data.anonymous else (data.name or w("unknown")),
        "phone": data.phone or (w("declined") if data.phone == "" else w("unknown")),
        "request": summary_text(request, 80),
        "request_short": summary_text(request, 16),
        "extra": extra,
    }
