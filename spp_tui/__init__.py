"""spp-tui: run a community-safety Problem Solving Group meeting from the keyboard."""

__version__ = "0.1.0"
