"""Freshdesk API v2: client, mapping to the shared ticket model, and a local stand-in server."""
