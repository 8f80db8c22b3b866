"""Rendering: escaping, dates, links under a sub-path, and the page's required parts."""

import datetime

from sitegen.pipeline import gather
from sitegen.render import directions_href, long_date, tel_href

from conftest import CENTRE, PROGRAMME, SITE_YAML

TODAY = datetime.date(2026, 11, 24)


def test_dates_are_written_in_full():
    assert long_date(datetime.date(2027, 8, 6)) == "6 August 2027"


def test_phone_links_keep_digits_only():
    assert tel_href("0113 496 0000") == "tel:01134960000"


def test_directions_go_to_the_centres_postcode_only():
    class Centre:
        name, postcode = "Leeds Cancer Centre", "LS9 7TF"
    assert directions_href(Centre()) == "https://www.google.com/maps/dir/?api=1&destination=Leeds+Cancer+Centre%2C+LS9+7TF"


def test_markup_typed_into_yaml_is_escaped(make_project):
    evil = CENTRE.replace("name: Leeds Cancer Centre", 'name: "<script>alert(1)</script> & Co"')
    root = make_project({"data/centres.yaml": f"centres:\n{evil}programmes:\n{PROGRAMME}",
                         "data/site.yaml": SITE_YAML.replace("Test Charity", "<b>Test</b> Charity")})
    result = gather(root, today=TODAY)
    html = result.outputs["find-a-centre/index.html"].decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    assert "&lt;b&gt;Test&lt;/b&gt; Charity" in result.outputs["index.html"].decode()


def test_every_internal_url_honours_a_sub_path(make_project):
    result = gather(make_project(), base_url="https://example.org/some/path", today=TODAY)
    home = result.outputs["index.html"].decode()
    assert 'href="/some/path/contact/"' in home
    assert 'href="/some/path/css/main.css?v=' in home
    assert '<link rel="canonical" href="https://example.org/some/path/">' in home
    assert "<loc>https://example.org/some/path/contact/</loc>" in result.outputs["sitemap.xml"].decode()
    assert "Sitemap: https://example.org/some/path/sitemap.xml" in result.outputs["robots.txt"].decode()
    assert 'href="/some/path/"' in result.outputs["404.html"].decode()


def test_guidance_pages_show_review_dates_sources_and_a_contact_route(make_project):
    html = gather(make_project(), today=TODAY).outputs["index.html"].decode()
    assert "Page last reviewed: 1 November 2026" in html
    assert "Next review due: 1 November 2027" in html
    assert '<a href="https://www.testcharity.org.uk/source" rel="noopener">A source</a>' in html
    assert "mailto:help@example.org?subject=Problem%20with%20the%20page%3A%20Home" in html
    assert html.count("<h1") == 1


def test_unset_contact_routes_are_not_shown(make_project):
    site = SITE_YAML.replace("  email: help@example.org\n", "")
    html = gather(make_project({"data/site.yaml": site}), today=TODAY).outputs["contact/index.html"].decode()
    assert "mailto:" not in html
    assert "Website: <a href=\"https://www.testcharity.org.uk\"" in html


def test_pages_have_meta_description_and_open_graph(make_project):
    html = gather(make_project(), today=TODAY).outputs["privacy/index.html"].decode()
    assert '<meta name="description" content="About privacy.">' in html
    assert '<meta property="og:title" content="Privacy">' in html
    assert '<link rel="icon" href="/favicon.svg?v=' in html


def test_the_contact_page_does_not_link_to_itself_for_feedback(make_project):
    site = SITE_YAML.replace("  email: help@example.org\n", "")
    outputs = gather(make_project({"data/site.yaml": site}), today=TODAY).outputs
    assert "app-feedback" not in outputs["contact/index.html"].decode()
    assert 'Questions about a second opinion, or something wrong on this page? <a href="/contact/">' in outputs["index.html"].decode()


def test_contact_links_and_the_place_data_credit_under_a_sub_path(make_project):
    result = gather(make_project(), base_url="https://example.org/sub", today=TODAY)
    html = {path: result.outputs[path].decode() for path in ("index.html", "404.html", "find-a-centre/index.html", "contact/index.html")}
    assert html["index.html"].count('href="/sub/contact/"') == 3  # the header, the feedback box and the footer
    assert 'or <a href="/sub/contact/">contact us</a>.' in html["404.html"]
    assert 'data-contact-url="/sub/contact/"' in html["find-a-centre/index.html"]
    assert 'class="app-header__link" href="/sub/contact/"' not in html["contact/index.html"]
    credited = [path for path, text in html.items() if "Place names: GeoNames (CC BY 4.0)." in text]
    assert credited == ["find-a-centre/index.html"]
