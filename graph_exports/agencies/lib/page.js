var LG_CONFIG = {"typeOrder": ["agency", "law", "program", "document", "jurisdiction"], "idPrefix": {"agency": "agency", "law": "law", "program": "program", "document": "doc", "jurisdiction": "place"}, "citeOrder": ["implements", "studies", "drafts", "reviews", "cites"], "relations": {"cites": "引用", "runs": "开展", "mentions": "提及", "authored": "发布", "in": "属于"}, "citeRelations": {"implements": {"name": "执行/实施", "color": "rgba(214,39,40,0.6)"}, "studies": {"name": "学习/宣传", "color": "rgba(31,119,180,0.6)"}, "drafts": {"name": "起草/制定", "color": "rgba(255,127,14,0.75)"}, "reviews": {"name": "审查/清理", "color": "rgba(148,103,189,0.7)"}, "cites": {"name": "引用", "color": "rgba(150,150,150,0.5)"}}, "edgeColors": {"cites": "rgba(225,87,89,0.45)", "runs": "rgba(89,161,79,0.5)", "mentions": "rgba(78,121,167,0.5)", "authored": "rgba(157,143,134,0.45)", "in": "rgba(176,122,161,0.45)"}, "edgeOther": "rgba(150,150,150,0.4)", "labelChars": 16, "options": [{"autoResize": true, "physics": {"enabled": false}, "layout": {"improvedLayout": false, "randomSeed": 7}, "interaction": {"hover": true, "tooltipDelay": 120, "hideEdgesOnDrag": false, "hideEdgesOnZoom": false, "multiselect": false, "navigationButtons": false}, "groups": {"agency": {"color": {"background": "#4E79A7", "border": "#ffffff", "highlight": {"background": "#4E79A7", "border": "#1f2933"}, "hover": {"background": "#4E79A7", "border": "#1f2933"}}}, "law": {"color": {"background": "#E15759", "border": "#ffffff", "highlight": {"background": "#E15759", "border": "#1f2933"}, "hover": {"background": "#E15759", "border": "#1f2933"}}}, "program": {"color": {"background": "#59A14F", "border": "#ffffff", "highlight": {"background": "#59A14F", "border": "#1f2933"}, "hover": {"background": "#59A14F", "border": "#1f2933"}}}, "document": {"color": {"background": "#9D8F86", "border": "#ffffff", "highlight": {"background": "#9D8F86", "border": "#1f2933"}, "hover": {"background": "#9D8F86", "border": "#1f2933"}}}, "jurisdiction": {"color": {"background": "#B07AA1", "border": "#ffffff", "highlight": {"background": "#B07AA1", "border": "#1f2933"}, "hover": {"background": "#B07AA1", "border": "#1f2933"}}}}, "nodes": {"shape": "dot", "borderWidth": 1, "borderWidthSelected": 3, "font": {"size": 13, "face": "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif", "color": "#1f2933", "strokeWidth": 3, "strokeColor": "#ffffff"}, "scaling": {"label": {"drawThreshold": 1000000000.0}}}, "edges": {"smooth": false, "width": 1, "color": {"highlight": "#1f2933", "hover": "#52606d", "inherit": false}, "arrows": {"to": {"enabled": true, "scaleFactor": 0.45}}, "selectionWidth": 2, "hoverWidth": 1.5}}, {"autoResize": true, "physics": {"enabled": false}, "layout": {"improvedLayout": false, "randomSeed": 7}, "interaction": {"hover": false, "tooltipDelay": 120, "hideEdgesOnDrag": true, "hideEdgesOnZoom": true, "multiselect": false, "navigationButtons": false}, "groups": {"agency": {"color": {"background": "#4E79A7", "border": "#ffffff", "highlight": {"background": "#4E79A7", "border": "#1f2933"}, "hover": {"background": "#4E79A7", "border": "#1f2933"}}}, "law": {"color": {"background": "#E15759", "border": "#ffffff", "highlight": {"background": "#E15759", "border": "#1f2933"}, "hover": {"background": "#E15759", "border": "#1f2933"}}}, "program": {"color": {"background": "#59A14F", "border": "#ffffff", "highlight": {"background": "#59A14F", "border": "#1f2933"}, "hover": {"background": "#59A14F", "border": "#1f2933"}}}, "document": {"color": {"background": "#9D8F86", "border": "#ffffff", "highlight": {"background": "#9D8F86", "border": "#1f2933"}, "hover": {"background": "#9D8F86", "border": "#1f2933"}}}, "jurisdiction": {"color": {"background": "#B07AA1", "border": "#ffffff", "highlight": {"background": "#B07AA1", "border": "#1f2933"}, "hover": {"background": "#B07AA1", "border": "#1f2933"}}}}, "nodes": {"shape": "dot", "borderWidth": 1, "borderWidthSelected": 3, "font": {"size": 13, "face": "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif", "color": "#1f2933", "strokeWidth": 3, "strokeColor": "#ffffff"}, "scaling": {"label": {"drawThreshold": 1000000000.0}}}, "edges": {"smooth": false, "width": 1, "color": {"highlight": "#1f2933", "hover": "#52606d", "inherit": false}, "arrows": {"to": {"enabled": true, "scaleFactor": 0.45}}, "selectionWidth": 2, "hoverWidth": 1.5}}], "evidence": {"types": {"agency": {"name": "机关", "color": "#4E79A7"}, "law": {"name": "法律法规", "color": "#E15759"}, "program": {"name": "工作项目", "color": "#59A14F"}, "document": {"name": "报告", "color": "#9D8F86"}, "jurisdiction": {"name": "行政区", "color": "#B07AA1"}}, "relations": {"cites": "引用", "runs": "开展", "mentions": "提及", "authored": "发布", "in": "属于"}, "citeRelations": {"implements": {"name": "执行/实施", "color": "rgba(214,39,40,0.6)"}, "studies": {"name": "学习/宣传", "color": "rgba(31,119,180,0.6)"}, "drafts": {"name": "起草/制定", "color": "rgba(255,127,14,0.75)"}, "reviews": {"name": "审查/清理", "color": "rgba(148,103,189,0.7)"}, "cites": {"name": "引用", "color": "rgba(150,150,150,0.5)"}}, "maxSources": 5}, "nav": [["../index.html", "机关目录"], ["../index.html#laws", "法规目录"], ["../graph.html", "全图"]], "note": "本页显示与该机关关系最多的 {shown} 个节点，另有 {left} 个（各仅一两份报告）未画出：见 <a href=\"../index.html#laws\">法规目录</a>、lawgraph.sqlite 或 <code>lawgraph laws --agency</code>。", "lawLevels": ["宪法", "法律", "行政法规", "监察法规", "司法解释", "部门规章", "地方性法规", "地方政府规章", "党内法规", "规范性文件", "其他"], "edgeOrder": ["cites", "runs", "mentions", "authored", "in"]};
/* lawgraph: raw DEFLATE (RFC 1951) decoding, synchronous, after Mark Adler's puff.c: an agency
   page's data block is deflated and base64-encoded (exporters/html/compact.py). */
var lgInflate = (function () {
  "use strict";
  var LBASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
  var LEXT = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
  var DBASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
    4097, 6145, 8193, 12289, 16385, 24577];
  var DEXT = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
  var ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
  function huffman(lengths) {  // canonical code: how many codes of each length, symbols in code order
    var count = new Array(16).fill(0), offs = new Array(16).fill(0), symbol = [], i;
    lengths.forEach(function (l) { count[l] += 1; });
    count[0] = 0;
    for (i = 1; i < 15; i += 1) { offs[i + 1] = offs[i] + count[i]; }
    lengths.forEach(function (l, s) { if (l) { symbol[offs[l]] = s; offs[l] += 1; } });
    return { count: count, symbol: symbol };
  }
  return function (src) {
    var pos = 0, buf = 0, cnt = 0, out = [];
    function bits(need) {
      var val = buf;
      while (cnt < need) {
        if (pos >= src.length) { throw new Error("lawgraph: truncated page data"); }
        val |= src[pos] << cnt;
        pos += 1;
        cnt += 8;
      }
      buf = val >> need;
      cnt -= need;
      return val & ((1 << need) - 1);
    }
    function decode(h) {
      var code = 0, first = 0, index = 0;
      for (var len = 1; len < 16; len += 1) {
        code |= bits(1);
        var count = h.count[len];
        if (code - count < first) { return h.symbol[index + (code - first)]; }
        index += count;
        first = (first + count) << 1;
        code <<= 1;
      }
      throw new Error("lawgraph: bad page data");
    }
    function codes(lencode, distcode) {
      for (;;) {
        var sym = decode(lencode);
        if (sym < 256) { out.push(sym); continue; }
        if (sym === 256) { return; }
        sym -= 257;
        var len = LBASE[sym] + bits(LEXT[sym]);
        var d = decode(distcode);
        var from = out.length - (DBASE[d] + bits(DEXT[d]));
        for (var k = 0; k < len; k += 1) { out.push(out[from + k]); }
      }
    }
    var fixed = null, last;
    do {
      last = bits(1);
      var type = bits(2), i;
      if (type === 0) {  // stored
        buf = 0; cnt = 0;
        var n = src[pos] | (src[pos + 1] << 8);
        pos += 4;
        for (i = 0; i < n; i += 1) { out.push(src[pos + i]); }
        pos += n;
      } else if (type === 1) {
        if (!fixed) {
          var l = [];
          for (i = 0; i < 288; i += 1) { l.push(i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8); }
          fixed = [huffman(l), huffman(new Array(30).fill(5))];
        }
        codes(fixed[0], fixed[1]);
      } else if (type === 2) {
        var nlen = bits(5) + 257, ndist = bits(5) + 1, ncode = bits(4) + 4, lengths = new Array(19).fill(0);
        for (i = 0; i < ncode; i += 1) { lengths[ORDER[i]] = bits(3); }
        var lencode = huffman(lengths), all = [];
        while (all.length < nlen + ndist) {
          var sym = decode(lencode), rep = 0, val = 0;
          if (sym < 16) { all.push(sym); continue; }
          if (sym === 16) { val = all[all.length - 1]; rep = 3 + bits(2); }
          else if (sym === 17) { rep = 3 + bits(3); }
          else { rep = 11 + bits(7); }
          for (i = 0; i < rep; i += 1) { all.push(val); }
        }
        codes(huffman(all.slice(0, nlen)), huffman(all.slice(nlen)));
      } else {
        throw new Error("lawgraph: bad page data");
      }
    } while (!last);
    return new Uint8Array(out);
  };
})();
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
/* lawgraph: an agency page's header (subtitle, links, search, filters, legend, note) built from
   its decoded data, the same elements page.page_controls writes into graph.html (a browser test
   compares the two); the page itself carries only its <h1>. Text is set with textContent. */
(function () {
  "use strict";
  var bar = document.getElementById("lg-bar");
  if (!LG || !bar) { return; }
  var cfg = LG_CONFIG, ev = cfg.evidence;
  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (kids || []).forEach(function (k) { e.appendChild(typeof k === "string" ? document.createTextNode(k) : k); });
    return e;
  }
  function count(n) { return el("span", { "class": "lg-count" }, [String(n)]); }
  function option(value, text) { return el("option", { value: value }, [text]); }
  var types = {}, levels = {}, years = {}, places = [], rels = {}, relOrder = [], cites = {};
  LG.nodes.forEach(function (n) {
    types[n.group] = (types[n.group] || 0) + 1;
    if (n.kg_level) { levels[n.kg_level] = true; }
    if (n.kg_years) { n.kg_years.split(";").forEach(function (y) { if (y) { years[y] = true; } }); }
    places.push(n.kg_place || "");
  });
  LG.edges.forEach(function (e) {
    if (e.kg_rel) { cites[e.kg_rel] = (cites[e.kg_rel] || 0) + 1; return; }
    var i = LG.evidence.edges[e.id][1].split("+")[0];
    if (!(i in rels)) { relOrder.push(i); rels[i] = 0; }
    rels[i] += 1;
  });
  var frag = document.createDocumentFragment();
  frag.appendChild(el("span", { "class": "lg-sub" }, [LG.nodes.length + " 个节点 · " + LG.edges.length + " 条关系"]));
  frag.appendChild(el("span", { "class": "lg-nav" }, cfg.nav.map(function (l) { return el("a", { href: l[0] }, [l[1]]); })));
  frag.appendChild(document.createTextNode("\n"));
  var rank = function (list, x) { var i = list.indexOf(x); return i < 0 ? 99 : i; };
  var levelList = Object.keys(levels).sort(function (a, b) {
    return (rank(cfg.lawLevels, a) - rank(cfg.lawLevels, b)) || (a < b ? -1 : a > b ? 1 : 0);
  });
  var keys = {};
  places.forEach(function (v) { v.split(";").forEach(function (k) { if (k) { keys[k] = true; } }); });
  var all = Object.keys(keys).sort(), placeOpts = [];
  all.filter(function (k) { return !all.some(function (p) { return k !== p && k.indexOf(p) === 0; }); })
    .forEach(function (p) {
      placeOpts.push(option(p, p));
      all.forEach(function (c) { if (c !== p && c.indexOf(p) === 0) { placeOpts.push(option(c, "　" + c.slice(p.length))); } });
    });
  var controls = [
    el("span", { "class": "lg-find" }, [
      el("input", { type: "search", id: "lg-search", placeholder: "搜索机关、法规或简称", autocomplete: "off",
        role: "combobox", "aria-controls": "lg-suggest", "aria-expanded": "false" }),
      el("ul", { id: "lg-suggest", role: "listbox", hidden: "" })]),
    el("button", { type: "button", id: "lg-go" }, ["定位"]),
    el("select", { id: "lg-level", title: "法规层级" }, [option("", "全部层级")].concat(levelList.map(function (l) { return option(l, l); }))),
    el("select", { id: "lg-year", title: "年份" }, [option("", "全部年份")].concat(Object.keys(years).sort().map(function (y) { return option(y, y + "年"); })))
  ];
  if (placeOpts.length) { controls.push(el("select", { id: "lg-place", title: "省份/城市" }, [option("", "全部地区")].concat(placeOpts))); }
  controls.push(el("button", { type: "button", id: "lg-reset", "class": "lg-plain" }, ["重置"]), el("span", { id: "lg-msg" }));
  frag.appendChild(el("div", { "class": "lg-controls" }, controls));
  frag.appendChild(document.createTextNode("\n"));
  var legend = [];
  cfg.typeOrder.forEach(function (t) {
    if (!types[t]) { return; }
    var info = ev.types[t];
    legend.push(el("label", {}, [
      el("input", { type: "checkbox", checked: "", "data-type": t, "data-name": info.name, "data-color": info.color }),
      el("span", { "class": "lg-dot", style: "background:" + info.color }), info.name + " ", count(types[t])]));
  });
  if (relOrder.length) { legend.push(el("span", { "class": "lg-sep" })); }
  relOrder.sort(function (a, b) { return rank(cfg.edgeOrder, a) - rank(cfg.edgeOrder, b); }).forEach(function (r) {
    legend.push(el("span", { title: r }, [el("span", { "class": "lg-line", style: "background:" + (cfg.edgeColors[r] || "#999") }),
      " " + (cfg.relations[r] || r) + " ", count(rels[r])]));
  });
  if (Object.keys(cites).length) {
    legend.push(el("span", { "class": "lg-sep" }), el("span", { "class": "lg-head" }, ["引用方式"]));
    cfg.citeOrder.forEach(function (r) {
      if (!cites[r]) { return; }
      legend.push(el("label", { title: r }, [el("input", { type: "checkbox", checked: "", "data-rel": r }),
        el("span", { "class": "lg-line", style: "background:" + cfg.citeRelations[r].color }),
        cfg.citeRelations[r].name + " ", count(cites[r])]));
    });
  }
  frag.appendChild(el("div", { id: "lg-legend" }, legend));
  frag.appendChild(document.createTextNode("\n"));
  if (LG.note) {  // fixed text and two numbers (the note's template is written by lawgraph)
    var note = el("p", { id: "lg-note" });
    note.innerHTML = cfg.note.replace("{shown}", String(Number(LG.note[0]))).replace("{left}", String(Number(LG.note[1])));
    frag.appendChild(note);
    frag.appendChild(document.createTextNode("\n"));
  }
  bar.appendChild(frag);
})();
// initialize global variables.
              var edges;
              var nodes;
              var allNodes;
              var allEdges;
              var nodeColors;
              var originalNodes;
              var network;
              var container;
              var options, data;
              var filter = {
                  item : '',
                  property : '',
                  value : []
              };
// This method is responsible for drawing the graph, returns the drawn network
              function drawGraph() {
                  var container = document.getElementById('mynetwork');
// parsing and collecting nodes and edges from the python
                  nodes = new vis.DataSet(LG.nodes);
                  edges = new vis.DataSet(LG.edges);
nodeColors = {};
                  allNodes = nodes.get({ returnType: "Object" });
                  for (nodeId in allNodes) {
                    nodeColors[nodeId] = allNodes[nodeId].color;
                  }
                  allEdges = edges.get({ returnType: "Object" });
                  // adding nodes and edges to the graph
                  data = {nodes: nodes, edges: edges};
var options = LG.options;
network = new vis.Network(container, data, options);
return network;
}
              drawGraph();
