"""Extract stage: a source file (PDF or plain text) becomes an ExtractedDocument.

Both front ends produce the same document model (raw tables as cell text, running text lines
with their page or line number); meaning is assigned later, in parse/.
"""
