"""Lay the report's HTML out on A4 pages as a PDF with WeasyPrint: the same page the browser shows."""

from __future__ import annotations

from pathlib import Path


def write_pdf(html: str, path: Path) -> None:
    """Write the HTML of `render_html` as a PDF; the page's print CSS sets margins, headers and page numbers.

    Only `data:` URLs are fetched (the embedded charts): the HTML is self-contained, and a value from a
    form can never make the renderer reach the network or read a local file.
    """
    # weasyprint loads pango through cffi: imported only when a PDF is asked for
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=("data",))).write_pdf(path)
