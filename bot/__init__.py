"""The petition bot service: app factory, settings, storage, pipeline, outbox, console, CLI."""
