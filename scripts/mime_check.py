#!/usr/bin/env python3
"""Reads every .eml file in a directory with Python's own `email` parser and prints, as JSON, what
the tests check: the MIME types in the message, the text and HTML parts, whether the HTML is
well-formed (parsed as XML by `xml.dom.minidom`), its `lang`/`dir`, every image source and `alt`,
and each inline image (Content-ID, base64)."""
import base64
import email
import email.policy
import json
import os
import sys
import xml.dom.minidom
from html.parser import HTMLParser


class Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images = []
        self.links = []
        self.html = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.images.append({"src": a.get("src", ""), "alt": a.get("alt")})
        if tag == "a":
            self.links.append(a.get("href", ""))
        if tag == "html":
            self.html = a


out = []
folder = sys.argv[1]
for name in sorted(os.listdir(folder)):
    if not name.endswith(".eml"):
        continue
    with open(os.path.join(folder, name), "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    types = [part.get_content_type() for part in msg.walk()]
    text = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    entry = {"file": name, "types": types, "text": text.get_content() if text else None}
    if html is not None:
        source = html.get_content()
        try:
            xml.dom.minidom.parseString(source.encode("utf-8"))
            entry["well_formed"] = True
        except Exception as e:  # noqa: BLE001
            entry["well_formed"] = False
            entry["error"] = str(e)
        parser = Images()
        parser.feed(source)
        entry.update(html=source, images=parser.images, links=parser.links, lang=parser.html.get("lang"), dir=parser.html.get("dir"))
    entry["inline"] = [
        {"cid": (part.get("Content-ID") or "").strip("<>"), "type": part.get_content_type(),
         "data": base64.b64encode(part.get_content()).decode()}
        for part in msg.walk()
        if part.get("Content-ID") and part.get_content_maintype() == "image"
    ]
    out.append(entry)
json.dump(out, sys.stdout)
