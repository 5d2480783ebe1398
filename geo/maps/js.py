"""The few JavaScript functions and the CSS the map needs (leaflet.timeline callbacks, legend).

The functions only read numbers, colours and glyph names that :mod:`geo.maps.style` chose, and
strings that :mod:`geo.maps.layers` already escaped; they never build HTML from article text.
"""

from __future__ import annotations

from folium.utilities import JsCode

#: wrap a popup's escaped pieces (geo.maps.layers.popup_data) in fixed tags; runs on click only
POPUP_SCRIPT = """<script>
function territoryPopup(q) {
    var h = '<div class="tt-popup"><div class="tt-title">' + q[0] + '</div><table>';
    for (var i = 0; i < q[1].length; i++) {
        h += '<tr><th>' + q[1][i][0] + '</th><td>' + q[1][i][1] + '</td></tr>';
    }
    h += '</table>';
    if (Array.isArray(q[2])) {
        // an incident: each report shown, its sentence and its source line
        h += '<div class="tt-reports">';
        for (var k = 0; k < q[2].length; k++) {
            h += '<blockquote class="tt-evidence">' + q[2][k][0] + '</blockquote>';
            if (q[2][k][1]) { h += '<div class="tt-source">' + q[2][k][1] + '</div>'; }
        }
        h += '</div>';
    } else if (q[2]) { h += '<blockquote class="tt-evidence">' + q[2] + '</blockquote>'; }
    if (q[3]) { h += '<div class="tt-source">' + q[3] + '</div>'; }
    if (q[4]) { h += '<div class="tt-note">' + q[4] + '</div>'; }
    return h + '</div>';
}
</script>"""

#: bind the popup (built when opened, so 20,000 markers cost no HTML up front) and the tooltip
ON_EACH = JsCode("""
function(feature, layer) {
    var p = feature.properties || {};
    if (p.q) { layer.bindPopup(function () { return territoryPopup(p.q); }, {maxWidth: 380}); }
    // events carry no tooltip text of their own: title, date and place come from the popup pieces;
    // of an incident's "23 (20–30 across 3 sources)" the best estimate, and its number of sources
    var tip = p.tip || (p.q ? [p.q[0]].concat(p.q[1].filter(function (r) {
        return r[0] === 'Date' || r[0] === 'Place' || r[0] === 'Killed';
    }).map(function (r) { return r[0] === 'Killed' ? r[1].split(' (')[0] + ' killed' : r[1]; }))
        .concat(p.s > 1 ? [p.s + ' sources'] : []).join(' · ') : null);
    if (p.n) {
        layer.bindTooltip(p.n, {permanent: true, direction: 'right', offset: [6, 0], className: 'tt-label'});
    } else if (tip) { layer.bindTooltip(tip); }
}""")

#: attacks: a round badge, colour and Font Awesome glyph by sub-type, size by the dead
ATTACK_MARKER = JsCode("""
function(feature, latlng) {
    var p = feature.properties, d = p.d;
    var html = '<div class="tt-badge" style="background:' + p.c + ';width:' + d + 'px;height:' + d
        + 'px;line-height:' + d + 'px;font-size:' + Math.round(d * 0.5) + 'px">'
        + '<i class="fa-solid fa-' + p.i + '"></i></div>';
    var name = 'tt-icon tt-attack' + (p.u ? ' tt-uncertain' : '');
    return L.marker(latlng, {icon: L.divIcon({className: name, html: html,
        iconSize: [d, d], iconAnchor: [d / 2, d / 2]}), riseOnHover: true});
}""")

#: control changes: a flag in the gainer's colour, ringed in the loser's
CONTROL_MARKER = JsCode("""
function(feature, latlng) {
    var p = feature.properties;
    var html = '<div class="tt-badge tt-flag" style="background:' + p.c + ';color:' + p.t
        + ';border-color:' + p.b + '"><i class="fa-solid fa-' + p.i + '"></i></div>';
    var name = 'tt-icon tt-control' + (p.u ? ' tt-uncertain' : '');
    return L.marker(latlng, {icon: L.divIcon({className: name, html: html,
        iconSize: [26, 26], iconAnchor: [13, 13]}), riseOnHover: true, zIndexOffset: 500});
}""")

#: attacks at scale: the same colour and size as a canvas dot (no DOM node per marker)
ATTACK_DOT = JsCode("""
function(feature, latlng) {
    var p = feature.properties;
    return L.circleMarker(latlng, {radius: Math.round(p.d / 4) + 2, color: p.u ? '#333' : '#ffffff', weight: 1,
        dashArray: p.u ? '2 2' : null, fillColor: p.c, fillOpacity: p.u ? 0.35 : 0.9});
}""")

#: control changes at scale: a canvas dot in the gainer's colour ringed in the loser's
CONTROL_DOT = JsCode("""
function(feature, latlng) {
    var p = feature.properties;
    return L.circleMarker(latlng, {radius: 6, color: p.b, weight: 3, dashArray: p.u ? '2 2' : null, fillColor: p.c,
        fillOpacity: p.u ? 0.35 : 1});
}""")

#: events without a date: attacks as attack badges, control changes and reports as flags
UNDATED_MARKER = JsCode(
    "function(feature, latlng) {\n    return (feature.properties.d !== undefined ? ("
    + ATTACK_MARKER.js_code + ") : (" + CONTROL_MARKER.js_code + "))(feature, latlng);\n}")

#: claims at scale: a white canvas dot ringed in the claimant's colour
CLAIM_DOT = JsCode("""
function(feature, latlng) {
    return L.circleMarker(latlng, {radius: 7, color: feature.properties.c, weight: 3, fillColor: '#ffffff',
        fillOpacity: 1});
}""")

#: claims: a speech-bubble label with the figure (already escaped)
CLAIM_MARKER = JsCode("""
function(feature, latlng) {
    var p = feature.properties;
    var html = '<div class="tt-claim" style="border-color:' + p.c + '">'
        + '<i class="fa-solid fa-bullhorn"></i> ' + p.l + '</div>';
    return L.marker(latlng, {icon: L.divIcon({className: 'tt-icon', html: html,
        iconSize: null, iconAnchor: [0, 0]}), zIndexOffset: 800});
}""")

#: per-town holder, as on the Wikipedia war maps: a filled dot on the canvas renderer; a dashed
#: red ring when the reports of who held it conflict
PLACE_MARKER = JsCode("""
function(feature, latlng) {
    var p = feature.properties;
    return L.circleMarker(latlng, {radius: 6, color: p.x ? '#e0001b' : '#333', weight: p.x ? 2 : 1,
        dashArray: p.x ? '3 2' : null, fillColor: p.c, fillOpacity: 0.95});
}""")

#: places mentioned without a known holder: small grey dots
MENTION_MARKER = JsCode("""
function(feature, latlng) {
    return L.circleMarker(latlng, {radius: 3, color: '#555', weight: 1, fillColor: '#bbb', fillOpacity: 0.8});
}""")

#: location uncertainty: the region's polygon (from the page's region table), else a circle
UNCERTAINTY_MARKER = JsCode("""
function(feature, latlng) {
    var p = feature.properties;
    if (p.g !== undefined) { return L.geoJSON(territoryRegions[p.g]); }
    return L.circle(latlng, {radius: p.r});
}""")

UNCERTAINTY_STYLE = JsCode("""
function(feature) {
    return {color: '#555', weight: 1, dashArray: '4 4', fillColor: '#999',
        fillOpacity: feature.properties.p === 3 ? 0.06 : 0.12};
}""")

AREA_STYLE = JsCode("""
function(feature) {
    var p = feature.properties;  // o: opacity from the reports' number and age; x: contested
    return {color: p.c, weight: 1, fillColor: p.c, fillOpacity: p.o != null ? p.o : 0.3,
            dashArray: p.x ? '4 4' : null};
}""")

#: a town's name on the offline base (escaped in Python): a dot and the name, in the label pane,
#: in its zoom tier (``k``; CSS hides the tiers above the zoom)
TOWN_LABEL = JsCode("""
function(feature, latlng) {
    var p = feature.properties;
    return L.marker(latlng, {icon: L.divIcon({className: 'tt-town tt-tier-' + p.k, html: '<span>' + p.n + '</span>',
        iconSize: [8, 8], iconAnchor: [4, 4]}), pane: 'territoryLabels', interactive: false, keyboard: false});
}""")

#: runs before any other script: a page that cannot draw (a library that did not load, a script
#: error) says why in #tt-fail instead of staying blank; the message is set as text, never HTML
FAILURE_SCRIPT = """<script>
(function () {
    var said = false;
    function say(text) {
        if (said) { return; }
        said = true;
        function show() {
            var box = document.getElementById('tt-fail');
            if (!box) { return; }
            box.querySelector('.tt-fail-why').textContent = text;
            box.hidden = false;
        }
        if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', show); } else { show(); }
    }
    window.addEventListener('error', function (e) {
        var el = e.target;
        if (el && (el.tagName === 'SCRIPT' || el.tagName === 'LINK')) {  // not a map tile that failed
            say('Could not load ' + (el.src || el.href) + ' (no network?). Write the map with its '
                + 'files inlined, the default of territory, to open it offline.');
        } else if (el === window || !el || !el.tagName) {
            say('A script on the page failed: ' + (e.message || e.error || 'unknown error') + '.');
        }
    }, true);
    window.addEventListener('load', function () {
        if (typeof L === 'undefined') {
            say('Leaflet, the map library, did not load (no network?). Write the map with its files '
                + 'inlined, the default of territory, to open it offline.');
        }
    });
})();
</script>"""

#: where the page says why it cannot draw (hidden while all is well)
FAILURE_HTML = """<div id="tt-fail" class="tt-fail" hidden><b>The map cannot be drawn.</b>
<span class="tt-fail-why"></span></div>
<noscript><div class="tt-fail"><b>The map cannot be drawn:</b> it needs JavaScript, which is off
in this browser.</div></noscript>"""

#: a popup never sits under the legend: when one opens over it, the legend folds (a click on
#: its title opens it again)
LEGEND_FOLD_SCRIPT = """<script>
window.addEventListener('load', function () {
    var legend = document.getElementById('tt-legend');
    var map = Object.keys(window).map(function (k) { return window[k]; })
        .filter(function (v) { return typeof L !== 'undefined' && v instanceof L.Map; })[0];
    if (!legend || !map) { return; }
    map.on('popupopen', function (e) {
        var box = e.popup.getElement().getBoundingClientRect(), key = legend.getBoundingClientRect();
        var overlap = box.left < key.right && box.right > key.left && box.top < key.bottom && box.bottom > key.top;
        if (overlap) { legend.open = false; }
    });
});
</script>"""

CSS = """
<style>
.leaflet-container { background: #cfe0ea; }
.tt-icon { background: none; border: none; }
.tt-badge { border-radius: 50%; color: #fff; text-align: center; border: 1px solid #fff;
  box-shadow: 0 0 2px rgba(0,0,0,.7); opacity: .92; }
.tt-flag { width: 24px; height: 24px; line-height: 20px; font-size: 12px; border: 3px solid; }
.tt-claim { display: inline-block; white-space: nowrap; background: #fff; border: 2px solid;
  border-radius: 4px; padding: 1px 5px; font: bold 12px sans-serif; color: #111; }
.tt-popup { font: 12px/1.35 sans-serif; }
.leaflet-tooltip.tt-label { background: rgba(255,255,255,.75); border: none; box-shadow: none; padding: 0 3px;
  font: 11px sans-serif; color: #222; }
.leaflet-tooltip.tt-label::before { display: none; }
.tt-popup .tt-title { font-weight: bold; font-size: 13px; margin-bottom: 3px; }
.tt-popup table { border-collapse: collapse; }
.tt-popup th { text-align: left; padding: 0 6px 0 0; vertical-align: top; color: #555; font-weight: normal; }
.tt-popup blockquote { margin: 5px 0; padding: 3px 6px; border-left: 3px solid #999; background: #f5f5f5; }
.tt-popup .tt-source { color: #555; font-size: 11px; }
.tt-popup .tt-reports { max-height: 220px; overflow-y: auto; }
.tt-popup .tt-note { color: #8a4b00; font-size: 11px; font-style: italic; }
.tt-legend { position: absolute; z-index: 1000; right: 10px; bottom: 110px; background: rgba(255,255,255,.93);
  padding: 6px 9px; border-radius: 5px; box-shadow: 0 1px 4px rgba(0,0,0,.4); font: 11px/1.4 sans-serif;
  max-height: 60%; overflow-y: auto; }
.tt-legend b { display: block; margin-top: 4px; }
.tt-legend summary { cursor: pointer; font-weight: bold; }
.tt-legend:not([open]) { padding: 3px 9px; }
.tt-legend .tt-key-flag { border: 2px solid #111; box-sizing: border-box; }
.tt-legend .tt-key-vague { opacity: .5; border: 2px dashed #222; box-sizing: border-box; }
.tt-legend .tt-key-claim { font-size: 10px; padding: 0 3px; margin-right: 4px; border-color: #111; }
.tt-legend .sw { display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 5px;
  vertical-align: middle; border: 1px solid #333; }
.tt-legend .ic { display: inline-block; width: 16px; height: 16px; line-height: 16px; border-radius: 50%;
  margin-right: 5px; color: #fff; text-align: center; font-size: 9px; vertical-align: middle; }
.tt-header { position: absolute; z-index: 1000; left: 50px; top: 10px; background: rgba(255,255,255,.93);
  padding: 4px 10px; border-radius: 5px; box-shadow: 0 1px 4px rgba(0,0,0,.4); font: 13px sans-serif; }
.tt-header small { color: #555; }
.leaflet-control-layers, .leaflet-control-attribution { font: 12px/1.5 sans-serif; }
.tt-town { pointer-events: none; }
.tt-uncertain .tt-badge { opacity: .5; border: 2px dashed #222; }
.tt-town::before { content: ""; position: absolute; left: 2px; top: 2px; width: 4px; height: 4px;
  border-radius: 50%; background: #444; }
.tt-town span { position: absolute; left: 8px; top: -4px; white-space: nowrap; font: 11px sans-serif; color: #333;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }
.tt-town.tt-tier-0 span { font-weight: bold; }
.tt-hide-1 .tt-tier-1, .tt-hide-1 .tt-tier-2, .tt-hide-2 .tt-tier-2 { display: none; }
.tt-fail { position: fixed; z-index: 5000; left: 50%; top: 40%; transform: translateX(-50%); max-width: 560px;
  background: #fff3cd; border: 2px solid #b58100; border-radius: 6px; padding: 12px 16px;
  font: 14px/1.4 sans-serif; color: #3d2c00; }
.tt-fail[hidden] { display: none; }
</style>
"""
