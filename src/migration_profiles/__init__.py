"""Local Migration Profiles: local-area profiles of international migration from public UK statistics."""

__version__ = "0.1.0"
