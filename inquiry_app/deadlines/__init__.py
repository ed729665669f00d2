"""Deadlines: answer periods and working-day arithmetic under German law (Saxony)."""
