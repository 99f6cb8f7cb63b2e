"""Load stage: staged documents into the star schema, one transaction per document."""
