"""Local partner data (the toolkit's Stage 2) and local research (Stage 3): request templates, import
with validation, the store of what is held, the research register and the embedding checklist.

Nothing here publishes anything: published local figures go through publish.py, which applies
disclosure control (disclosure.py) and each audience's rules.
"""
