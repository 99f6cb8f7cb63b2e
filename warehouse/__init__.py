"""Medical-insurance budget and final-account warehouse.

Stages follow the data flow: extract (PDF/text -> raw tables) -> parse (raw tables -> staged
facts) -> load (staged facts -> core star schema, one transaction per document) -> marts.
"""

__version__ = "0.1.0"
