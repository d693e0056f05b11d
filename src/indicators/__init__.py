"""Economic-indicator target-versus-actual analytics."""

__version__ = "0.1.0"
