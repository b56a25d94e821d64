"""Build the pre-training corpus from open-licensed Brazilian-Portuguese text installed by Debian.

Sources (language and licence checked in /usr/share/doc/<package>/copyright):
- libreoffice-help-pt-br: the LibreOffice help pages in pt-BR (HTML), MPL-2.0.
- manpages-pt-br, manpages-pt-br-dev: manual pages translated to pt-BR (roff, via groff), GPL-3+.
- debian-handbook: "O Manual do(a) Administrador(a) Debian", pt-BR HTML, GPL-2.0+ or CC-BY-SA-3.0.
A source whose package is not installed is skipped (the report lists what was used).

Taught in notebooks/00_boas_vindas (where the base model comes from).
"""

from __future__ import annotations

import gzip
import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

LIBREOFFICE_HELP_DIR = Path("/usr/share/libreoffice/help/pt-BR")
HANDBOOK_DIR = Path("/usr/share/doc/debian-handbook/html/pt-BR")
MANPAGES_PACKAGES = ("manpages-pt-br", "manpages-pt-br-dev")

# Licence of each source (Debian package name -> licence), copied into the model card.
LICENCES = {
    "libreoffice-help-pt-br": "MPL-2.0",
    "manpages-pt-br": "GPL-3+",
    "manpages-pt-br-dev": "GPL-3+",
    "debian-handbook": "GPL-2.0+ or CC-BY-SA-3.0",
}

# A small blocklist of offensive pt-BR words: a paragraph containing any of them is dropped.
BLOCKLIST = (
    "porra", "caralho", "merda", "puta", "puto", "foder", "fodido", "buceta", "cacete",
    "viado", "arrombado", "vagabunda", "piranha", "cuzão", "babaca", "otário", "retardado",
)
_BLOCK_RE = re.compile(r"\b(" + "|".join(BLOCKLIST) + r")\b", re.IGNORECASE)

# Frequent function words: a line with more English than Portuguese ones is untranslated text.
_PT_WORDS = frozenset("de a o que e do da em um uma para é com não os as no na se por mais dos das ao "
                      "como ou seu sua são pode você este esta".split())
_EN_WORDS = frozenset("the of and to in is that for it with are this be on by you can from an which "
                      "will not if or your".split())

_BLOCK_TAGS = re.compile(r"</?(p|h[1-6]|li|td|th|tr|div|br|table|ul|ol|pre)\b[^>]*>", re.IGNORECASE)
_CODE_BLOCKS = re.compile(r"<(pre|div class=\"bascode\")[^>]*>.*?</(pre|div)>", re.DOTALL)
_NAV_BLOCKS = re.compile(r"<ul class=\"docnav[^>]*>.*?</ul>", re.DOTALL)
_ANY_TAG = re.compile(r"<[^>]+>")


@dataclass
class Document:
    """One source document: its paragraphs, where it came from and an id for splitting."""

    doc_id: str  # stable id (relative path), used for the seeded split
    source: str  # key of SOURCES
    paragraphs: list[str]  # cleaned paragraphs, in order

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def looks_english(line: str) -> bool:
    """True when a line has more English than Portuguese function words (untranslated text)."""
    words = line.lower().split()
    return sum(w in _EN_WORDS for w in words) > sum(w in _PT_WORDS for w in words)


def clean_lines(text: str) -> list[str]:
    """Collapse whitespace; drop empty lines, untranslated lines and lines with blocklisted words."""
    lines = (re.sub(r"\s+", " ", line).strip() for line in text.split("\n"))
    return [line for line in lines if line and not _BLOCK_RE.search(line) and not looks_english(line)]


def help_page_text(raw_html: str) -> str:
    """The readable text of one LibreOffice help page: the DisplayArea, without code and 'related'."""
    start = raw_html.find('<div id="DisplayArea"')
    end = raw_html.find('<div id="SearchFrame"')
    body = raw_html[start:end] if start >= 0 else ""
    related = body.find('<div class="relatedtopics"')
    body = body[:related] if related >= 0 else body
    return html_to_text(re.sub(r"<meta[^>]*>", "", body))


def html_to_text(body: str) -> str:
    """Plain text of an HTML fragment: code blocks dropped, one line per block element."""
    body = _CODE_BLOCKS.sub("\n", body)
    body = re.sub(r"\s+", " ", body)
    body = _BLOCK_TAGS.sub("\n", body)
    return html.unescape(_ANY_TAG.sub("", body))


def handbook_page_text(raw_html: str) -> str:
    """The readable text of one Debian handbook page: the body without navigation and code."""
    start = raw_html.find('<ul class="docnav top"')
    body = _NAV_BLOCKS.sub("", raw_html[max(start, 0):])
    return html_to_text(body)


def html_documents(root: Path, source: str, page_text, limit: int | None = None) -> list[Document]:
    """One Document per HTML page under `root` (sorted by path; the first `limit` pages only)."""
    docs = []
    for path in (sorted(root.rglob("*.html")) if root.is_dir() else [])[:limit]:
        paragraphs = clean_lines(page_text(path.read_text(encoding="utf-8", errors="replace")))
        if paragraphs:
            docs.append(Document(f"{source}/{path.relative_to(root)}", source, paragraphs))
    return docs


def manpage_files(package: str) -> list[Path]:
    """The man page files installed by a Debian package (dpkg -L; none if it is not installed)."""
    try:
        listing = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True, check=False).stdout
    except FileNotFoundError:  # no dpkg at all (macOS, Windows): no Debian package is installed
        return []
    return sorted(Path(p) for p in listing.split() if p.endswith(".gz") and "/man/" in p)


def render_manpage(path: Path) -> str:
    """Render one gzipped roff man page to plain UTF-8 text with groff."""
    roff = gzip.decompress(path.read_bytes())
    cmd = ["groff", "-K", "utf-8", "-man", "-Tutf8", "-P-cbou"]
    return subprocess.run(cmd, input=roff, capture_output=True, check=False).stdout.decode("utf-8", "replace")


def manpage_paragraphs(rendered: str) -> list[str]:
    """Join the wrapped lines of a rendered man page into paragraphs; drop header and footer."""
    lines = rendered.split("\n")[1:-2]
    blocks = re.split(r"\n\s*\n", "\n".join(lines))
    return clean_lines("\n".join(" ".join(block.split()) for block in blocks))


def manpage_documents(package: str, limit: int | None = None) -> list[Document]:
    """One Document per man page of the package (the first `limit` pages only)."""
    docs = []
    for path in manpage_files(package)[:limit]:
        paragraphs = manpage_paragraphs(render_manpage(path))
        if paragraphs:
            docs.append(Document(f"{package}/{path.name}", package, paragraphs))
    return docs


def dedupe_paragraphs(docs: list[Document]) -> list[Document]:
    """Drop paragraphs already seen in an earlier document (the help repeats boilerplate)."""
    seen: set[str] = set()
    kept = []
    for doc in docs:
        fresh = [p for p in doc.paragraphs if p not in seen]
        seen.update(fresh)
        if fresh:
            kept.append(Document(doc.doc_id, doc.source, fresh))
    return kept


def build_documents(max_docs: int | None = None) -> list[Document]:
    """All corpus documents, deduplicated; `max_docs` keeps a small slice of each source (test mode)."""
    limit = None if max_docs is None else max(1, max_docs // 4)
    docs = html_documents(LIBREOFFICE_HELP_DIR, "libreoffice-help-pt-br", help_page_text, limit)
    docs += html_documents(HANDBOOK_DIR, "debian-handbook", handbook_page_text, limit)
    for package in MANPAGES_PACKAGES:
        docs += manpage_documents(package, limit)
    return dedupe_paragraphs(docs)
