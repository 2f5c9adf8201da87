"""Helpdesk integrations: one folder per vendor, sharing the HTTP plumbing in this package."""
