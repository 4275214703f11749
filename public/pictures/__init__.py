"""Pictures drawn server-side as inline SVG: a party's network, agreements per year, an
agreement's lifecycle, agreements by country. Each comes with a table saying the same, for
screen readers and print; templates/pictures/_figure.html shows both.

No JavaScript and no style attribute: the pages' Content-Security-Policy allows neither,
and an SVG written on the server needs no library in the browser.
"""
