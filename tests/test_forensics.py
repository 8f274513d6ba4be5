"""Domain forensics from raw HTML: IDs with evidence and tiers, pairs of domains sharing them."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.corpus.forensics import (
    Indicator,
    domain_indicators,
    forensics,
    operator_groups,
    shared_indicators,
)

PAGES = Path(__file__).parent / "fixtures" / "corpus"


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def found(html: str, url: str | None = None) -> dict[tuple[str, str], Indicator]:
    return {(i.kind, i.value): i for i in forensics(html, url)}


@pytest.fixture(scope="module")
def metro():
    return found(page("farm_metro_ledger.html"), "https://metro-ledger.example/2025/12/22/severansk/")


def test_strong_ids_on_a_farm_page(metro):
    strong = {key for key, i in metro.items() if i.tier == "strong"}
    assert strong == {
        ("google_analytics", "G-Q1FAKE2345"),
        ("google_tag_manager", "GTM-FAKE12A"),
        ("yandex_metrica", "98765432"),
        ("adsense", "ca-pub-0000111122223333"),
        ("facebook_pixel", "1234567890123456"),
        ("google_site_verification", "fAkEvErIfIcAtIoN-token_0001"),
    }


def test_medium_and_weak_indicators(metro):
    tiers = {key: i.tier for key, i in metro.items()}
    assert tiers[("wordpress_theme", "ledgerpress")] == "medium"  # not a common theme
    assert tiers[("wordpress_stack", "theme ledgerpress; plugins contact-form-7+newsfeed-autopost+wp-rocket")] == "medium"
    assert tiers[("author", "Daniel Harlow")] == "medium"
    assert tiers[("generator", "WordPress 6.4.2")] == "weak"
    assert tiers[("wordpress_plugin", "wp-rocket")] == "weak"
    assert tiers[("feed", "https://metro-ledger.example/feed/")] == "weak"
    assert tiers[("asset_host", "static.farmcdn.example")] == "weak"
    # The page's own host and public CDNs are no indicators.
    assert not any(kind == "asset_host" and ("metro-ledger" in value or "google" in value)
                   for kind, value in metro)


def test_evidence_offsets_point_into_the_html(metro):
    html = page("farm_metro_ledger.html")
    for indicator in metro.values():
        for evidence in indicator.evidence:
            assert html[evidence["start"]:evidence["end"]] == evidence["text"]
            assert evidence["text"] in html
    gtm = metro[("google_tag_manager", "GTM-FAKE12A")]
    # Found both in the script and in the noscript iframe.
    assert len(gtm.evidence) == 2 and "ns.html?id=GTM-FAKE12A" in gtm.evidence[1]["snippet"]
    metrica = metro[("yandex_metrica", "98765432")]
    assert any("mc.yandex.ru/watch/98765432" in e["snippet"] for e in metrica.evidence)
    author = metro[("author", "Daniel Harlow")]
    assert len(author.evidence) == 3  # meta author, JSON-LD author, byline link


def test_real_world_shaped_snippets():
    ga4 = ('<script async src="https://www.googletagmanager.com/gtag/js?id=G-7XK2M9QW1Z"></script>\n'
           "<script>window.dataLayer = window.dataLayer || [];function gtag(){dataLayer.push(arguments);}"
           "gtag('js', new Date());gtag('config', 'G-7XK2M9QW1Z');</script>")
    gtm_noscript = ('<noscript><iframe src="https://www.googletagmanager.com/ns.html?id=GTM-K9ZQ4T7"'
                    ' height="0" width="0" style="display:none;visibility:hidden"></iframe></noscript>')
    metrica = ('<script type="text/javascript">(function(m,e,t,r,i,k,a){m[i]=m[i]||function(){(m[i].a=m[i].a||[])'
               '.push(arguments)};})(window, document, "script", "https://mc.yandex.ru/metrika/tag.js", "ym");'
               'ym(55512345, "init", {clickmap:true, trackLinks:true, accurateTrackBounce:true, webvisor:true});'
               '</script><noscript><div><img src="https://mc.yandex.ru/watch/55512345" style="position:absolute;'
               ' left:-9999px;" alt="" /></div></noscript>')
    legacy = "<script>var yaCounter44455566 = new Ya.Metrika({id:44455566});ga('create','UA-7654321-2','auto');</script>"
    ids = {(i.kind, i.value) for i in forensics(ga4 + gtm_noscript + metrica + legacy)}
    assert ids >= {("google_analytics", "G-7XK2M9QW1Z"), ("google_tag_manager", "GTM-K9ZQ4T7"),
                   ("yandex_metrica", "55512345"), ("yandex_metrica", "44455566"),
                   ("google_analytics", "UA-7654321-2")}


def test_prose_is_not_an_identifier():
    assert forensics(page("prose_only.html")) == []


def test_joomla_site_with_generic_author_and_byline():
    herald = found(page("city_herald.html"), "https://city-herald.example/news/1")
    assert herald[("google_analytics", "UA-12345678-1")].tier == "strong"
    assert herald[("generator", "Joomla! - Open Source Content Management")].tier == "weak"
    assert herald[("author", "admin")].tier == "weak"
    assert herald[("author", "Mara Ivers")].tier == "medium"  # from "Posted by <a>Mara Ivers</a> on 23 December"
    assert ("feed", "https://city-herald.example/component/content/?format=feed&type=rss") in herald
    assert ("asset_host", "cdn.city-herald.example") not in herald  # its own CDN


def test_feed_on_another_domain_is_medium():
    wire = found(page("farm_capital_wire.html"), "https://www.capital-wire.example/news/severansk")
    assert wire[("feed", "https://syndication-hub.example/network/atom.xml")].tier == "medium"
    assert wire[("feed", "https://www.capital-wire.example/feed/")].tier == "weak"
    assert wire[("ip_address", "203.0.113.17")].tier == "weak"
    assert wire[("mail_ru_counter", "3456789")].tier == "strong"
    assert wire[("author", "Daniel Harlow")]  # whitespace in the meta value normalised


def test_common_theme_is_weak():
    html = ('<link rel="stylesheet" href="/wp-content/themes/astra/style.css">'
            '<script src="/wp-content/plugins/elementor/a.js"></script>')
    indicators = found(html, "https://x.example/")
    assert indicators[("wordpress_theme", "astra")].tier == "weak"
    assert not any(kind == "wordpress_stack" for kind, _ in indicators)  # two common parts are no signature


def per_domain():
    return domain_indicators([
        ("metro-ledger.example", forensics(page("farm_metro_ledger.html"), "https://metro-ledger.example/a")),
        ("metro-ledger.example", forensics(page("farm_metro_ledger.html"), "https://metro-ledger.example/b")),
        ("capital-wire.example", forensics(page("farm_capital_wire.html"), "https://capital-wire.example/a")),
        ("city-herald.example", forensics(page("city_herald.html"), "https://city-herald.example/a")),
    ])


def test_domain_indicators_count_pages():
    domains = per_domain()
    metro = {(i.kind, i.value): i for i in domains["metro-ledger.example"]}
    assert metro[("google_analytics", "G-Q1FAKE2345")].count == 2


def test_shared_indicators_pair_the_farm_domains():
    shared = shared_indicators(per_domain())
    assert len(shared) == 1
    pair = shared[0]
    assert pair["domains"] == ["capital-wire.example", "metro-ledger.example"] and pair["tier"] == "strong"
    kinds = {(s["kind"], s["value"]) for s in pair["shared"]}
    assert {("google_analytics", "G-Q1FAKE2345"), ("yandex_metrica", "98765432"),
            ("author", "Daniel Harlow"), ("wordpress_theme", "ledgerpress")} <= kinds
    assert ("google_tag_manager", "GTM-FAKE12A") not in kinds  # different containers
    assert pair["counts"]["strong"] == 2
    assert operator_groups(shared) == [["capital-wire.example", "metro-ledger.example"]]


def test_common_weak_values_do_not_pair_everyone():
    generator = Indicator("generator", "WordPress 6.4.2", "weak")
    many = {f"site{n}.example": [generator] for n in range(12)}
    assert shared_indicators(many) == []
    few = {f"site{n}.example": [generator] for n in range(3)}
    assert len(shared_indicators(few)) == 3 and shared_indicators(few)[0]["tier"] == "weak"
    assert operator_groups(shared_indicators(few)) == []  # weak ties make no operator group


def test_indicator_dicts_are_accepted():
    a = [i.to_dict() for i in forensics(page("farm_metro_ledger.html"))]
    b = [i.to_dict() for i in forensics(page("farm_capital_wire.html"))]
    assert shared_indicators({"a.example": a, "b.example": b})[0]["tier"] == "strong"
