"""Councillors, factions (with dated memberships) and bodies: pages, CSV import/export."""
