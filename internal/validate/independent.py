#!/usr/bin/python3
"""Independent checks of every feed gleaner published under a directory.

Nothing here shares code with gleaner: the XML feeds go through xmllint
(libxml2) with RELAX NG schemas written from the specifications (testdata/
atom.rng from RFC 4287 Appendix B, testdata/rss.rng from the RSS 2.0
specification) and through Universal Feed Parser (feedparser); the JSON
Feeds through jsonschema with testdata/jsonfeed-1.1.schema.json, written
from jsonfeed.org/version/1.1. Each tool's findings are errors, except the
few marked as warnings below. It prints one line per finding and a summary,
and exits 1 on any error or warning, 2 when a tool is missing.

Only Debian-packaged modules: run it with Debian's /usr/bin/python3.
    apt-get install -y libxml2-utils python3-feedparser python3-jsonschema
Usage: independent.py OUTPUT_DIR
"""

import datetime
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import urllib.parse

APT = "apt-get install -y libxml2-utils python3-feedparser python3-jsonschema"
HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMAS = os.path.join(HERE, "testdata")

try:
    import feedparser
    import jsonschema
except ImportError as e:
    sys.stderr.write(f"validate: {e.name} is missing; install it with: {APT}\n"
                     f"(run this script with Debian's /usr/bin/python3)\n")
    sys.exit(2)
XMLLINT = shutil.which("xmllint")
if XMLLINT is None:
    sys.stderr.write(f"validate: xmllint is missing; install it with: {APT}\n")
    sys.exit(2)


class Findings:
    def __init__(self):
        self.errors = 0
        self.warnings = 0

    def error(self, name, msg):
        self.errors += 1
        print(f"{name}: error: {msg}")

    def warn(self, name, msg):
        self.warnings += 1
        print(f"{name}: warning: {msg}")


def feeds(root):
    """The feeds under root: .atom, .rss, and .json files that are JSON Feeds
    (an object with "version" or "items"; status.json is not)."""
    out = []
    for d, _, files in os.walk(root):
        for f in files:
            p = os.path.join(d, f)
            rel = os.path.relpath(p, root).replace(os.sep, "/")
            ext = os.path.splitext(f)[1]
            if ext == ".json":
                try:
                    with open(p, "rb") as fh:
                        top = json.load(fh)
                except ValueError:
                    top = {"items": None}  # broken: check it, and say so
                if not isinstance(top, dict) or not ("version" in top or "items" in top):
                    continue
            elif ext not in (".atom", ".rss"):
                continue
            out.append((rel, p, ext))
    return sorted(out)


def relaxng(f, name, path, schema):
    """xmllint: well-formed, and valid against the schema."""
    r = subprocess.run([XMLLINT, "--noout", "--nonet", "--relaxng", os.path.join(SCHEMAS, schema), path],
                       capture_output=True, text=True)
    if r.returncode != 0:
        lines = [l for l in r.stderr.splitlines() if l.strip() and not l.endswith("fails to validate")]
        for l in lines or [f"xmllint exited {r.returncode}"]:
            f.error(name, f"xmllint {schema}: {l.replace(path, name)}")


def self_href(f, name, links, media_type):
    selves = [l for l in links if l.get("rel") == "self"]
    if not selves:
        f.error(name, "feedparser: no link rel=self")
        return
    s = selves[0]
    if s.get("type") != media_type:
        f.error(name, f"feedparser: the self link's type is {s.get('type')!r}, not {media_type!r}")
    if not urllib.parse.urlsplit(s.get("href", "")).path.endswith("/" + name):
        f.error(name, f"feedparser: the self link {s.get('href')!r} is not this file's address (…/{name})")


def is_url(s):
    u = urllib.parse.urlsplit(s or "")
    return u.scheme in ("http", "https") and bool(u.netloc)


def check_parsed(f, name, d, want):
    """What feedparser makes of an Atom or RSS document."""
    if d.bozo:
        f.error(name, f"feedparser: not well-formed: {d.bozo_exception}")
    if d.version != want:
        f.error(name, f"feedparser: detected as {d.version or 'unknown'!r}, not {want!r}")
    fd = d.feed
    if not fd.get("title"):
        f.error(name, "feedparser: the feed has no title")
    if want == "atom10":
        if not fd.get("id"):
            f.error(name, "feedparser: the feed has no id")
        if not fd.get("updated_parsed"):
            f.error(name, "feedparser: the feed has no parsable updated")
        self_href(f, name, fd.get("links", []), "application/atom+xml")
    else:
        if not is_url(fd.get("link")):
            f.error(name, f"feedparser: the channel link {fd.get('link')!r} is not a URL")
        if "subtitle" not in fd:
            f.error(name, "feedparser: the channel has no description")
        self_href(f, name, fd.get("links", []), "application/rss+xml")
    feed_author = bool(fd.get("author"))
    ids = {}
    for i, e in enumerate(d.entries):
        where = f"{'entry' if want == 'atom10' else 'item'} {i + 1}"
        eid = e.get("id")
        if not eid:
            f.error(name, f"feedparser: {where} has no {'id' if want == 'atom10' else 'guid'}")
        elif eid in ids:
            f.error(name, f"feedparser: {where} has the same id as {ids[eid]}: {eid}")
        else:
            ids[eid] = where
        if want == "atom10":
            if not e.get("title"):
                f.error(name, f"feedparser: {where} has no title")
            if not e.get("updated_parsed"):
                f.error(name, f"feedparser: {where} has no parsable updated")
            if not e.get("content") and not any(l.get("rel") == "alternate" for l in e.get("links", [])):
                f.error(name, f"feedparser: {where} has neither content nor an alternate link")
            if not (e.get("author") or feed_author or e.get("source", {}).get("author")):
                f.error(name, f"feedparser: {where} has no author, nor has the feed")
            p, u = e.get("published_parsed"), e.get("updated_parsed")
            if p and u and p > u:
                f.warn(name, f"feedparser: {where} was published after it was updated")
        else:
            if not e.get("title") and not e.get("summary"):
                f.error(name, f"feedparser: {where} has neither title nor description")
            if eid and e.get("guidislink") and not is_url(eid):
                f.error(name, f"feedparser: {where} guid {eid!r} is a permalink but not a URL")
            if "published" in e and not e.get("published_parsed"):
                f.error(name, f"feedparser: {where} pubDate {e.get('published')!r} does not parse")
            encs = [l for l in e.get("links", []) if l.get("rel") == "enclosure"]
            if len(encs) > 1:
                f.warn(name, f"feedparser: {where} has {len(encs)} enclosures; readers take one")


def no_duplicate_keys(pairs):
    keys = [k for k, _ in pairs]
    dup = sorted({k for k in keys if keys.count(k) > 1})
    if dup:
        raise ValueError(f"duplicate keys {dup}")
    return dict(pairs)


def parse_date(s):
    return datetime.datetime.fromisoformat(s.replace("z", "Z").replace("t", "T"))


def check_json(f, name, path, validator):
    try:
        with open(path, "rb") as fh:
            doc = json.loads(fh.read().decode("utf-8"), object_pairs_hook=no_duplicate_keys)
    except (ValueError, UnicodeDecodeError) as e:
        f.error(name, f"json: {e}")
        return
    for err in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err.absolute_path) or "(feed)"
        f.error(name, f"jsonschema: {where}: {err.message}")
    if not isinstance(doc, dict):
        return
    if "author" in doc:
        f.warn(name, "json: author is deprecated in JSON Feed 1.1: use authors")
    fu = doc.get("feed_url")
    if not isinstance(fu, str) or not urllib.parse.urlsplit(fu).path.endswith("/" + name):
        f.error(name, f"json: feed_url {fu!r} is not this file's address (…/{name})")
    ids = {}
    items = doc.get("items") if isinstance(doc.get("items"), list) else []
    for i, it in enumerate(items):
        if not isinstance(it, dict):
            continue
        iid = it.get("id")
        if isinstance(iid, str):
            if iid in ids:
                f.error(name, f"json: items[{i}].id is the id of items[{ids[iid]}] too: {iid}")
            ids.setdefault(iid, i)
        dates = {}
        for k in ("date_published", "date_modified"):
            if isinstance(it.get(k), str):
                try:
                    dates[k] = parse_date(it[k])
                except ValueError as e:
                    f.error(name, f"json: items[{i}].{k}: {e}")
        if len(dates) == 2 and dates["date_modified"] < dates["date_published"]:
            f.warn(name, f"json: items[{i}] was modified before it was published")
        if "author" in it:
            f.warn(name, f"json: items[{i}].author is deprecated in JSON Feed 1.1: use authors")


def main():
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        sys.stderr.write("usage: independent.py OUTPUT_DIR\n")
        return 2
    root = sys.argv[1]
    with open(os.path.join(SCHEMAS, "jsonfeed-1.1.schema.json"), "rb") as fh:
        schema = json.load(fh)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    f = Findings()
    counts = {".atom": 0, ".rss": 0, ".json": 0}
    for name, path, ext in feeds(root):
        counts[ext] += 1
        if ext == ".json":
            check_json(f, name, path, validator)
            continue
        relaxng(f, name, path, "atom.rng" if ext == ".atom" else "rss.rng")
        with open(path, "rb") as fh:
            d = feedparser.parse(fh.read(), sanitize_html=False, resolve_relative_uris=False)
        check_parsed(f, name, d, "atom10" if ext == ".atom" else "rss20")
    total = sum(counts.values())
    libxml = subprocess.run([XMLLINT, "--version"], capture_output=True, text=True).stderr.split("\n")[0].split()[-1]
    print(f"independent validators (xmllint with libxml {libxml} and RELAX NG, feedparser {feedparser.__version__}, "
          f"jsonschema {importlib.metadata.version('jsonschema')}): {total} feeds "
          f"({counts['.atom']} Atom, {counts['.rss']} RSS, {counts['.json']} JSON Feed), "
          f"{f.errors} errors, {f.warnings} warnings")
    if total == 0:
        print(f"validate: no feeds in {root}")
        return 1
    return 1 if f.errors or f.warnings else 0


if __name__ == "__main__":
    sys.exit(main())
