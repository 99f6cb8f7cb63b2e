"""Parse stage: raw tables and text lines become staged facts with their meaning.

Meaning comes from table titles and header semantics, never from a table's position.
"""
