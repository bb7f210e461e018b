"""Which sentences and words of config/prompts.toml the dialog uses (checked at start by
`Dialog`, and by tests/dialogs/test_config.py against the file)."""

from __future__ import annotations

# Sentences used by the handlers (besides each state's own question).
PROMPTS = (
    "greeting", "consent_held", "consent_held_more", "consent_again", "consent_ok", "declined", "ask_description_more",
    "ask_description_hello", "ask_address_unknown_town", "ask_phone_anonymous", "ack",
    "ack_description", "ack_description_fields", "ack_more", "story_fact_corrected", "ack_address_more", "ack_fields",
    "ack_old_town", "ack_town", "ack_phone", "description_full", "urgent_notice", "who_am_i", "status_external",
    "ack_location", "location_outside", "ack_anonymous", "ack_no_request", "ack_address_skipped",
    "bad_description", "bad_town", "bad_address", "bad_name", "anonymous_not_allowed",
    "bad_anonymous", "bad_phone_mobile_length", "bad_phone_other_area", "bad_phone_unknown",
    "bad_phone_no_digits", "bad_request", "emoji", "voice_no_text", "too_long", "got_attachment",
    "attachment_before_consent", "summary_attachments", "summary_follow_up", "bad_confirm",
    "edit_intro", "edit_done", "edit_back", "add_more", "repeat_follow_up", "repeat_new", "bad_repeat",
    "submitted", "next_blue", "next_yellow", "next_orange", "next_red", "next_none", "due_unknown",
    "needs_review", "legal_advice", "legal_path_notice", "lawyer_room", "lawyer_booked", "anonymous_note", "notify", "after_submit", "thanks_reply",
    "cancelled", "nothing_to_cancel", "nothing_to_register", "restart", "help", "continue_where", "handoff_person",
    "handoff_stuck", "handoff_ack", "handoff_already", "hand_back", "status_line", "status_due",
    "status_none", "status_not_found", "resume_ok", "expired", "rating_thanks",
    "rating_thanks_done", "bad_rating", "rating_skipped",
    # turn understanding (dialogs/understand.py)
    "process_privacy", "process_needed", "process_time", "process_anonymity", "process_handler",
    "process_cost", "process_bot", "process_channel", "process_effect", "process_scope", "refuse_name_report", "refuse_name_explain",
    "process_field_address", "process_field_name", "process_field_phone",  # (nlp.process_answer)
    "refuse_name_accept", "refuse_phone_report", "refuse_phone_explain", "refuse_phone_accept",
    "refuse_address_explain", "refuse_town_explain", "refuse_accepted", "refuse_place_kept",
    "smalltalk_patience", "smalltalk_wait", "corrected",
    "story_ask_what", "story_ask_where", "story_ask_since", "story_ask_tried",
    "story_ask_since_tried", "story_parts",
    "story_parts_more", "not_understood", "consult_start", "faq_answer", "consult_register", "consult_ask_what",
    # issue 14, second round: names, deferrals, consultations, questions about the intake
    "ask_name_full", "ack_name", "refuse_fullname_accept", "defer_kept", "defer_consent",
    "ask_phone_consult", "ask_town_consult", "consult_done", "summary_consult", "bad_phone_report", "faq_process",
    # a refusal that carries a value (dialogs/refusal_values.py)
    "refuse_name_part_kept", "refuse_phone_other_kept",
    # what a turn does to a conversation under way (dialogs/turn_acts.py)
    "account_fixed", "request_added", "corrected_same",
    # talk at the summary (nlp/summary_talk.py)
    "process_after",
    # a value for another field said at the current question (dialogs/other_field.py)
    "ack_other_field",
)
CHOICES = {"privacy": 2, "consent_held_more": 2, "consent_again": 2, "summary": 3, "summary_consult": 3, "bad_confirm": 3, "edit_which": 6,
           "repeat_ask": 2, "bad_repeat": 2, "idle_offer": 2}
WORDS = (
    "field_description", "field_town", "field_address", "field_name", "field_phone",
    "field_request", "list_separator", "anonymous", "unknown", "no_request", "attachment",
    "image", "video", "voice", "file", "link", "date_format", "location", "same_place",
    "summary_name_line", "summary_place_line", "declined",
)
