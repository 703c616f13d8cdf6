"""Acquire: the only layer that talks to the network (fetch, discover, snapshots, releases)."""
