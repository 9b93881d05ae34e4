"""Authoring tools: lint, scaffold, preview."""
