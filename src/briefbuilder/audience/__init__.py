"""Audiences: templates (extends, release, look) and editions (diff, What's new)."""
