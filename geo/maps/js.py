"""The few JavaScript functions and the CSS the map needs (leaflet.timeline callbacks, legend).

The functions only read numbers, colours and glyph names that :mod:`geo.maps.style` chose, and
strings that :mod:`geo.maps.layers` already escaped; they never build HTML from article text.
"""

from __future__ import annotations

from folium.utilities import JsCode

#: wrap a popup's escaped pieces (geo.maps.layers.popup_data) in fixed tags; runs on click only
POPUP_SCRIPT = """<script>
function territoryPopup(q) {
    if (typeof q[0] === 'number') { q = territoryPopupOf(q); }  // still packed (geo.maps.pack)
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

#: bind the popup (built when opened, so 20,000 markers cost no HTML up front) and the tooltip,
#: both only when the marker is first hovered or clicked (or flown to from the list,
#: ``territoryBind``): binding them for every marker as it is made cost 50-100 ms of the first draw
ON_EACH = JsCode("""
function(feature, layer) {
    var p = feature.properties || {};
    // events carry no tooltip text of their own: title, date and place come from the popup pieces
    // (decoded when first hovered: 20,000 popups are not unpacked up front);
    // of an incident's "23 (20–30 across 3 sources)" the best estimate, and its number of sources
    var tip = p.tip || (p.q ? function () {
        if (typeof p.q[0] === 'number') { p.q = territoryPopupOf(p.q); }
        return [p.q[0]].concat(p.q[1].filter(function (r) {
            return r[0] === 'Date' || r[0] === 'Place' || r[0] === 'Killed';
        }).map(function (r) { return r[0] === 'Killed' ? r[1].split(' (')[0] + ' killed' : r[1]; }))
            .concat(p.s > 1 ? [p.s + ' sources'] : []).join(' · ');
    } : null);
    if (p.n) {
        layer.bindTooltip(p.n, {permanent: true, direction: 'right', offset: [6, 0], className: 'tt-label'});
        tip = null;
    }
    if (!p.q && !tip) { return; }
    function bind() {
        if (layer.territoryBound) { return; }
        layer.territoryBound = true;
        layer.off('mouseover click keypress', first);
        if (p.q) { layer.bindPopup(function () { return territoryPopup(p.q); }, {maxWidth: 380}); }
        if (tip) { layer.bindTooltip(tip); }
    }
    // the listeners bound now are not called for the event that binds them: it is passed on
    // (Leaflet's own handlers, as a click or Enter on a marker and a hover call them)
    function first(e) {
        bind();
        if (e.type === 'mouseover') {
            if (tip) { layer._openTooltip(e); }
        } else if (p.q && (e.type === 'click' || e.originalEvent.keyCode === 13)) { layer._openPopup(e); }
    }
    layer.territoryBind = bind;
    layer.on('mouseover click keypress', first);
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

#: per-town holder, as on the Wikipedia war maps: a filled dot (the look of a circle marker,
#: drawn by the page's layer of dots, ``Dots`` in FEED_SCRIPT); a dashed red ring when the
#: reports of who held it conflict
PLACE_DOT = JsCode("""
function(feature) {
    var p = feature.properties;
    return {radius: 6, color: p.x ? '#e0001b' : '#333', weight: p.x ? 2 : 1,
        dashArray: p.x ? '3 2' : null, fillColor: p.c, fillOpacity: 0.95};
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

#: turns a packed point layer (geo.maps.pack) back into GeoJSON; ``territoryStrings`` is the page's
#: string table (every string HTML-escaped in Python). ``territoryData`` reads a block of the page's
#: data: JSON in a ``<script type="application/json">``, which the browser parses faster than the
#: same data written as a JavaScript literal.
UNPACK_SCRIPT = """<script>
function territoryData(id) {
    return JSON.parse(document.getElementById('tt-data-' + id).textContent);
}
function territoryPopupOf(v) {  // [title, labels, evidence, source, note, value, ...], see territoryUnpack
    var S = territoryStrings, labels = v[1], rows = new Array(labels.length);
    for (var i = 0; i < labels.length; i++) { rows[i] = [S[labels[i]], S[v[5 + i]]]; }
    var quotes = typeof v[2] === 'number' ? S[v[2]] : v[2].map(function (p) { return [S[p[0]], S[p[1]]]; });
    return [S[v[0]], rows, quotes, S[v[3]], S[v[4]]];
}
// a layer hidden when the page opens (places mentioned, undated events) gets its data when the
// reader first turns it on: its thousands of markers cost nothing before the first draw
function territoryLater(id) {
    return {type: 'FeatureCollection', features: [], territoryLater: id};
}
if (typeof L !== 'undefined') {
    (function (proto) {
        var addData = proto.addData, onAdd = proto.onAdd;
        proto.addData = function (data) {
            if (data && data.territoryLater !== undefined) { this._territoryLater = data.territoryLater; return this; }
            return addData.call(this, data);
        };
        proto.onAdd = function (map) {
            if (this._territoryLater !== undefined) {
                var id = this._territoryLater;
                delete this._territoryLater;
                addData.call(this, territoryUnpack(territoryData(id)));
            }
            return onAdd.call(this, map);
        };
    })(L.GeoJSON.prototype);
}
function territoryUnpack(t) {
    var S = territoryStrings, n = t.x.length, props = new Array(n), features = new Array(n), i;
    for (i = 0; i < n; i++) { props[i] = {}; }
    function strings(ids) { return ids.map(function (k) { return S[k]; }); }
    t.cols.forEach(function (col) {
        var key = col[0], kind = col[1], values = col[2], at = col[3], table = null, j, v;
        if (kind === 'e' || kind === 'L') {  // enumerated: the column's table, an index into it per feature
            table = kind === 'e' ? strings(values[0]) : values[0].map(strings);  // lists shared, read only
            values = values[1];
            for (j = 0; j < values.length; j++) { props[at ? at[j] : j][key] = table[values[j]]; }
            return;
        }
        if (kind === 'E') {  // joined enumerated columns: each key's value from the table's entry
            var keys = key, kinds = values[0];
            table = values[1].map(function (entry) {
                return entry.map(function (v, m) { return kinds[m] === 'e' ? S[v] : strings(v); });
            });
            values = values[2];
            for (j = 0; j < values.length; j++) {
                var p = props[j], entry = table[values[j]];
                for (var m = 0; m < keys.length; m++) { p[keys[m]] = entry[m]; }
            }
            return;
        }
        if (kind === 'p') {  // popups stay packed until opened; each one's labels from its shape
            table = values[0];
            values = values[1];
            for (j = 0; j < values.length; j++) { v = values[j]; v[1] = table[v[1]]; props[at ? at[j] : j][key] = v; }
            return;
        }
        for (j = 0; j < values.length; j++) {
            v = values[j];
            props[at ? at[j] : j][key] = kind === 's' ? S[v] : kind === 'd' ? v * 86400000
                : kind === 'l' ? strings(v) : v;
        }
    });
    for (i = 0; i < n; i++) {
        features[i] = {type: 'Feature', geometry: {type: 'Point', coordinates: [t.x[i], t.y[i]]}, properties: props[i]};
    }
    return {type: 'FeatureCollection', features: features};
}
</script>"""

#: the feed beside the map, its filters, the clusters of the event layers, the URL's hash.
#:
#: leaflet.timeline redraws a layer by comparing every shown feature with every feature of the
#: date (quadratic: a second per slider step at 20,000 events) and builds a new marker each time;
#: its redraw is replaced here by one that compares sets, keeps each feature's marker, and leaves
#: out what the filters exclude. The event layers (``cluster`` in their options) are drawn
#: together: below ``SINGLE_ZOOM`` the events of one screen cell (``CELL`` pixels) become one
#: count, clicked to zoom in; single markers from ``SINGLE_ZOOM`` on. Every string shown comes
#: escaped from Python; the only markup added here is fixed tags, and an article's URL is only
#: a link when Python found it to be http(s) (geo.maps.layers.safe_url).
FEED_SCRIPT = """<script>
var territoryFeed = (function () {
    var SINGLE_ZOOM = 10, CELL = 60, MAX_ITEMS = 100, KEYS = ['cat', 'actor', 'outlet'];
    var NAMES = {attack: ['attack', 'attacks'], control_change: ['control change', 'control changes'],
        control_state: ['report of who holds', 'reports of who holds'], claim: ['claim', 'claims']};
    var T = {map: null, slider: null, all: [], layers: [], bubbles: null, time: null, pending: false,
        ready: false, items: [], raw: {cat: '', actor: '', outlet: ''}, filters: {cat: '', actor: '', outlet: ''},
        persist: 30, counts: new Map(), serials: 0};

    function esc(s) {
        return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
            .replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
    }
    function pass(p) {
        if (p.k === undefined) { return true; }  // not an event: places, areas
        var f = T.filters;
        return (!f.cat || p.k === f.cat) && (!f.actor || (p.a || []).indexOf(f.actor) >= 0)
            && (!f.outlet || (p.o || []).indexOf(f.outlet) >= 0);
    }
    function layerOf(tl, f) {  // built once per feature, as L.GeoJSON.addData builds it
        if (!f.__layer) {
            var layer = L.GeoJSON.geometryToLayer(f, tl.options);
            layer.feature = f;
            layer.defaultOptions = layer.options;
            tl.resetStyle(layer);
            if (tl.options.onEachFeature) { tl.options.onEachFeature(f, layer); }
            f.__layer = layer;
        }
        return f.__layer;
    }
    function show(tl, features) {
        if (tl.options.dots) { dotsOf(tl).setFeatures(features); return; }
        var keep = new Set(features), shown = new Set();
        tl.eachLayer(function (l) { if (keep.has(l.feature)) { shown.add(l.feature); } else { tl.removeLayer(l); } });
        features.forEach(function (f) { if (!shown.has(f)) { tl.addLayer(layerOf(tl, f)); } });
    }
    // A layer of thousands of dots (the places' holders): one Leaflet path that draws every dot
    // of the date on the shared canvas and finds the one under the pointer, instead of a circle
    // marker, its events and its options per dot (about a fifth of the first draw at 3,000 places,
    // scripts/bench_map.py). Each dot looks as ``tl.options.dots(feature)`` says (circle marker
    // options); its hover text (``tip``), name label (``n``) and popup (``q``) are as a marker's.
    var Dots = typeof L === 'undefined' ? null : L.Path.extend({
        initialize: function (style) {
            L.setOptions(this, {fill: true, interactive: true});
            this._style = style;
            this._dots = [];
            this._hit = null;
            this._labels = new Map();
            this.bindPopup(function (layer) { return territoryPopup(layer._opened.f.properties.q); }, {maxWidth: 380});
            this.on('mouseover mousemove', this._hover, this);
            this.on('mouseout', this._leave, this);
        },
        territoryDots: function () {  // what is drawn: each dot's place, look and feature
            return this._dots.map(function (d) { return {latlng: d.latlng, options: d.o, feature: d.f}; });
        },
        setFeatures: function (features) {
            var dots = new Array(features.length), before = new Set(this._dots), changed = [];
            for (var i = 0; i < features.length; i++) {
                var d = dots[i] = this._dot(features[i]);
                if (!before.delete(d)) { changed.push(d); }
            }
            before.forEach(function (d) { changed.push(d); });  // no longer drawn
            this._dots = dots;
            if (this._map && changed.length) {
                this._showLabels();
                this._project();
                this._redrawAround(changed);
            }
            return this;
        },
        // a day's step changes a few towns' holders: only the canvas around those dots is drawn
        // again (as Leaflet does for a marker that comes or goes), not the whole map's canvas
        _redrawAround: function (changed) {
            var renderer = this._renderer, box = renderer._redrawBounds || L.bounds([]);
            changed.forEach(function (d) {
                var pad = d.o.radius + (d.o.weight || 0) + 1, p = d.point;
                if (p) { box.extend(L.point(p.x - pad, p.y - pad)); box.extend(L.point(p.x + pad, p.y + pad)); }
            });
            if (!box.isValid()) { return; }
            renderer._redrawBounds = box;
            renderer._redrawRequest = renderer._redrawRequest || L.Util.requestAnimFrame(renderer._redraw, renderer);
        },
        _dot: function (f) {
            if (!f.__dot) {
                var c = f.geometry.coordinates, o = this._style(f);
                o.dash = typeof o.dashArray === 'string' ? o.dashArray.split(/[, ]+/).map(Number) : [];
                f.__dot = {f: f, latlng: L.latLng(c[1], c[0]), o: o, point: null};
            }
            return f.__dot;
        },
        onAdd: function (map) {
            L.Path.prototype.onAdd.call(this, map);
            this._showLabels();
        },
        onRemove: function (map) {
            this._labels.forEach(function (label) { map.removeLayer(label); });
            this._leave();
            L.Path.prototype.onRemove.call(this, map);
        },
        _showLabels: function () {  // a place's name beside its dot (a corpus's towns, not thousands)
            var map = this._map, labels = this._labels, want = new Set();
            this._dots.forEach(function (d) {
                var name = d.f.properties.n;
                if (!name) { return; }
                want.add(d.f);
                var label = labels.get(d.f);
                if (!label) {
                    label = L.tooltip({permanent: true, direction: 'right', offset: [6, 0], className: 'tt-label'})
                        .setLatLng(d.latlng).setContent(name);
                    labels.set(d.f, label);
                }
                if (!map.hasLayer(label)) { label.addTo(map); }
            });
            labels.forEach(function (label, f) {
                if (!want.has(f) && map.hasLayer(label)) { map.removeLayer(label); }
            });
        },
        _project: function () {
            var map = this._map, dots = this._dots, pad = 0, box = null;
            for (var i = 0; i < dots.length; i++) {
                var d = dots[i], p = d.point = map.latLngToLayerPoint(d.latlng);
                pad = Math.max(pad, d.o.radius + (d.o.weight || 0));
                if (box) { box.extend(p); } else { box = L.bounds(p, p); }
            }
            this._pxBounds = box ? L.bounds(box.min.subtract([pad, pad]), box.max.add([pad, pad])) : null;
        },
        _update: function () { if (this._map) { this._updatePath(); } },
        _updatePath: function () {
            var renderer = this._renderer;
            if (!renderer._drawing) { return; }
            var ctx = renderer._ctx, clip = renderer._redrawBounds, dots = this._dots;
            for (var i = 0; i < dots.length; i++) {
                var d = dots[i], o = d.o, p = d.point, r = o.radius;
                if (clip && (p.x + r < clip.min.x || p.x - r > clip.max.x
                        || p.y + r < clip.min.y || p.y - r > clip.max.y)) { continue; }
                ctx.beginPath();
                ctx.arc(p.x, p.y, r, 0, Math.PI * 2, false);
                ctx.globalAlpha = o.fillOpacity;
                ctx.fillStyle = o.fillColor;
                ctx.fill('evenodd');
                if (o.weight) {
                    ctx.setLineDash(o.dash);
                    ctx.globalAlpha = 1;
                    ctx.lineWidth = o.weight;
                    ctx.strokeStyle = o.color;
                    ctx.lineCap = 'round';
                    ctx.lineJoin = 'round';
                    ctx.stroke();
                }
            }
        },
        _containsPoint: function (p) {  // the topmost dot under the pointer, kept for the events
            var dots = this._dots, tolerance = this._renderer.options.tolerance || 0;
            this._hit = null;
            for (var i = dots.length - 1; i >= 0; i--) {
                var d = dots[i], reach = d.o.radius + (d.o.weight || 0) / 2 + tolerance;
                if (d.point && d.point.distanceTo(p) <= reach) { this._hit = d; return true; }
            }
            return false;
        },
        _openPopup: function (e) {  // at the dot clicked, not where the pointer was
            if (!this._hit || !this._map) { return; }
            L.DomEvent.stop(e);
            this._opened = this._hit;
            this.openPopup(this._hit.latlng);
        },
        _hover: function () {
            var d = this._hit, tip = d && !d.f.properties.n ? d.f.properties.tip : null;
            if (d === this._tipped) { return; }
            this._tipped = d;
            if (!tip) { if (this._tip && this._map.hasLayer(this._tip)) { this._map.removeLayer(this._tip); } return; }
            this._tip = this._tip || L.tooltip({direction: 'top', offset: [0, -6]});
            this._tip.setLatLng(d.latlng).setContent(tip);
            if (!this._map.hasLayer(this._tip)) { this._tip.addTo(this._map); }
        },
        _leave: function () {
            this._tipped = null;
            if (this._tip && this._map && this._map.hasLayer(this._tip)) { this._map.removeLayer(this._tip); }
        }
    });
    function dotsOf(tl) {
        if (!tl.__dots) { tl.__dots = new Dots(tl.options.dots); tl.addLayer(tl.__dots); }
        return tl.__dots;
    }
    function Ranges() { this.low = []; this.high = []; this.items = []; }
    Ranges.prototype.insert = function (low, high, item) {
        this.low.push(low);
        this.high.push(high);
        this.items.push(item);
        return this;
    };
    Ranges.prototype.lookup = function (time) {  // what the interval tree's lookup gives, in data order
        var low = this.low, high = this.high, found = [];
        for (var i = 0; i < low.length; i++) { if (low[i] <= time && high[i] >= time) { found.push(this.items[i]); } }
        return found;
    };
    function wanted(tl, time) {
        var features = tl.ranges.lookup(time).filter(function (f) { return pass(f.properties); });
        if (!tl.options.dedupe) { return features; }
        // the same region or circle for many events (a country, "northern Syria"): drawn once,
        // not once per event (hundreds of copies of a country's polygon on every redraw)
        var seen = new Set();
        return features.filter(function (f) {
            var p = f.properties, c = f.geometry.coordinates;
            var key = p.g !== undefined ? 'g' + p.g : c[0] + ',' + c[1] + ',' + p.r;
            if (seen.has(key)) { return false; }
            seen.add(key);
            return true;
        });
    }
    if (typeof L !== 'undefined' && L.Timeline) {
        // leaflet.timeline puts every feature into a red-black interval tree one insertion at a
        // time (0.4 s of the first draw at 20,000 events); what a date shows is every feature
        // whose interval holds it, which a scan of two flat arrays answers in a fraction of a ms
        // (and its times sorted as numbers, not through a comparator, its dates not parsed again)
        L.Timeline.prototype._process = function (data) {
            var ranges = this.ranges = new Ranges(), times = [], self = this;
            data.features.forEach(function (f) {
                var span = self._getInterval(f);
                if (!span) { return; }
                ranges.insert(span.start + (span.startExclusive ? 1 : 0), span.end - (span.endExclusive ? 1 : 0), f);
                times.push(span.start, span.end);
            });
            var o = this.options;
            if (!times.length) {
                this.times = [];
                this.start = o.start != null ? o.start : Infinity;
                this.end = o.end != null ? o.end : -Infinity;
                this.time = this.start;
                return;
            }
            var sorted = Float64Array.from(times).sort();
            this.times = [sorted[0]];
            for (var i = 1; i < sorted.length; i++) { if (sorted[i] !== sorted[i - 1]) { this.times.push(sorted[i]); } }
            this.start = o.start != null ? o.start : this.times[0];
            this.end = o.end != null ? o.end : this.times[this.times.length - 1];
            this.time = this.start;
        };
        var interval = L.Timeline.prototype._getInterval;
        L.Timeline.prototype._getInterval = function (f) {
            var p = f.properties;
            if (p && typeof p.start === 'number' && typeof p.end === 'number') {
                return {start: p.start, end: p.end,
                    startExclusive: p.startExclusive === true || p.startExclusive === 'true',
                    endExclusive: p.endExclusive === true || p.endExclusive === 'true'};
            }
            return interval.call(this, f);
        };
        L.Timeline.prototype.updateDisplayedLayers = function () {
            T.time = this.time;
            if (this.options.cluster) { if (T.map) { schedule(); } return; }  // drawn by refresh()
            show(this, wanted(this, this.time));
        };
    }
    function schedule() {  // once for the several layers a slider step sets, before the next paint
        if (T.pending) { return; }
        T.pending = true;
        Promise.resolve().then(function () { T.pending = false; refresh(); });
    }
    function serial(f) {  // a number per event, for the identity of a count's members
        if (f.__n === undefined) { f.__n = ++T.serials; }
        return f.__n;
    }
    function bubble(members) {
        var lat = 0, lng = 0, n = members.length, killed = 0, kinds = {}, bounds = L.latLngBounds([]);
        members.forEach(function (f) {
            var c = f.geometry.coordinates, p = f.properties;
            lat += c[1]; lng += c[0]; bounds.extend([c[1], c[0]]);
            killed += p.kd || 0;
            kinds[p.k] = (kinds[p.k] || 0) + 1;
        });
        var size = Math.round(Math.min(56, 24 + 9 * Math.log10(n)));
        var marker = L.marker([lat / n, lng / n], {icon: L.divIcon({className: 'tt-cluster',
            html: '<span>' + n + '</span>', iconSize: [size, size], iconAnchor: [size / 2, size / 2]}),
            zIndexOffset: 1000, riseOnHover: true});
        var parts = Object.keys(kinds).map(function (k) {
            var name = NAMES[k] || [k, k];
            return kinds[k] + ' ' + name[kinds[k] === 1 ? 0 : 1];
        });
        marker.bindTooltip(n + ' events here: ' + parts.join(', ') + (killed ? ' · ' + killed + ' killed' : '')
            + ' · click to zoom in');
        marker.on('click', function () { T.map.fitBounds(bounds.pad(0.2), {maxZoom: SINGLE_ZOOM}); });
        marker.territoryCount = n;
        return marker;
    }
    function refresh() {
        if (!T.map || T.time === null) { return; }
        var map = T.map, zoom = map.getZoom(), clustered = zoom < SINGLE_ZOOM, cells = {}, singles = new Map();
        T.items = [];
        T.layers.forEach(function (tl) {
            var want = wanted(tl, T.time);
            want.forEach(function (f) { f.__tl = tl; T.items.push(f); });
            singles.set(tl, []);
            if (!clustered || !map.hasLayer(tl)) { show(tl, want); return; }
            want.forEach(function (f) {
                var c = f.geometry.coordinates, pt = map.project([c[1], c[0]], zoom);
                var key = Math.floor(pt.x / CELL) + ':' + Math.floor(pt.y / CELL);
                (cells[key] = cells[key] || []).push(f);
            });
        });
        // a count whose cell holds the same events as before keeps its marker: a day's step
        // changes a few cells, and rebuilding every count's DOM node each step cost a frame
        var counts = new Map();
        if (clustered) {
            Object.keys(cells).forEach(function (key) {
                var members = cells[key];
                if (members.length === 1) { singles.get(members[0].__tl).push(members[0]); return; }
                var id = zoom + '/' + key + '/' + members.map(serial).sort().join(',');
                counts.set(id, T.counts.get(id) || bubble(members));
            });
            T.layers.forEach(function (tl) { if (map.hasLayer(tl)) { show(tl, singles.get(tl)); } });
        }
        T.counts.forEach(function (marker, id) { if (!counts.has(id)) { T.bubbles.removeLayer(marker); } });
        counts.forEach(function (marker, id) { if (!T.counts.has(id)) { T.bubbles.addLayer(marker); } });
        T.counts = counts;
        showList();
        writeHash();
    }
    function day(ms) { return new Date(ms).toISOString().slice(0, 10); }
    function itemHtml(f) {
        var p = f.properties, toll = [], outlets = (p.o || []).slice(0, 4).map(function (o, j) {
            var url = (p.ou || [])[j];
            return url ? '<a href="' + url + '" target="_blank" rel="noopener noreferrer">' + o + '</a>' : o;
        });
        if (p.kd !== undefined) { toll.push(p.kd + ' killed'); }
        if (p.wd !== undefined) { toll.push(p.wd + ' wounded'); }
        var more = (p.o || []).length - outlets.length + (p.om || 0);
        return '<li class="tt-item" tabindex="0" style="border-left-color:' + (p.c || '#999') + '">'
            + '<div class="tt-item-top"><span class="tt-item-date">' + p.dt + '</span> '
            + '<span class="tt-item-place">' + p.pl + '</span></div>'
            + '<div class="tt-item-what">' + p.w + (toll.length ? ' · <b>' + toll.join(', ') + '</b>' : '') + '</div>'
            + (outlets.length ? '<div class="tt-item-src">' + outlets.join(', ') + (more > 0 ? ' +' + more : '')
                + '</div>' : '') + '</li>';
    }
    // the list's first hundred items wait until the map is drawn: the page loaded and its first
    // frames painted (they were a tenth of the first draw at 20,000 events); then
    // ``tt-feed-ready`` marks the panel, and from there on every redraw lists at once
    function showList() {
        if (T.listed) { renderList(); return; }
        if (T.listPending) { return; }
        T.listPending = true;
        var first = function () {
            T.listed = true;
            renderList();
            var panel = document.getElementById('tt-feed');
            if (panel) { panel.classList.add('tt-feed-ready'); }
        };
        var painted = function () {
            requestAnimationFrame(function () { requestAnimationFrame(function () { setTimeout(first, 0); }); });
        };
        if (document.readyState === 'complete') { painted(); } else { window.addEventListener('load', painted); }
    }
    function renderList() {
        var panel = document.getElementById('tt-feed');
        if (!panel) { return; }
        T.items.sort(function (a, b) {
            return b.properties.start - a.properties.start || (b.properties.kd || 0) - (a.properties.kd || 0);
        });
        // an item's node is built once and moved, not parsed again at every step: a day's step
        // keeps most of the list (about a third of a step's time at 20,000 events went to it)
        var fresh = T.items.slice(0, MAX_ITEMS).filter(function (f) { return !f.__item; }), holder;
        if (fresh.length) {
            holder = document.createElement('ol');
            holder.innerHTML = fresh.map(itemHtml).join('');
            fresh.forEach(function (f, k) { f.__item = holder.children[k]; f.__item.territoryFeature = f; });
        }
        // a day's step changes a few items at the ends: only those leave or come in (replacing all
        // hundred made the browser lay out and paint the whole list again at every step)
        var list = panel.querySelector('.tt-feed-list'), want = T.items.slice(0, MAX_ITEMS).map(function (f) {
            return f.__item;
        }), keep = new Set(want), at;
        Array.prototype.slice.call(list.children).forEach(function (c) { if (!keep.has(c)) { list.removeChild(c); } });
        at = list.firstChild;
        want.forEach(function (node) {
            if (node === at) { at = at.nextSibling; } else { list.insertBefore(node, at); }
        });
        panel.querySelector('.tt-feed-count').textContent = T.items.length
            + (T.items.length === 1 ? ' event' : ' events');
        panel.querySelector('.tt-feed-window').textContent = 'On the map on ' + day(T.time) + ': the '
            + T.persist + ' days before it, newest first' + (T.filters.cat || T.filters.actor || T.filters.outlet
            ? ' (filtered)' : '') + '.';
        panel.querySelector('.tt-feed-more').textContent = T.items.length > MAX_ITEMS
            ? '… and ' + (T.items.length - MAX_ITEMS) + ' more: narrow the filters or move the slider.' : '';
    }
    function fly(f) {
        var tl = f.__tl, map = T.map, c = f.geometry.coordinates, target = L.latLng(c[1], c[0]);
        if (!map.hasLayer(tl)) { map.addLayer(tl); }
        var open = function () {
            refresh();
            var layer = f.__layer;
            if (layer && tl.hasLayer(layer)) {
                if (layer.territoryBind) { layer.territoryBind(); }
                layer.openPopup();
            }
        };
        map.once('moveend', open);
        map.flyTo(target, Math.max(map.getZoom(), SINGLE_ZOOM), {duration: 0.6});
    }
    // history.replaceState costs about 9 ms in Chromium, a tenth of a slider step at 20,000
    // events: the address is written once the slider rests (200 ms), not at every step of it
    function writeHash() {
        if (!T.ready) { return; }
        clearTimeout(T.hashTimer);
        T.hashTimer = setTimeout(writeHashNow, 200);
    }
    function writeHashNow() {
        var parts = ['date=' + day(T.time)];
        KEYS.forEach(function (k) { if (T.raw[k]) { parts.push(k + '=' + encodeURIComponent(T.raw[k])); } });
        var hash = '#' + parts.join('&');
        if (location.hash === hash) { return; }
        try { history.replaceState(null, '', hash); } catch (e) { T.writing = true; location.hash = hash; }
    }
    function setFilter(key, value) {
        T.raw[key] = value;
        T.filters[key] = value ? esc(value) : '';
    }
    function applyFilters() {
        T.all.forEach(function (tl) { if (!tl.options.cluster) { tl.updateDisplayedLayers(); } });
        schedule();
    }
    function readHash() {
        var q = {};
        location.hash.replace(/^#/, '').split('&').forEach(function (part) {
            var at = part.indexOf('=');
            if (at > 0) {
                try { q[part.slice(0, at)] = decodeURIComponent(part.slice(at + 1)); } catch (e) { /* not ours */ }
            }
        });
        KEYS.forEach(function (k) {
            var select = document.getElementById('tt-f-' + k), value = q[k] || '';
            if (!select) { return; }
            var known = Array.prototype.some.call(select.options, function (o) { return o.value === value; });
            select.value = known ? value : '';
            setFilter(k, select.value);
        });
        if (T.slider && /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(q.date || '')) {
            var ms = Date.parse(q.date + 'T00:00:00Z');
            if (isFinite(ms)) { T.slider.setTime(Math.min(Math.max(ms, T.slider.start), T.slider.end)); }
        }
        applyFilters();
    }
    function start(map, slider, timelines, options) {
        T.map = map;
        T.slider = slider;
        T.all = timelines;
        T.layers = timelines.filter(function (tl) { return tl.options.cluster; });
        T.persist = (options && options.persist) || T.persist;
        T.bubbles = L.layerGroup().addTo(map);
        if (slider) { T.time = slider.time; }
        map.on('zoomend overlayadd overlayremove', schedule);
        // a marker reached with the keyboard shows its hover text, as Leaflet does for a bound
        // one: a marker not yet used is bound here first (js.ON_EACH binds on first use)
        map.getContainer().addEventListener('focusin', function (e) {
            var layer = map._targets && map._targets[L.Util.stamp(e.target)];
            if (layer && layer.territoryBind && !layer.territoryBound) {
                layer.territoryBind();
                if (layer.getTooltip()) { layer.openTooltip(); }
            }
        });
        var panel = document.getElementById('tt-feed');
        if (panel) {
            KEYS.forEach(function (k) {
                var select = document.getElementById('tt-f-' + k);
                if (select) {
                    select.addEventListener('change', function () { setFilter(k, select.value); applyFilters(); });
                }
            });
            var list = panel.querySelector('.tt-feed-list');
            var pick = function (e) {
                if (e.target.closest('a')) { return; }  // the outlet's link opens the article
                var item = e.target.closest('.tt-item');
                if (item) { fly(item.territoryFeature); }
            };
            list.addEventListener('click', pick);
            list.addEventListener('keydown', function (e) { if (e.key === 'Enter') { pick(e); } });
            panel.querySelector('.tt-feed-fold').addEventListener('click', function () {
                document.body.classList.toggle('tt-feed-folded');
                map.invalidateSize();
            });
        }
        window.addEventListener('hashchange', function () {
            if (T.writing) { T.writing = false; } else { readHash(); }
        });
        readHash();
        T.ready = true;
        refresh();
    }
    return {start: start, refresh: refresh, state: T};
})();
</script>"""

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

#: The legend is a map control in the top-right corner, stacked under the layer control (Leaflet
#: stacks a corner's controls, so the two never overlap, and being inside the map it never
#: reaches the feed beside it); its height is capped at the room left above the time slider, and
#: what does not fit scrolls. A popup never sits under the legend: when one opens over it, the
#: legend folds (a click on its title opens it again).
LEGEND_SCRIPT = """<script>
window.addEventListener('load', function () {
    var legend = document.getElementById('tt-legend');
    var map = Object.keys(window).map(function (k) { return window[k]; })
        .filter(function (v) { return typeof L !== 'undefined' && v instanceof L.Map; })[0];
    if (!legend || !map) { return; }
    var Legend = L.Control.extend({ onAdd: function () { return legend; } });
    new Legend({ position: 'topright' }).addTo(map);
    L.DomEvent.disableClickPropagation(legend);
    L.DomEvent.disableScrollPropagation(legend);
    var bottom = map.getContainer().querySelector('.leaflet-bottom.leaflet-left');
    function fit() {
        var floor = bottom && bottom.offsetHeight ? bottom.getBoundingClientRect().top
            : map.getContainer().getBoundingClientRect().bottom;
        legend.style.maxHeight = Math.max(60, floor - legend.getBoundingClientRect().top - 10) + 'px';
    }
    fit();
    map.on('resize', fit);
    window.addEventListener('resize', fit);
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
.tt-legend { position: absolute; z-index: 1000; right: 350px; bottom: 110px; background: rgba(255,255,255,.93);
  padding: 6px 9px; border-radius: 5px; box-shadow: 0 1px 4px rgba(0,0,0,.4); font: 11px/1.4 sans-serif;
  max-height: 60%; overflow-y: auto; box-sizing: border-box; }
.leaflet-right .tt-legend.leaflet-control { position: relative; right: auto; bottom: auto; }
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
.folium-map { width: calc(100% - 340px) !important; }
body.tt-feed-folded .folium-map { width: calc(100% - 30px) !important; }
.tt-feed { position: fixed; z-index: 1001; right: 0; top: 0; bottom: 0; width: 340px; box-sizing: border-box;
  display: flex; flex-direction: column; background: #fafafa; border-left: 1px solid #bbb; font: 12px/1.35 sans-serif; }
body.tt-feed-folded .tt-feed { width: 30px; }
body.tt-feed-folded .tt-feed-body, body.tt-feed-folded .tt-feed-head b,
body.tt-feed-folded .tt-feed-count { display: none; }
body.tt-feed-folded .tt-feed-fold { transform: rotate(180deg); }
.tt-feed-head { padding: 6px 8px; border-bottom: 1px solid #ddd; font-size: 13px; }
.tt-feed-fold { border: 1px solid #aaa; background: #fff; border-radius: 3px; cursor: pointer; margin-right: 6px; }
.tt-feed-count { color: #555; }
.tt-feed-body { display: flex; flex-direction: column; min-height: 0; flex: 1; }
.tt-filters { padding: 4px 8px; border-bottom: 1px solid #ddd; }
.tt-filter { display: block; margin: 2px 0; color: #444; }
.tt-filter select { width: 100%; font-size: 12px; }
.tt-filter[hidden] { display: none; }
.tt-feed-window { padding: 4px 8px; color: #666; font-size: 11px; }
.tt-feed-list { list-style: none; margin: 0; padding: 0 4px; overflow-y: auto; flex: 1; contain: strict; }
.tt-item { margin: 3px 0; padding: 3px 6px; border-left: 4px solid #999; background: #fff; cursor: pointer;
  border-radius: 2px; box-shadow: 0 0 1px rgba(0,0,0,.3); content-visibility: auto; contain-intrinsic-size: auto 48px; }
.tt-item:hover, .tt-item:focus { background: #eef4fb; outline: none; }
.tt-item-date { color: #555; }
.tt-item-place { font-weight: bold; }
.tt-item-src { color: #555; font-size: 11px; }
.tt-feed-more { padding: 4px 8px; color: #8a4b00; font-size: 11px; }
.tt-cluster { background: none; border: none; }
.tt-cluster span { display: block; width: 100%; height: 100%; border-radius: 50%; background: rgba(40,60,90,.85);
  color: #fff; font: bold 12px/1 sans-serif; display: flex; align-items: center; justify-content: center;
  border: 2px solid #fff; box-shadow: 0 0 3px rgba(0,0,0,.6); box-sizing: border-box; }
.tt-legend .tt-key-cluster { display: inline-flex; width: 18px; height: 18px; border-radius: 50%;
  background: rgba(40,60,90,.85); color: #fff; font-size: 9px; align-items: center; justify-content: center;
  margin-right: 5px; vertical-align: middle; }
</style>
"""
