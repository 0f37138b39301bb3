/* lawgraph: legend toggles, search, filters, tooltips and a details panel on top of pyvis' globals
   `network`, `nodes`, `edges`. Node data: id, label (short), title (full name), group (type),
   kg_level, kg_years; edge data: id, from, to, title (relation), kg_years, and for a typed citation
   kg_rel (main relation) and kg_rels (its relations, ";"-joined). The evidence (aliases, sources,
   excerpts; on an agency page its own law mentions) is a JSON block after this script, parsed on
   first use, or on an agency page `LG.evidence`, decoded by lib/page.js from the page's data block.
   Text from documents is only ever set with textContent/value/innerText. */
(function () {
  "use strict";
  if (typeof network === "undefined" || !network || typeof nodes === "undefined") { return; }

  var state = { types: {}, rels: {}, level: "", year: "", place: "" };
  var byId = function (id) { return document.getElementById(id); };

  var evidenceCache = null;
  function evidence() {
    if (evidenceCache) { return evidenceCache; }
    if (typeof LG !== "undefined" && LG) { evidenceCache = LG.evidence; return evidenceCache; }  // lib/page.js
    var el = byId("lg-evidence");
    if (!el) { return { config: { types: {}, relations: {}, maxSources: 5 }, nodes: {}, edges: [] }; }
    evidenceCache = JSON.parse(el.textContent);
    return evidenceCache;
  }
  function nodeEv(id) { return evidence().nodes[id] || [0, [], "", ""]; }
  function edgeEv(id) { return evidence().edges[id] || [1, "", [], ""]; }
  // an agency page stores each sentence once: a law's excerpt is the agency's first mention of it,
  // another neighbour's the excerpt of its edge with the agency
  function firstMention(lawId) {
    var m = evidence().mentions, entry = m ? m[lawId] : null, r = entry && entry[1][0];
    return r ? String(r[1]) + String(r[2]) + String(r[3]) : "";
  }
  function nodeExcerpt(id) {
    var ev = nodeEv(id), focus = evidence().focus;
    if (ev[3] || focus === undefined || id === focus) { return ev[3]; }
    var own = firstMention(id);
    if (own) { return own; }
    var found = edges.get({ filter: function (e) {
      return (e.from === focus && e.to === id) || (e.to === focus && e.from === id);
    } });
    return found.length ? edgeEv(found[0].id)[3] : "";
  }
  function edgeExcerpt(id) {
    var ev = edgeEv(id), e = edges.get(id);
    if (ev[3] || !e || e.from !== evidence().focus) { return ev[3]; }
    return firstMention(e.to);
  }
  function relFiltered() {
    for (var r in state.rels) { if (state.rels[r] === false) { return true; } }
    return false;
  }
  function relsShown(e) {
    if (!e.kg_rels) { return true; }
    return String(e.kg_rels).split(";").some(function (r) { return state.rels[r] !== false; });
  }

  function norm(s) {
    return String(s || "").normalize("NFKC").replace(/[\s《》〈〉<>“”‘’"'「」『』·•]/g, "").toLowerCase();
  }
  function hasYear(list, year) {
    return (";" + (list || "") + ";").indexOf(";" + year + ";") >= 0;
  }
  function nodeVisible(n) {
    if (state.types[n.group] === false) { return false; }
    if (state.level && n.group === "law" && n.kg_level !== state.level) { return false; }
    if (state.year && !hasYear(n.kg_years, state.year)) { return false; }
    if (state.place && n.kg_place !== undefined && !hasYear(n.kg_place, state.place)) { return false; }
    return true;
  }
  function edgeVisible(e) {
    return (!state.year || hasYear(e.kg_years, state.year)) && relsShown(e);
  }

  function setStatus() {
    var shown = 0, total = 0;
    nodes.forEach(function (n) { total += 1; if (!n.hidden) { shown += 1; } });
    byId("lg-status").textContent = "显示 " + shown + " / " + total + " 个节点";
  }

  function apply() {
    var nu = [], eu = [];
    // the relation filter also hides the laws it leaves without a citation of a chosen kind
    var typed = {}, kept = {};
    if (relFiltered()) {
      edges.forEach(function (e) {
        if (!e.kg_rels) { return; }
        typed[e.to] = true;
        if (relsShown(e)) { kept[e.to] = true; }
      });
    }
    var hidden = {};
    nodes.forEach(function (n) { hidden[n.id] = !nodeVisible(n) || (typed[n.id] === true && !kept[n.id]); });
    if (state.level) { prune(hidden); }
    if (state.place) { prunePlace(hidden); }
    nodes.forEach(function (n) {
      if (Boolean(n.hidden) !== hidden[n.id]) { nu.push({ id: n.id, hidden: hidden[n.id] }); }
    });
    edges.forEach(function (e) {
      var hide = !edgeVisible(e);
      if (Boolean(e.hidden) !== hide) { eu.push({ id: e.id, hidden: hide }); }
    });
    if (nu.length) { nodes.update(nu); }
    if (eu.length) { edges.update(eu); }
    apply.version += 1; // the labels are planned again for the nodes now shown
    setStatus();
  }
  apply.version = 0;

  // a level filter keeps the laws of that level, the nodes that cite them (agencies, reports,
  // laws) and what those run, wrote or belong to (programs, reports, places); it hides every other
  // node: an agency citing only laws of other levels and its programs go too. An agency page keeps
  // its agency.
  function prune(hidden) {
    var keep = {}, citer = {}, focus = evidence().focus;
    var shown = function (e) { return !hidden[e.from] && !hidden[e.to] && edgeVisible(e); };
    nodes.forEach(function (n) { if (n.group === "law" && !hidden[n.id]) { keep[n.id] = true; } });
    edges.forEach(function (e) {
      if (shown(e) && keep[e.to] && nodes.get(e.to).group === "law") { citer[e.from] = true; }
    });
    if (focus !== undefined) { citer[focus] = true; }
    edges.forEach(function (e) {
      if (!shown(e)) { return; }
      var other = citer[e.from] ? e.to : citer[e.to] ? e.from : null;
      if (other !== null && nodes.get(other).group !== "agency") { keep[other] = true; }
    });
    nodes.forEach(function (n) { if (!keep[n.id] && !citer[n.id]) { hidden[n.id] = true; } });
  }

  // a place filter keeps the agencies, reports and places of that province or city (nodes with a
  // kg_place) and the laws and programs linked to them; it hides the laws and programs no kept node
  // links to
  function prunePlace(hidden) {
    var keep = {};
    edges.forEach(function (e) {
      if (hidden[e.from] || hidden[e.to] || !edgeVisible(e)) { return; }
      var a = nodes.get(e.from), b = nodes.get(e.to);
      if (a.kg_place !== undefined && b.kg_place === undefined) { keep[b.id] = true; }
      if (b.kg_place !== undefined && a.kg_place === undefined) { keep[a.id] = true; }
    });
    nodes.forEach(function (n) { if (n.kg_place === undefined && !keep[n.id]) { hidden[n.id] = true; } });
  }

  // the view shows what is shown: stop any running focus animation, then fit the visible nodes
  function refit() {
    var ids = [];
    nodes.forEach(function (n) { if (!n.hidden) { ids.push(n.id); } });
    var view = network.view;
    if (view && view.easingTime !== undefined && view.updateFrame) {
      network.body.emitter.off("initRedraw", view.updateFrame); // a focus() still animating
      view.easingTime = 0;
    }
    if (view && typeof view.releaseNode === "function") { view.releaseNode(); }
    fitNodes(ids);
  }
  // vis' fit() without its label boxes (vis draws no label here, and they are unknown before the
  // first drawing): the nodes' discs, 10% margin, at most scale 1; one draw, already framed
  function fitNodes(ids) {
    var body = network.body.nodes, x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    ids.forEach(function (id) {
      var b = body[id];
      if (!b) { return; }
      var r = b.options.size || 0;
      if (b.x - r < x0) { x0 = b.x - r; }
      if (b.x + r > x1) { x1 = b.x + r; }
      if (b.y - r < y0) { y0 = b.y - r; }
      if (b.y + r > y1) { y1 = b.y + r; }
    });
    if (!(x1 >= x0)) { return; }
    var frame = network.canvas.frame.canvas;
    var scale = Math.min(1, frame.clientWidth / ((x1 - x0) * 1.1 || 1), frame.clientHeight / ((y1 - y0) * 1.1 || 1));
    network.moveTo({ position: { x: (x0 + x1) / 2, y: (y0 + y1) / 2 }, scale: scale, animation: false });
  }
  function applyFit() { apply(); refit(); }

  // legend = node type toggles
  var typeInfo = {};
  Array.prototype.forEach.call(document.querySelectorAll("#lg-legend input[data-type]"), function (cb) {
    var t = cb.getAttribute("data-type");
    typeInfo[t] = { name: cb.getAttribute("data-name"), color: cb.getAttribute("data-color") };
    state.types[t] = cb.checked;
    cb.addEventListener("change", function () {
      state.types[t] = cb.checked;
      applyFit();
    });
  });
  // relation checkboxes = which typed citations are shown
  Array.prototype.forEach.call(document.querySelectorAll("#lg-legend input[data-rel]"), function (cb) {
    var r = cb.getAttribute("data-rel");
    state.rels[r] = cb.checked;
    cb.addEventListener("change", function () {
      state.rels[r] = cb.checked;
      applyFit();
    });
  });
  byId("lg-level").addEventListener("change", function (ev) { state.level = ev.target.value; applyFit(); });
  byId("lg-year").addEventListener("change", function (ev) { state.year = ev.target.value; applyFit(); });
  if (byId("lg-place")) {
    byId("lg-place").addEventListener("change", function (ev) { state.place = ev.target.value; applyFit(); });
  }
  function clearSelects() {
    state.level = ""; state.year = ""; state.place = "";
    byId("lg-level").value = ""; byId("lg-year").value = "";
    if (byId("lg-place")) { byId("lg-place").value = ""; }
  }

  function typeName(t) {
    return (typeInfo[t] && typeInfo[t].name) || (evidence().config.types[t] || {}).name || t;
  }
  function typeColor(t) {
    return (typeInfo[t] && typeInfo[t].color) || (evidence().config.types[t] || {}).color || "#888888";
  }
  function baseName(s) { return String(s).replace(/\\/g, "/").split("/").pop(); }
  function sourcesLine(list, total) {
    var max = evidence().config.maxSources || 5;
    var names = list.slice(0, max).map(baseName);
    return names.join("、") + (total > max ? " 等 " + total + " 份" : "");
  }
  function relationName(rel) {
    var names = evidence().config.relations || {};
    return String(rel || "").split("+").map(function (r) { return names[r] || r; }).join("、");
  }
  function citeInfo(rel) { return (evidence().config.citeRelations || {})[rel] || { name: rel, color: "#dddddd" }; }
  function countsText(counts) {
    var order = Object.keys(evidence().config.citeRelations || {});
    return order.filter(function (r) { return counts && counts[r]; })
      .map(function (r) { return citeInfo(r).name + " " + counts[r]; }).join("、");
  }

  // tooltips: plain text, built from the evidence when vis shows its popup
  function nodeText(id) {
    var n = nodes.get(id);
    if (!n) { return ""; }
    var ev = nodeEv(id);
    var lines = [n.title, "类型：" + typeName(n.group)];
    if (n.kg_level) { lines.push("层级：" + n.kg_level); }
    lines.push("报告数：" + ev[0] + (n.kg_years ? "　年份：" + n.kg_years : ""));
    if (ev[1].length) { lines.push("来源：" + sourcesLine(ev[1], ev[0])); }
    var text = nodeExcerpt(id);
    if (text) { lines.push("摘录：" + text); }
    return lines.join("\n");
  }
  function edgeText(id) {
    var e = edges.get(id);
    if (!e) { return ""; }
    var ev = edgeEv(id);
    var a = nodes.get(e.from), b = nodes.get(e.to);
    var lines = [(a ? a.title : e.from) + " → " + (b ? b.title : e.to),
      relationName(ev[1]) + "（" + ev[1] + "）：" + ev[0] + " 份报告" + (e.kg_years ? "　年份：" + e.kg_years : "")];
    if (ev[4]) { lines.push("引用方式：" + countsText(ev[4])); }
    if (ev[2].length) { lines.push("来源：" + sourcesLine(ev[2], ev[0])); }
    var text = edgeExcerpt(id);
    if (text) { lines.push("摘录：" + text); }
    return lines.join("\n");
  }
  network.on("showPopup", function (id) {
    var ih = network.interactionHandler, popup = ih && ih.popup;
    if (!popup || typeof popup.setText !== "function") { return; }
    var text = popup.popupTargetType === "edge" ? edgeText(id) : nodeText(id);
    if (text) {
      popup.setText(String(text)); // a string: vis sets it with innerText
      popup.show();
    }
  });

  // search index: full name and every alias of every node, built on first use
  var index = null;
  function searchIndex() {
    if (index) { return index; }
    index = [];
    nodes.forEach(function (n) {
      var all = [n.title].concat(String(nodeEv(n.id)[2] || "").split("|"));
      var seen = {};
      all.forEach(function (a) {
        var k = norm(a);
        if (k && !seen[k]) { seen[k] = true; index.push({ key: k, id: n.id, len: k.length, agency: n.group === "agency" }); }
      });
    });
    return index;
  }
  // the CLI's expansion of agency short forms (lexicon.names.agency_variants): 泰州市科技局 →
  // 泰州市科学技术局; the expansion is tried first, then the name as typed
  var abbrev = null;
  function variants(q) {
    if (!abbrev) {
      var el = byId("lg-abbrev");
      abbrev = el ? JSON.parse(el.textContent).map(function (p) { return [norm(p[0]), norm(p[1])]; }) : [];
    }
    var out = [];
    for (var i = 0; i < abbrev.length; i += 1) {
      var sh = abbrev[i][0], full = abbrev[i][1];
      if (q.length >= sh.length && q.slice(q.length - sh.length) === sh && q.slice(q.length - full.length) !== full) {
        out.push(q.slice(0, q.length - sh.length) + full);
        break;
      }
    }
    out.push(q);
    return out;
  }

  // the nodes matching a query, best first: exact name/alias, then starts with, then contains
  // (an expansion before the text as typed, an agency before others, a shorter key first)
  function matches(query, limit) {
    var q = norm(query);
    if (!q) { return []; }
    var keys = variants(q), best = {};
    searchIndex().forEach(function (e) {
      for (var i = 0; i < keys.length; i += 1) {
        var at = e.key.indexOf(keys[i]);
        if (at < 0) { continue; }
        var r = (e.key === keys[i] ? 0 : at === 0 ? 1 : 2) * 2 + (i < keys.length - 1 ? 0 : 1);
        var score = [r, e.agency ? 0 : 1, e.len];
        var old = best[e.id];
        if (!old || cmp(score, old) < 0) { best[e.id] = score; }
        break;
      }
    });
    var ids = Object.keys(best);
    ids.sort(function (a, b) { return cmp(best[a], best[b]) || (a < b ? -1 : a > b ? 1 : 0); });
    return ids.slice(0, limit);
  }
  function cmp(a, b) {
    for (var i = 0; i < a.length; i += 1) { if (a[i] !== b[i]) { return a[i] - b[i]; } }
    return 0;
  }
  function find(query) { return matches(query, 1)[0] || null; }

  // the list of matches under the search box, refreshed as the user types
  function suggest() {
    var ul = byId("lg-suggest"), box = byId("lg-search");
    ul.textContent = "";
    var ids = matches(box.value, 12);
    ids.forEach(function (id) {
      var n = nodes.get(id);
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.setAttribute("data-id", id);
      var dot = document.createElement("span");
      dot.className = "lg-dot";
      dot.style.background = typeColor(n.group);
      li.appendChild(dot);
      li.appendChild(document.createTextNode(String(n.title)));
      li.addEventListener("mousedown", function (ev) {
        ev.preventDefault();
        box.value = String(n.title);
        hideSuggest();
        byId("lg-msg").textContent = "";
        focusNode(id);
      });
      ul.appendChild(li);
    });
    ul.hidden = ids.length === 0;
    box.setAttribute("aria-expanded", ids.length ? "true" : "false");
  }
  function hideSuggest() {
    byId("lg-suggest").hidden = true;
    byId("lg-search").setAttribute("aria-expanded", "false");
  }

  function row(dl, key, value) {
    if (value === undefined || value === null || value === "") { return; }
    var dt = document.createElement("dt"), dd = document.createElement("dd");
    dt.textContent = key;
    dd.textContent = String(value);
    dl.appendChild(dt);
    dl.appendChild(dd);
  }

  // empty the details panel and give it its close button
  function clearPanel(box) {
    box.textContent = "";
    var close = document.createElement("button");
    close.className = "lg-close";
    close.textContent = "×";
    close.title = "关闭";
    close.addEventListener("click", function () { box.style.display = "none"; network.unselectAll(); });
    box.appendChild(close);
  }

  function showInfo(id) {
    var n = nodes.get(id);
    var box = byId("lg-info");
    if (!n) { box.style.display = "none"; return; }
    var ev = nodeEv(id);
    clearPanel(box);
    var h = document.createElement("h2");
    h.textContent = n.title;
    box.appendChild(h);
    var dl = document.createElement("dl");
    row(dl, "类型", typeName(n.group));
    row(dl, "层级", n.kg_level);
    row(dl, "报告数", ev[0]);
    row(dl, "年份", String(n.kg_years || "").split(";").join("、"));
    row(dl, "别名", String(ev[2] || "").split("|").filter(function (a) { return a && a !== n.title; }).join("、"));
    row(dl, "来源", ev[1].length ? ev[1].join("\n") + (ev[0] > ev[1].length ? "\n… 共 " + ev[0] + " 份" : "") : "");
    box.appendChild(dl);
    pageLink(box, n, ev);
    var excerpt = nodeExcerpt(id);
    if (excerpt) {
      var q = document.createElement("blockquote");
      q.textContent = excerpt;
      box.appendChild(q);
    }
    if (n.group === "law") { evidenceList(box, id); }
    var nbrs = network.getConnectedNodes(id).map(function (x) { return nodes.get(x); }).filter(Boolean);
    nbrs.sort(function (a, b) { return a.group === b.group ? (a.title < b.title ? -1 : 1) : (a.group < b.group ? -1 : 1); });
    if (nbrs.length) {
      var h3 = document.createElement("h3");
      h3.textContent = "相连节点（" + nbrs.length + "）";
      box.appendChild(h3);
      var ul = document.createElement("ul");
      nbrs.slice(0, 200).forEach(function (m) {
        var li = document.createElement("li");
        var dot = document.createElement("span");
        dot.className = "lg-dot";
        dot.style.background = typeColor(m.group);
        var b = document.createElement("button");
        b.type = "button";
        b.textContent = m.title;
        b.addEventListener("click", function () { focusNode(m.id); });
        li.appendChild(dot);
        li.appendChild(b);
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    box.style.display = "block";
  }

  // a link to the node's own page (laws/…, agencies/…) when the site has one
  function pageLink(box, n, ev) {
    var folders = evidence().pages;
    if (!ev[4] || !folders || folders[n.group] === undefined) { return; }
    var a = document.createElement("a");
    a.className = "lg-page";
    a.href = folders[n.group] + encodeURIComponent(n.id) + ".html";
    a.textContent = n.group === "law" ? "法规页面：谁引用、何时、如何 →" : "机关页面：" + n.title + " →";
    box.appendChild(a);
  }

  // an agency page's own evidence: this agency's mentions of one law, the name marked
  function evidenceList(box, lawId) {
    var ev = evidence();
    if (ev.focus === undefined) { return; }
    var h3 = document.createElement("h3");
    h3.textContent = "本机关报告中的引用原文";
    box.appendChild(h3);
    var entry = ev.mentions ? ev.mentions[lawId] : null;
    if (!entry) {
      var p = document.createElement("p");
      p.className = "lg-none";
      p.textContent = ev.mentions ? "没有记录该法规的引用原文。" : "此图谱没有记录引用原文（用新版 lawgraph 重新构建即可看到）。";
      box.appendChild(p);
      return;
    }
    var ol = document.createElement("ol");
    ol.className = "lg-ev";
    entry[1].forEach(function (row) {
      var li = document.createElement("li");
      var chip = document.createElement("span");
      var info = citeInfo(row[0]);
      chip.className = "lg-rel";
      chip.style.background = info.color;
      chip.textContent = info.name;
      li.appendChild(chip);
      var snip = document.createElement("span");
      snip.appendChild(document.createTextNode(String(row[1])));
      if (row[2]) {
        var mark = document.createElement("mark");
        mark.textContent = String(row[2]);
        snip.appendChild(mark);
      }
      snip.appendChild(document.createTextNode(String(row[3])));
      li.appendChild(snip);
      var src = document.createElement("span");
      src.className = "lg-src";
      var where = [row[4]];
      if (row[5] !== null) { where.push(row[5] + "年"); }
      if (row[6] !== null) { where.push("第 " + row[6] + " 行"); }
      src.textContent = where.join(" · ");
      li.appendChild(src);
      ol.appendChild(li);
    });
    box.appendChild(ol);
    if (entry[0] > entry[1].length) {
      var more = document.createElement("p");
      more.className = "lg-none";
      more.textContent = "另有 " + (entry[0] - entry[1].length) + " 条未列出（见法规页面）。";
      box.appendChild(more);
    }
  }

  function showEdge(id) {
    var e = edges.get(id);
    var box = byId("lg-info");
    if (!e) { box.style.display = "none"; return; }
    var ev = edgeEv(id);
    var a = nodes.get(e.from), b = nodes.get(e.to);
    clearPanel(box);
    var h = document.createElement("h2");
    h.textContent = (a ? a.title : e.from) + " → " + (b ? b.title : e.to);
    box.appendChild(h);
    var dl = document.createElement("dl");
    row(dl, "关系", relationName(ev[1]));
    row(dl, "引用方式", ev[4] ? countsText(ev[4]) : "");
    row(dl, "报告数", ev[0]);
    row(dl, "年份", String(e.kg_years || "").split(";").join("、"));
    row(dl, "来源", ev[2].join("\n"));
    box.appendChild(dl);
    if (a && a.id !== evidence().focus) { pageLink(box, a, nodeEv(a.id)); }
    if (b) { pageLink(box, b, nodeEv(b.id)); }
    if (b && b.group === "law" && e.from === evidence().focus) { evidenceList(box, b.id); }
    else if (edgeExcerpt(id)) {
      var q = document.createElement("blockquote");
      q.textContent = edgeExcerpt(id);
      box.appendChild(q);
    }
    box.style.display = "block";
  }

  function focusNode(id) {
    var n = nodes.get(id);
    if (!n) { return; }
    if (n.hidden) {
      // the search wins over the filters: show the node found
      state.types[n.group] = true;
      var cb = document.querySelector('#lg-legend input[data-type="' + n.group + '"]');
      if (cb) { cb.checked = true; }
      clearSelects();
      apply();
      if (nodes.get(id).hidden) {  // hidden by the relation filter: show every relation
        Array.prototype.forEach.call(document.querySelectorAll("#lg-legend input[data-rel]"), function (c) {
          c.checked = true; state.rels[c.getAttribute("data-rel")] = true;
        });
        apply();
      }
    }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: { duration: 350, easingFunction: "easeInOutQuad" } });
    showInfo(id);
  }

  function search() {
    var q = byId("lg-search").value;
    var id = find(q), msg = byId("lg-msg");
    msg.textContent = id || !q ? "" : "未找到";
    if (!id && q && evidence().more) {  // an overview: the index lists what the page leaves out
      msg.textContent = "概览中没有：";
      var a = document.createElement("a");
      a.href = evidence().more + "?q=" + encodeURIComponent(q);
      a.textContent = "到目录中查找 →";
      msg.appendChild(a);
    }
    hideSuggest();
    if (id) { focusNode(id); }
  }
  byId("lg-go").addEventListener("click", search);
  byId("lg-search").addEventListener("input", suggest);
  byId("lg-search").addEventListener("blur", hideSuggest);
  byId("lg-search").addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { search(); } else if (ev.key === "Escape") { hideSuggest(); }
  });
  byId("lg-reset").addEventListener("click", function () {
    Array.prototype.forEach.call(document.querySelectorAll("#lg-legend input[data-type]"), function (cb) {
      cb.checked = true; state.types[cb.getAttribute("data-type")] = true;
    });
    Array.prototype.forEach.call(document.querySelectorAll("#lg-legend input[data-rel]"), function (cb) {
      cb.checked = true; state.rels[cb.getAttribute("data-rel")] = true;
    });
    clearSelects();
    byId("lg-search").value = ""; byId("lg-msg").textContent = "";
    byId("lg-info").style.display = "none";
    hideSuggest();
    apply();
    network.unselectAll();
    refit();
  });

  network.on("click", function (params) {
    if (params.nodes && params.nodes.length) { showInfo(params.nodes[0]); }
    else if (params.edges && params.edges.length) { showEdge(params.edges[0]); }
    else { byId("lg-info").style.display = "none"; }
  });
  // what a click on a node or an edge shows (used by the tests, and by anything driving the page)
  window.lawgraphShow = { node: function (id) { network.selectNodes([id]); showInfo(id); },
    edge: function (id) { network.selectEdges([id]); showEdge(id); } };
  // labels: drawn by this script after vis' drawing, at LABEL_PX on the screen whatever the zoom,
  // for the nodes that fit without overlapping, the best connected first (the selected node before
  // all); zooming in makes room for more. vis' own labels are switched off.
  var LABEL_PX = 12, MAX_LABELS = 600, SPARE = 12;
  var labelPlan = null, textWidth = {}, degree = null;
  var fontFace = "sans-serif";
  (function () {
    var ids = Object.keys(network.body.nodes);
    if (ids.length) { fontFace = network.body.nodes[ids[0]].options.font.face || fontFace; }
  })();
  function degrees() {
    if (degree) { return degree; }
    degree = {};
    edges.forEach(function (e) {
      degree[e.from] = (degree[e.from] || 0) + 1;
      degree[e.to] = (degree[e.to] || 0) + 1;
    });
    return degree;
  }
  // the shown nodes with a label, the selected first, reports (file names) last, then by degree
  // (kept while only the zoom changes)
  var candCache = null;
  function candidates(sel) {
    var key = sel.join(",") + "|" + apply.version;
    if (candCache && candCache.key === key) { return candCache.list; }
    var deg = degrees(), cand = [];
    nodes.forEach(function (n) { if (!n.hidden && n.label) { cand.push(n); } });
    cand.sort(function (a, b) {
      var sa = sel.indexOf(a.id) >= 0 ? 1 : 0, sb = sel.indexOf(b.id) >= 0 ? 1 : 0;
      var da = a.group === "document" ? 1 : 0, db = b.group === "document" ? 1 : 0; // file names last
      return (sb - sa) || (da - db) || ((deg[b.id] || 0) - (deg[a.id] || 0)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    });
    candCache = { key: key, list: cand };
    return cand;
  }
  function planLabels(ctx) {
    var scale = network.getScale();
    var sel = network.getSelectedNodes();
    var key = scale + "|" + sel.join(",") + "|" + apply.version;
    if (labelPlan && labelPlan.key === key) { return labelPlan; }
    var fs = LABEL_PX / scale, cell = fs * 6, grid = {}, discs = {}, out = [];
    var body = network.body.nodes, cand = candidates(sel);
    var gx, gy, k, list, j;
    // the shown nodes' discs, so that a label avoids the other nodes where it can
    nodes.forEach(function (n) {
      var b = body[n.id];
      if (n.hidden || !b) { return; }
      var r = (b.options.size || 10);
      var d = [b.x - r, b.y - r, b.x + r, b.y + r, n.id];
      for (gx = Math.floor(d[0] / cell); gx <= Math.floor(d[2] / cell); gx += 1) {
        for (gy = Math.floor(d[1] / cell); gy <= Math.floor(d[3] / cell); gy += 1) {
          k = gx + "," + gy;
          (discs[k] = discs[k] || []).push(d);
        }
      }
    });
    function hits(index, box, self) {
      var cx1 = Math.floor(box[2] / cell), cy1 = Math.floor(box[3] / cell);
      for (var x = Math.floor(box[0] / cell); x <= cx1; x += 1) {
        for (var y = Math.floor(box[1] / cell); y <= cy1; y += 1) {
          var l = index[x + "," + y];
          if (!l) { continue; }
          for (var m = 0; m < l.length; m += 1) {
            var o = l[m];
            if (o[4] !== self && box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3]) { return true; }
          }
        }
      }
      return false;
    }
    ctx.save();
    ctx.font = "100px " + fontFace;
    for (var i = 0; i < cand.length && out.length < MAX_LABELS; i += 1) {
      var n = cand[i], bn = body[n.id];
      if (!bn) { continue; }
      var text = String(n.label);
      if (textWidth[n.id] === undefined) { textWidth[n.id] = ctx.measureText(text).width / 100; }
      var w = textWidth[n.id] * fs, h = fs * 1.2, r = (bn.options.size || 10), pad = 2 / scale;
      // below the node, above it, right of it, left of it: the first place that overlaps no other
      // label and no other node's disc; else (for the SPARE best connected or selected nodes only)
      // the first that overlaps no label
      var places = [[bn.x - w / 2, bn.y + r + pad], [bn.x - w / 2, bn.y - r - pad - h],
        [bn.x + r + pad, bn.y - h / 2], [bn.x - r - pad - w, bn.y - h / 2]];
      var box = null, spare = null;
      for (j = 0; j < places.length && !box; j += 1) {
        var b = [places[j][0], places[j][1], places[j][0] + w, places[j][1] + h];
        if (hits(grid, b, null)) { continue; }
        if (!hits(discs, b, n.id)) { box = b; } else if (!spare) { spare = b; }
      }
      box = box || (i < SPARE ? spare : null);
      if (!box) { continue; }
      for (gx = Math.floor(box[0] / cell); gx <= Math.floor(box[2] / cell); gx += 1) {
        for (gy = Math.floor(box[1] / cell); gy <= Math.floor(box[3] / cell); gy += 1) {
          k = gx + "," + gy;
          (grid[k] = grid[k] || []).push(box);
        }
      }
      out.push({ id: n.id, text: text, x: (box[0] + box[2]) / 2, y: box[1], box: box });
    }
    ctx.restore();
    labelPlan = { key: key, size: fs, labels: out };
    return labelPlan;
  }
  network.on("afterDrawing", function (ctx) {
    var plan = planLabels(ctx);
    ctx.save();
    ctx.font = plan.size + "px " + fontFace;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    ctx.lineWidth = 3 * plan.size / LABEL_PX;
    ctx.strokeStyle = "#ffffff";
    ctx.fillStyle = "#1f2933";
    plan.labels.forEach(function (l) {
      ctx.strokeText(l.text, l.x, l.y);
      ctx.fillText(l.text, l.x, l.y);
    });
    ctx.restore();
  });
  // the labels drawn at the current view: [{id, text, x, y (top centre), box}], canvas coordinates
  window.lawgraphLabels = function () {
    return { size: labelPlan ? labelPlan.size : 0, face: fontFace, labels: labelPlan ? labelPlan.labels : [] };
  };

  refit(); // before the first drawing: one draw, already framed, the view 重置 returns to
  setStatus();
})();
