"""Experiments of the course: each module runs one measured comparison that a notebook shows."""
