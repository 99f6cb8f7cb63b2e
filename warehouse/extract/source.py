"""Open a source file and hand it to the right front end, judged by content, not extension."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from warehouse.extract.errors import DocumentRejected
from warehouse.extract.file_names import printable
from warehouse.extract.limits import ResourceLimits, check_pdf, check_text
from warehouse.extract.model import ExtractedDocument

_DISCLOSURE_WORD = re.compile(r"预\s*算|决\s*算")
_HTML = re.compile(
    rb"^\s*(?:\xef\xbb\xbf)?\s*(?:<!doctype\s+html|<html|<head|<meta|<!--)", re.IGNORECASE
)


# office documents, recognized by their first bytes whatever they are called
_CONTAINERS = {
    b"PK\x03\x04": "a ZIP container (a Word/Excel .docx/.xlsx document or an archive)",
    b"\xd0\xcf\x11\xe0": "an OLE compound file (an old Word/Excel .doc/.xls document)",
}


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def extract_document(
    path: Path, data: bytes | None = None, limits: ResourceLimits | None = None
) -> ExtractedDocument:
    """PDF bytes go to pdfplumber, UTF-8 text to the text front end; anything else is rejected.

    The bytes are held to the resource limits first (env, see warehouse.extract.limits).
    """
    if data is None:
        data = path.read_bytes()
    limits = limits or ResourceLimits.from_env()
    digest = sha256_of(data)
    name = printable(path.name)
    if not data.strip():
        raise DocumentRejected("extract", "empty file")
    if data.lstrip()[:5] == b"%PDF-":
        from warehouse.extract.pdf_source import read_pdf_document

        check_pdf(data, limits)
        return require_disclosure(read_pdf_document(data, name, digest))
    container = _CONTAINERS.get(data[:4])
    if container is not None:
        named_pdf = "not a PDF, " if path.suffix.lower() == ".pdf" else ""
        raise DocumentRejected(
            "extract",
            f"{named_pdf}unsupported format: {container} (the warehouse reads PDF and "
            "UTF-8 text; export the document to PDF)",
        )
    if _HTML.match(data[:2048]):
        raise DocumentRejected(
            "extract",
            "unsupported format: an HTML web page (a saved portal page; its tables, images "
            "and attachment links need the HTML front end)",
        )
    if path.suffix.lower() == ".pdf":
        raise DocumentRejected("extract", "not a PDF: the file does not start with %PDF-")
    check_text(data, limits)
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentRejected("extract", "neither a PDF nor UTF-8 text") from exc
    from warehouse.extract.text_source import read_text_document

    return require_disclosure(read_text_document(data, name, digest))


def require_disclosure(doc: ExtractedDocument) -> ExtractedDocument:
    """Reject documents of another genre early, with a reason a person understands.

    A budget or final account names 预算 or 决算 in its title, its table titles or its text;
    a document that never does is not a disclosure, whatever else it contains.
    """
    texts = [line.text for line in doc.lines] + [t.title or "" for t in doc.tables]
    if not any(_DISCLOSURE_WORD.search(text) for text in texts):
        raise DocumentRejected(
            "extract",
            "no budget/final-account content found (no 预算 or 决算 in the text or tables)",
        )
    return doc
