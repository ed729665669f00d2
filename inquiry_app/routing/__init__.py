"""Routing: suggest the responsible org units for the questions of an inquiry."""
