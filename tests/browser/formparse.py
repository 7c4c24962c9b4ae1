"""Read a rendered HTML form back the way a browser would submit it (for the client tests)."""

from __future__ import annotations

from html.parser import HTMLParser


class FormReader(HTMLParser):
    """The successful controls of the form with ``id=form_id``: (name, value) pairs in order.

    ``<template>`` content is skipped (a browser does not submit it); buttons are not included.
    """

    def __init__(self, form_id: str = "docform") -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.template_depth = 0
        self.pairs: list[tuple[str, str]] = []
        self._select: str | None = None
        self._select_value: str | None = None
        self._option: tuple[str, bool] | None = None
        self._option_text = ""
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        if tag == "template":
            self.template_depth += 1
        if self.template_depth:
            return
        if tag == "input" and "name" in a:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "reset"):
                return
            self.pairs.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select":
            self._select, self._select_value = a.get("name"), None
        elif tag == "option" and self._select is not None:
            self._option = (a.get("value", ""), "selected" in a)
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), ""

    def handle_endtag(self, tag: str) -> None:
        if not self.inside:
            return
        if tag == "template":
            self.template_depth -= 1
        elif tag == "form":
            self.inside = False
        elif tag == "select" and self._select is not None:
            self.pairs.append((self._select, self._select_value or ""))
            self._select = None
        elif tag == "option" and self._option is not None:
            if self._option[1]:
                self._select_value = self._option[0]
            self._option = None
        elif tag == "textarea" and self._textarea is not None:
            self.pairs.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data


def form_pairs(html: str, form_id: str = "docform") -> list[tuple[str, str]]:
    reader = FormReader(form_id)
    reader.feed(html)
    return reader.pairs
