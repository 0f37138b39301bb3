/* lawgraph: decodes an agency page's compact data block (lg-data, deflated and base64-encoded: see
   exporters/html/compact.py and inflate.js)
   into the vis nodes and edges and the evidence object graph.js reads (window.LG), with the names,
   colours and options every page shares (LG_CONFIG, written before this script in lib/page.js).
   Its results equal compact.decode in Python (a browser test compares them). */
var LG = (function () {
  "use strict";
  var cfg = LG_CONFIG, el = document.getElementById("lg-data");
  if (!el) { return null; }
  var bin = atob(el.textContent.trim()), bytes = new Uint8Array(bin.length);
  for (var b = 0; b < bin.length; b += 1) { bytes[b] = bin.charCodeAt(b); }
  var d = JSON.parse(new TextDecoder("utf-8").decode(lgInflate(bytes))), y0 = d.y0, files = d.files;
  function years(v) {
    if (typeof v === "string") { return v; }
    var out = [], k = 0;
    while (v > 0) {
      if (v % 2 === 1) { out.push(String(y0 + k)); }
      v = Math.floor(v / 2);
      k += 1;
    }
    return out.join(";");
  }
  function shortLabel(s) {
    var chars = Array.from(s);
    return chars.length <= cfg.labelChars ? s : chars.slice(0, cfg.labelChars - 1).join("") + "…";
  }
  function fileNames(list) { return list.map(function (k) { return files[k]; }); }
  var NODE_FILL = [0, 0, "", "", [], ""], EDGE_FILL = [1, -1, 0, [], ""];  // documents … excerpt; weight … excerpt
  var ids = [], visNodes = [], nodeEv = {};
  d.n.forEach(function (row) {
    var n = row.concat(NODE_FILL.slice(row.length - 8)), group = cfg.typeOrder[n[1]];
    var id = Array.isArray(n[0]) ? n[0][0] : cfg.idPrefix[group] + "_" + n[0];
    var v = { x: n[2], y: n[3], group: group, size: n[4], title: n[7] };
    if (n[10]) { v.kg_level = n[10]; }
    var ys = years(n[5]);
    if (ys) { v.kg_years = ys; }
    if (n[6] >= 0) { v.kg_place = d.places[n[6]]; }
    v.id = id;
    v.label = shortLabel(n[7]);
    ids.push(id);
    visNodes.push(v);
    nodeEv[id] = [n[8], fileNames(n[12]), n[11], n[13]].concat(n[9] ? [1] : []);
  });
  var visEdges = [], edgeEv = [], cites = cfg.citeOrder;
  d.e.forEach(function (row, i) {
    var e = row.concat(EDGE_FILL.slice(row.length - 4));
    var rel = e[3], main = e[5] >= 0 ? cites[e[5]] : "", parts = rel.split("+");
    var title = parts.map(function (r) { return cfg.relations[r] || r; }).join("、"), color;
    if (main) {
      title += "：" + cfg.citeRelations[main].name;
      color = cfg.citeRelations[main].color;
    } else {
      color = cfg.edgeColors[parts[0]] || cfg.edgeOther;
    }
    var v = { id: i, title: title, color: { color: color } };
    if (e[4] > 1) { v.width = Math.min(1.0 + 0.8 * (e[4] - 1), 6.0); }
    var ys = years(e[2]);
    if (ys) { v.kg_years = ys; }
    var counts = {}, rels = [];
    (e[6] || []).forEach(function (c, k) { if (c) { counts[cites[k]] = c; rels.push(cites[k]); } });
    if (main) { v.kg_rel = main; v.kg_rels = rels.join(";") || main; }
    v.from = ids[e[0]];
    v.to = ids[e[1]];
    visEdges.push(v);
    edgeEv.push([e[4], rel, fileNames(e[7]), e[8]].concat(rels.length ? [counts] : []));
  });
  var mentions = null;
  if (d.m) {
    mentions = {};
    d.m.forEach(function (m) {
      mentions[ids[m[0]]] = [m[1], m[2].map(function (r) {
        return [cites[r[0]], r[1], r[2], r[3], files[r[4]], r[5], r[6]];
      })];
    });
  }
  var options = JSON.parse(JSON.stringify(cfg.options[d.big ? 1 : 0]));
  options.nodes.font.size = d.font;
  return {
    nodes: visNodes,
    edges: visEdges,
    options: options,
    note: d.note,
    evidence: {
      config: cfg.evidence, nodes: nodeEv, edges: edgeEv, pages: d.pages, focus: ids[d.focus], mentions: mentions
    }
  };
})();
