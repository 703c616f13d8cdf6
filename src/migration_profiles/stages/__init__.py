"""Stages: pure transformations of snapshots into tidy tables, indicators and published figures."""
