"""Reading a rendered packet.html in the packet tests: the text of its tables by section, and
anything it would fetch from outside itself."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class Tables(HTMLParser):
    """The text of each table row under each section id: {section: [[cell text, ...], ...]}."""

    def __init__(self, html: str):
        super().__init__()
        self.sections: dict[str, list[list[str]]] = {}
        self._section = self._row = self._cell = None
        self._in_svg = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "section":
            self._section = dict(attrs).get("id")
            self.sections.setdefault(self._section, [])
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")
        elif tag == "svg" and self._cell is not None:
            self._in_svg = True  # a chart's text is not the cell's

    def handle_endtag(self, tag):
        if tag == "svg":
            self._in_svg = False
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.sections[self._section].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None and not self._in_svg:
            self._cell.append(data)

    def row(self, section: str, label: str) -> list[str]:
        (found,) = [row for row in self.sections[section] if row and row[0] == label]
        return found


def external_references(html: str) -> list[str]:
    """Anything the page would fetch or link to outside itself."""
    return re.findall(r"(?i)(?:https?:)?//[^\s\"'<>)]+|url\(|@import|<script|<link|<iframe", html)
