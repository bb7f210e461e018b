"""The handlers of the state groups (one object per group, see dialogs.context.Handler).

A handler reads one message in a state of its group, changes the conversation through the
`Step`, adds acknowledgements and moves on; the question of the state the step ends in is added
by the engine. Handlers depend on dialogs.context (never on the engine) and on the shared
field operations (dialogs.fields, dialogs.edits, dialogs.moves).
"""
