"""Domain forensics: what a page's raw HTML says about who runs the site.

:func:`forensics` reads one page and returns :class:`Indicator` records,
each with its evidence (offsets into the HTML and a snippet) and a tier:

* strong: IDs unique to one account: Google Analytics (UA-/G-), Google Tag
  Manager (GTM-), Yandex Metrica counters, Mail.ru (Top@Mail.ru) counters,
  AdSense publisher (ca-pub-), Facebook pixel, Google/Yandex/Bing site
  verification tokens. Two domains sharing one are very likely run by one
  operator (or one agency).
* medium: an uncommon WordPress theme, a stack of theme + plugins (>= 4
  parts, or an uncommon theme), one author name, a feed hosted on another
  domain.
* weak: a common theme, a single plugin, the meta generator (WordPress 6.4),
  a generic author ("admin"), asset hosts / IP addresses in URLs (shared CDN
  or hosting).

:func:`domain_indicators` merges pages per domain; :func:`shared_indicators`
pairs domains that share an indicator value.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, Iterable, Iterator, Mapping, Sequence
from urllib.parse import urljoin, urlsplit

STRONG, MEDIUM, WEAK = "strong", "medium", "weak"
TIER_RANK = {STRONG: 3, MEDIUM: 2, WEAK: 1}
SNIPPET = 50  # characters of context either side of the evidence
MAX_EVIDENCE = 3  # occurrences kept per indicator

# Themes shipped with WordPress or sold to many thousands of news sites: sharing
# one proves little. Anything not listed counts as uncommon (medium).
COMMON_THEMES = frozenset("""
twentyten twentyeleven twentytwelve twentythirteen twentyfourteen twentyfifteen twentysixteen
twentyseventeen twentynineteen twentytwenty twentytwentyone twentytwentytwo twentytwentythree
twentytwentyfour twentytwentyfive astra generatepress oceanwp newspaper jnews soledad divi avada
hello-elementor kadence neve sydney colormag newsmag the-newsmag zox-news mh-magazine-lite
mh-magazine herald sahifa jannah flatsome enfold bridge salient betheme storefront hestia
magazine-news newscard newsup ample-magazine morenews covernews chromenews blocksy
""".split())

# Free names that many unrelated sites use as author.
GENERIC_AUTHORS = frozenset("""
admin administrator editor editors staff newsroom redaktion redakcja редакция редактор
team author guest unknown news webmaster desk
""".split())

# Hosts every site loads from; sharing them says nothing about ownership.
PUBLIC_ASSET_HOSTS = (
    "googleapis.com", "gstatic.com", "google.com", "googletagmanager.com", "google-analytics.com",
    "googlesyndication.com", "doubleclick.net", "googleusercontent.com", "youtube.com", "ytimg.com",
    "facebook.com", "facebook.net", "fbcdn.net", "twitter.com", "x.com", "twimg.com", "instagram.com",
    "yandex.ru", "yandex.net", "yastatic.net", "mail.ru", "vk.com", "userapi.com", "ok.ru", "t.me",
    "telegram.org", "jquery.com", "jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com", "cloudflare.com",
    "bootstrapcdn.com", "fontawesome.com", "gravatar.com", "wp.com", "wordpress.org", "w.org",
    "schema.org", "w3.org", "ogp.me", "creativecommons.org", "addtoany.com", "sharethis.com",
    "disqus.com", "disquscdn.com", "amazonaws.com", "cloudfront.net", "akamaihd.net", "bing.com",
    "microsoft.com", "apple.com", "linkedin.com", "pinterest.com", "reddit.com", "whatsapp.com",
    "liveinternet.ru", "top100.ru", "rambler.ru", "tiktok.com", "gmpg.org",
)


@dataclass
class Indicator:
    """One forensic indicator of a page (or, merged, of a domain)."""

    kind: str
    value: str
    tier: str
    evidence: list[dict[str, Any]] = field(default_factory=list)  # {start, end, text, snippet[, url]}
    count: int = 1  # occurrences (pages, after merging per domain)
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = {"kind": self.kind, "value": self.value, "tier": self.tier, "count": self.count,
                "evidence": self.evidence}
        if self.note:
            data["note"] = self.note
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Indicator:
        return cls(str(data["kind"]), str(data["value"]), str(data["tier"]),
                   list(data.get("evidence") or []), int(data.get("count") or 1), str(data.get("note") or ""))


# ------------------------------------------------------------------- helpers

def _snippet(html: str, start: int, end: int) -> str:
    before = html[max(0, start - SNIPPET):start]
    after = html[end:end + SNIPPET]
    return re.sub(r"\s+", " ", before + html[start:end] + after).strip()


def _evidence(html: str, start: int, end: int) -> dict[str, Any]:
    return {"start": start, "end": end, "text": html[start:end], "snippet": _snippet(html, start, end)}


_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


def _attributes(tag: str) -> dict[str, str]:
    """Attributes of one start tag (names lower-cased, entities decoded)."""
    inner = re.sub(r"^<\s*[\w:-]+", "", tag).rstrip(">").rstrip("/")
    found: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(inner):
        value = next((g for g in match.groups()[1:] if g is not None), "")
        found.setdefault(match.group(1).lower(), html_lib.unescape(value))
    return found


def _tags(html: str, name: str) -> Iterator[tuple[re.Match[str], dict[str, str]]]:
    for match in re.finditer(rf"<{name}\b[^>]*>", html, re.IGNORECASE):
        yield match, _attributes(match.group())


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _site(host: str) -> str:
    """The last two labels of a host (a rough registrable domain; enough to tell own assets)."""
    labels = host.split(".")
    return ".".join(labels[-2:]) if len(labels) >= 2 else host


def _is_public(host: str) -> bool:
    return any(host == suffix or host.endswith("." + suffix) for suffix in PUBLIC_ASSET_HOSTS)


# ------------------------------------------------------------------ patterns

# (kind, pattern, group holding the ID, tier). The G- form is only taken in an
# ID position (id=…, a quoted string) so "G-7" in prose is not an ID.
ID_PATTERNS: list[tuple[str, re.Pattern[str], int]] = [
    ("google_analytics", re.compile(r"\b(UA-\d{4,10}-\d{1,4})\b"), 1),
    ("google_analytics", re.compile(r"""(?:[?&;]id=|["'])(G-(?=[A-Z]*\d)[A-Z0-9]{6,12})(?![A-Za-z0-9-])"""), 1),
    ("google_tag_manager", re.compile(r"\b(GTM-[A-Z0-9]{4,9})(?![A-Za-z0-9-])"), 1),
    ("yandex_metrica", re.compile(r"\bym\(\s*(\d{5,10})\s*,"), 1),
    ("yandex_metrica", re.compile(r"mc\.yandex\.(?:ru|com|by|kz|ua)/watch/(\d{5,10})"), 1),
    ("yandex_metrica", re.compile(r"\byaCounter(\d{5,10})\b"), 1),
    ("mail_ru_counter", re.compile(r"top-fwz1\.mail\.ru/counter\?id=(\d{4,10})"), 1),
    ("mail_ru_counter", re.compile(r"""_tmr\.push\(\s*\{\s*id:\s*["'](\d{4,10})["']"""), 1),
    ("adsense", re.compile(r"\b(ca-pub-\d{10,20})\b"), 1),
    ("adsense", re.compile(r"googlesyndication\.com/[^\"'\s]*?client=(ca-pub-\d{10,20})"), 1),
    ("facebook_pixel", re.compile(r"""fbq\(\s*["']init["']\s*,\s*["']?(\d{10,20})"""), 1),
    ("facebook_pixel", re.compile(r"facebook\.com/tr\?(?:[^\"'\s>]*?&(?:amp;)?)?id=(\d{10,20})"), 1),
]

VERIFICATION_METAS = {
    "google-site-verification": "google_site_verification",
    "yandex-verification": "yandex_verification",
    "msvalidate.01": "bing_verification",
    "facebook-domain-verification": "facebook_domain_verification",
}

_THEME = re.compile(r"/wp-content/themes/([A-Za-z0-9._-]+)/")
_PLUGIN = re.compile(r"/wp-content/plugins/([A-Za-z0-9._-]+)/")
_JSON_LD = re.compile(r"<script\b[^>]*type\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>(.*?)</script>",
                      re.IGNORECASE | re.DOTALL)
_BYLINE = re.compile(
    r"<(span|div|a|p|address|strong)\b([^>]*(?:class|itemprop|rel)\s*=\s*[\"'][^\"']*"
    r"(?:byline|author)[^\"']*[\"'][^>]*)>(.*?)</\1>", re.IGNORECASE | re.DOTALL)
# Files the page loads (not pages it links to: a link to another outlet says nothing).
_SRC_ATTRIBUTE = re.compile(r"""\b(?:src|data-src)\s*=\s*["']((?:https?:)?//[^"'\s>]+)""", re.IGNORECASE)
_ASSET_RELS = {"stylesheet", "icon", "preload", "modulepreload", "apple-touch-icon"}
_INNER_LINK = re.compile(r"<a\b[^>]*>(.*?)</a>", re.IGNORECASE | re.DOTALL)
_IP_URL = re.compile(r"""(?:https?:)?//((?:\d{1,3}\.){3}\d{1,3})(?::\d+)?[/"'\s]""")


def _collect(found: dict[tuple[str, str], Indicator], kind: str, value: str, tier: str,
             evidence: dict[str, Any], note: str = "") -> None:
    key = (kind, value)
    indicator = found.get(key)
    if indicator is None:
        found[key] = Indicator(kind, value, tier, [evidence], 1, note)
    elif len(indicator.evidence) < MAX_EVIDENCE and all(e["start"] != evidence["start"]
                                                         for e in indicator.evidence):
        indicator.evidence.append(evidence)


def _clean_name(text: str) -> str | None:
    """A byline's text as a person's name, or None when it does not look like one."""
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", text))
    text = re.sub(r"\s+", " ", text).strip(" \t\n|·•,:-")
    text = re.sub(r"^(?:by|posted by|written by|author|автор|от)\s*:?\s+", "", text, flags=re.IGNORECASE)
    text = text.strip(" \t\n|·•,:-")
    words = text.split()
    if not words or len(words) > 5 or len(text) > 60 or any(ch.isdigit() for ch in text):
        return None
    if not any(ch.isalpha() for ch in text):
        return None
    return text


def _ld_authors(data: Any) -> Iterator[str]:
    if isinstance(data, list):
        for item in data:
            yield from _ld_authors(item)
    elif isinstance(data, dict):
        for key, value in data.items():
            if key in ("author", "creator"):
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, str):
                        yield item
                    elif isinstance(item, dict) and isinstance(item.get("name"), str):
                        yield item["name"]
            elif isinstance(value, (dict, list)):
                yield from _ld_authors(value)


def _author_tier(name: str) -> str:
    return WEAK if name.lower() in GENERIC_AUTHORS or name.lower().rstrip("s") in GENERIC_AUTHORS else MEDIUM


# ------------------------------------------------------------------- forensics

def forensics(html: str, url: str | None = None) -> list[Indicator]:
    """Indicators found in one page's raw HTML, strongest first.

    ``url`` (the page's address) lets relative feed links be resolved and the
    site's own asset hosts be told from foreign ones.
    """
    found: dict[tuple[str, str], Indicator] = {}
    page_host = _host(url)

    for kind, pattern, group in ID_PATTERNS:
        for match in pattern.finditer(html):
            value = match.group(group)
            _collect(found, kind, value, STRONG, _evidence(html, match.start(group), match.end(group)))

    for match, attributes in _tags(html, "meta"):
        name = (attributes.get("name") or attributes.get("property") or "").lower()
        content = (attributes.get("content") or "").strip()
        if not content:
            continue
        evidence = _evidence(html, match.start(), match.end())
        if name == "generator":
            _collect(found, "generator", content[:80], WEAK, evidence)
        elif name in VERIFICATION_METAS:
            _collect(found, VERIFICATION_METAS[name], content[:120], STRONG, evidence)
        elif name in ("author", "article:author", "twitter:creator"):
            author = _clean_name(content) if not content.startswith("http") else None
            if author:
                _collect(found, "author", author, _author_tier(author), evidence)

    themes: list[str] = []
    plugins: list[str] = []
    for pattern, kind, bucket in ((_THEME, "wordpress_theme", themes), (_PLUGIN, "wordpress_plugin", plugins)):
        for match in pattern.finditer(html):
            name = match.group(1).lower()
            if kind == "wordpress_theme":
                tier = WEAK if name in COMMON_THEMES else MEDIUM
                note = "common theme" if tier == WEAK else "uncommon theme"
            else:
                tier, note = WEAK, ""
            _collect(found, kind, name, tier, _evidence(html, match.start(1), match.end(1)), note)
            if name not in bucket:
                bucket.append(name)
    if themes and plugins:
        parts = sorted(themes) + sorted(plugins)
        uncommon = any(t not in COMMON_THEMES for t in themes)
        if len(parts) >= 4 or uncommon:
            first = min(found[("wordpress_theme", t)].evidence[0]["start"] for t in themes)
            stack = "theme " + "+".join(sorted(themes)) + "; plugins " + "+".join(sorted(plugins))
            _collect(found, "wordpress_stack", stack, MEDIUM,
                     {"start": first, "end": first, "text": "", "snippet": stack},
                     "same theme and plugin set")

    for match, attributes in _tags(html, "link"):
        rel = (attributes.get("rel") or "").lower().split()
        kind_attr = (attributes.get("type") or "").lower()
        href = (attributes.get("href") or "").strip()
        evidence = _evidence(html, match.start(), match.end())
        if "alternate" in rel and kind_attr in ("application/rss+xml", "application/atom+xml") and href:
            feed = urljoin(url, href) if url else href
            feed_host = _host(feed)
            foreign = bool(page_host and feed_host and _site(feed_host) != _site(page_host))
            _collect(found, "feed", feed, MEDIUM if foreign else WEAK, evidence,
                     "feed hosted on another domain" if foreign else "")

    for match in _JSON_LD.finditer(html):
        try:
            data = json.loads(match.group(1).strip())
        except ValueError:
            continue
        for name in _ld_authors(data):
            author = _clean_name(name)
            if author:
                # The name as written in the raw JSON (it may be \u-escaped there).
                start = html.find(name, match.start(1), match.end(1))
                start, end = (start, start + len(name)) if start >= 0 else (match.start(1), match.start(1))
                _collect(found, "author", author, _author_tier(author), _evidence(html, start, end))

    for match in _BYLINE.finditer(html):
        # "Posted by <a href=/author/x>Name</a> on 23 December": the link holds just the name.
        inner = _INNER_LINK.search(match.group(3))
        start, end = ((match.start(3) + inner.start(1), match.start(3) + inner.end(1)) if inner
                      else (match.start(3), match.end(3)))
        author = _clean_name(html[start:end])
        if author:
            _collect(found, "author", author, _author_tier(author), _evidence(html, start, end))

    for match in _IP_URL.finditer(html):
        ip = match.group(1)
        if all(0 <= int(part) <= 255 for part in ip.split(".")):
            _collect(found, "ip_address", ip, WEAK, _evidence(html, match.start(1), match.end(1)),
                     "server address in a URL (shared hosting hint)")
    assets = [(m.start(1), m.end(1), m.group(1)) for m in _SRC_ATTRIBUTE.finditer(html)]
    for match, attributes in _tags(html, "link"):
        if _ASSET_RELS & set((attributes.get("rel") or "").lower().split()) and attributes.get("href"):
            href = attributes["href"]
            offset = match.group().find(href)
            start = match.start() + max(offset, 0)
            assets.append((start, start + (len(href) if offset >= 0 else 0), href))
    for start, end, address in sorted(assets):
        if not address.startswith(("//", "http:", "https:")):
            continue  # relative: the site's own files
        host = _host(urljoin("https:", address))
        if not host or re.fullmatch(r"[\d.]+", host) or _is_public(host):
            continue
        if page_host and _site(host) == _site(page_host):
            continue
        _collect(found, "asset_host", host, WEAK, _evidence(html, start, end),
                 "loads files from this host (shared CDN or copied markup)")

    return sorted(found.values(), key=lambda i: (-TIER_RANK[i.tier], i.kind, i.value))


# ------------------------------------------------------------ across domains

def domain_indicators(pages: Iterable[tuple[str, Sequence[Indicator]]]) -> dict[str, list[Indicator]]:
    """Indicators per domain from ``(domain, page indicators)`` pairs; ``count`` becomes
    the number of pages showing each one, and the evidence keeps the page URL if given."""
    merged: dict[str, dict[tuple[str, str], Indicator]] = {}
    for domain, indicators in pages:
        bucket = merged.setdefault(domain, {})
        for indicator in indicators:
            key = (indicator.kind, indicator.value)
            if key in bucket:
                bucket[key].count += 1
                if len(bucket[key].evidence) < MAX_EVIDENCE and indicator.evidence:
                    bucket[key].evidence.append(indicator.evidence[0])
            else:
                bucket[key] = Indicator(indicator.kind, indicator.value, indicator.tier,
                                        list(indicator.evidence[:1]), 1, indicator.note)
    return {domain: sorted(bucket.values(), key=lambda i: (-TIER_RANK[i.tier], i.kind, i.value))
            for domain, bucket in sorted(merged.items())}


def _normalized(indicator: Indicator) -> str:
    return indicator.value.strip().lower() if indicator.kind == "author" else indicator.value.strip()


def shared_indicators(per_domain: Mapping[str, Sequence[Indicator | Mapping[str, Any]]], *,
                      max_weak_domains: int = 10) -> list[dict[str, Any]]:
    """Pairs of domains that share indicator values, strongest pairs first.

    Each record: ``{"domains": [a, b], "tier": strongest shared tier,
    "shared": [{"kind", "value", "tier"}], "counts": {tier: n}}``. A weak
    value found on more than ``max_weak_domains`` domains (a popular theme)
    is too common to pair anyone and is left out.
    """
    holders: dict[tuple[str, str], dict[str, Any]] = {}
    for domain, indicators in per_domain.items():
        for item in indicators:
            indicator = item if isinstance(item, Indicator) else Indicator.from_dict(item)
            key = (indicator.kind, _normalized(indicator))
            entry = holders.setdefault(key, {"kind": indicator.kind, "value": indicator.value,
                                             "tier": indicator.tier, "domains": set()})
            entry["domains"].add(domain)
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for entry in holders.values():
        domains = sorted(entry["domains"])
        if len(domains) < 2 or (entry["tier"] == WEAK and len(domains) > max_weak_domains):
            continue
        for a, b in combinations(domains, 2):
            record = pairs.setdefault((a, b), {"domains": [a, b], "shared": []})
            record["shared"].append({"kind": entry["kind"], "value": entry["value"], "tier": entry["tier"],
                                     "domains_with_value": len(domains)})
    out = []
    for record in pairs.values():
        record["shared"].sort(key=lambda s: (-TIER_RANK[s["tier"]], s["kind"], s["value"]))
        counts = {tier: sum(1 for s in record["shared"] if s["tier"] == tier) for tier in (STRONG, MEDIUM, WEAK)}
        record["tier"] = record["shared"][0]["tier"]
        record["counts"] = counts
        out.append(record)
    out.sort(key=lambda r: (-TIER_RANK[r["tier"]], -r["counts"][STRONG], -r["counts"][MEDIUM],
                            -r["counts"][WEAK], r["domains"]))
    return out


def operator_groups(shared: Sequence[Mapping[str, Any]], *, tier: str = STRONG) -> list[list[str]]:
    """Domains joined (transitively) by shared indicators of at least ``tier``: likely one operator."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for record in shared:
        if TIER_RANK[record["tier"]] >= TIER_RANK[tier]:
            a, b = record["domains"]
            parent[root(a)] = root(b)
    groups: dict[str, list[str]] = {}
    for x in list(parent):
        groups.setdefault(root(x), []).append(x)
    return sorted((sorted(g) for g in groups.values() if len(g) >= 2), key=lambda g: (-len(g), g))
