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
