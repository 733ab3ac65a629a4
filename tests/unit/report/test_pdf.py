"""The PDF renderer reads nothing but the page it is given: no local file, whatever URL reached the page."""

from __future__ import annotations

import base64

from pypdf import PdfReader

from pipelines.report.pdf import write_pdf

# a 1x1 PNG: a valid image the renderer would embed if it read the file
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


def _pdf(path) -> tuple[str, bytes]:
    reader = PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    images = [image for page in reader.pages for image in page.images]
    return text, b"".join(image.data for image in images)


def test_pdf__never_reads_local_files(tmp_path):
    (tmp_path / "linked.css").write_text('body::before { content: "LINKED-SHEET-WAS-READ"; }', encoding="utf-8")
    (tmp_path / "imported.css").write_text('p::after { content: "IMPORTED-SHEET-WAS-READ"; }', encoding="utf-8")
    (tmp_path / "pixel.png").write_bytes(PNG)
    page = (
        f'<html><head><link rel="stylesheet" href="file://{tmp_path}/linked.css">'
        f'<style>@import url("file://{tmp_path}/imported.css");</style></head>'
        f'<body><p>isi laporan</p><img src="file://{tmp_path}/pixel.png"><img src="file:///etc/passwd">'
        f'<img src="{tmp_path}/pixel.png"></body></html>'
    )
    write_pdf(page, tmp_path / "x.pdf")
    text, images = _pdf(tmp_path / "x.pdf")
    assert "isi laporan" in text
    assert "WAS-READ" not in text, "a local stylesheet was read"
    assert images == b"", "a local image was read"


def test_pdf__embedded_data_urls_still_render(tmp_path):
    # the charts are data: URLs: the renderer that refuses files must still draw them
    page = f'<p>grafik</p><img src="data:image/png;base64,{base64.b64encode(PNG).decode()}">'
    write_pdf(page, tmp_path / "x.pdf")
    _, images = _pdf(tmp_path / "x.pdf")
    assert images
