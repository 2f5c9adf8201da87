"""Zendesk Support API: OAuth, client, mapping to the shared ticket model, local stand-in."""
