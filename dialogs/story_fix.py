"""A fact of the story corrected while another question is open ("哦不对 是四千八" asked where it
happened; nlp.story_fix reads it): the account is put right, the open question stays open."""

from __future__ import annotations

from dialogs.context import Step
from dialogs.fields import add_description, analyze
from nlp.story import clean
from nlp.story_fix import whole_quantity


def correct_story(step: Step, text: str, new: str, old: str | None) -> bool:
    """The wrong fact replaced in the account when the citizen named it and it is there once
    ("不是三千二 是三千六"), said back; else the correction added to the account as said. True:
    dealt with (the open question is asked again)."""
    data = step.data
    desc = data.description or ""
    if old and desc.count(old) == 1 and whole_quantity(old) and whole_quantity(new):
        data.description = desc.replace(old, new)
        step.conv.analysis = analyze(step)
        step.tell("story_fact_corrected", old=old, new=new)
        return True
    if add_description(step, clean(text) or text):
        step.tell("ack_more")
    return True
