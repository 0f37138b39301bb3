/* lawgraph: legend toggles, search, filters, tooltips and a details panel on top of pyvis' globals
   `network`, `nodes`, `edges`. Node data: id, label (short), title (full name), group (type),
   kg_level, kg_years; edge data: id, from, to, title (relation), kg_years. The evidence (aliases,
   sources, excerpts) is a JSON block after this script, parsed on first use.
   Text from documents is only ever set with textContent/value/innerText. */
(function () {
  "use strict";
  if (typeof network === "undefined" || !network || typeof nodes === "undefined") { return; }

  var state = { types: {}, level: "", year: "" };
  var byId = function (id) { return document.getElementById(id); };

  var evidenceCache = null;
  function evidence() {
    if (evidenceCache) { return evidenceCache; }
    var el = byId("lg-evidence");
    if (!el) { return { config: { types: {}, relations: {}, maxSources: 5 }, nodes: {}, edges: [] }; }
    evidenceCache = JSON.parse(el.textContent);
    return evidenceCache;
  }
  function nodeEv(id) { return evidence().nodes[id] || [0, [], "", ""]; }
  function edgeEv(id) { return evidence().edges[id] || [1, "", [], ""]; }

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
    return true;
  }
  function edgeVisible(e) {
    return !state.year || hasYear(e.kg_years, state.year);
  }

  function setStatus() {
    var shown = 0, total = 0;
    nodes.forEach(function (n) { total += 1; if (!n.hidden) { shown += 1; } });
    byId("lg-status").textContent = "显示 " + shown + " / " + total + " 个节点";
  }

  function apply() {
    var nu = [], eu = [];
    nodes.forEach(function (n) {
      var hide = !nodeVisible(n);
      if (Boolean(n.hidden) !== hide) { nu.push({ id: n.id, hidden: hide }); }
    });
    edges.forEach(function (e) {
      var hide = !edgeVisible(e);
      if (Boolean(e.hidden) !== hide) { eu.push({ id: e.id, hidden: hide }); }
    });
    if (nu.length) { nodes.update(nu); }
    if (eu.length) { edges.update(eu); }
    setStatus();
  }

  // legend = node type toggles
  var typeInfo = {};
  Array.prototype.forEach.call(document.querySelectorAll("#lg-legend input[data-type]"), function (cb) {
    var t = cb.getAttribute("data-type");
    typeInfo[t] = { name: cb.getAttribute("data-name"), color: cb.getAttribute("data-color") };
    state.types[t] = cb.checked;
    cb.addEventListener("change", function () {
      state.types[t] = cb.checked;
      apply();
    });
  });
  byId("lg-level").addEventListener("change", function (ev) { state.level = ev.target.value; apply(); });
  byId("lg-year").addEventListener("change", function (ev) { state.year = ev.target.value; apply(); });

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

  // tooltips: plain text, built from the evidence when vis shows its popup
  function nodeText(id) {
    var n = nodes.get(id);
    if (!n) { return ""; }
    var ev = nodeEv(id);
    var lines = [n.title, "类型：" + typeName(n.group)];
    if (n.kg_level) { lines.push("层级：" + n.kg_level); }
    lines.push("报告数：" + ev[0] + (n.kg_years ? "　年份：" + n.kg_years : ""));
    if (ev[1].length) { lines.push("来源：" + sourcesLine(ev[1], ev[0])); }
    if (ev[3]) { lines.push("摘录：" + ev[3]); }
    return lines.join("\n");
  }
  function edgeText(id) {
    var e = edges.get(id);
    if (!e) { return ""; }
    var ev = edgeEv(id);
    var a = nodes.get(e.from), b = nodes.get(e.to);
    var lines = [(a ? a.title : e.from) + " → " + (b ? b.title : e.to),
      relationName(ev[1]) + "（" + ev[1] + "）：" + ev[0] + " 份报告" + (e.kg_years ? "　年份：" + e.kg_years : "")];
    if (ev[2].length) { lines.push("来源：" + sourcesLine(ev[2], ev[0])); }
    if (ev[3]) { lines.push("摘录：" + ev[3]); }
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
        if (k && !seen[k]) { seen[k] = true; index.push({ key: k, id: n.id, len: k.length }); }
      });
    });
    return index;
  }
  var listed = false;
  function fillNames() {
    if (listed) { return; }
    listed = true;
    var names = [];
    nodes.forEach(function (n) { names.push(String(n.title)); });
    var list = byId("lg-names");
    names.sort().slice(0, 5000).forEach(function (name) {
      var opt = document.createElement("option");
      opt.value = name;
      list.appendChild(opt);
    });
  }

  function find(query) {
    var q = norm(query);
    if (!q) { return null; }
    var best = null, rank = 9;
    searchIndex().forEach(function (e) {
      var r = e.key === q ? 0 : e.key.indexOf(q) === 0 ? 1 : e.key.indexOf(q) > 0 ? 2 : 9;
      if (r < rank || (r === rank && best && e.len < best.len)) { best = e; rank = r; }
    });
    return rank < 9 ? best.id : null;
  }

  function row(dl, key, value) {
    if (value === undefined || value === null || value === "") { return; }
    var dt = document.createElement("dt"), dd = document.createElement("dd");
    dt.textContent = key;
    dd.textContent = String(value);
    dl.appendChild(dt);
    dl.appendChild(dd);
  }

  function showInfo(id) {
    var n = nodes.get(id);
    var box = byId("lg-info");
    if (!n) { box.style.display = "none"; return; }
    var ev = nodeEv(id);
    box.textContent = "";
    var close = document.createElement("button");
    close.className = "lg-close";
    close.textContent = "×";
    close.title = "关闭";
    close.addEventListener("click", function () { box.style.display = "none"; network.unselectAll(); });
    box.appendChild(close);
    var h = document.createElement("h2");
    h.textContent = n.title;
    box.appendChild(h);
    var dl = document.createElement("dl");
    row(dl, "类型", typeName(n.group));
    row(dl, "层级", n.kg_level);
    row(dl, "报告数", ev[0]);
    row(dl, "年份", String(n.kg_years || "").split(";").join("、"));
    row(dl, "别名", String(ev[2] || "").split("|").filter(function (a) { return a && a !== n.title; }).join("、"));
    row(dl, "来源", ev[1].join("\n") + (ev[0] > ev[1].length ? "\n… 共 " + ev[0] + " 份" : ""));
    box.appendChild(dl);
    if (ev[3]) {
      var q = document.createElement("blockquote");
      q.textContent = ev[3];
      box.appendChild(q);
    }
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

  function focusNode(id) {
    var n = nodes.get(id);
    if (!n) { return; }
    if (n.hidden) {
      // the search wins over the filters: show the node found
      state.types[n.group] = true;
      var cb = document.querySelector('#lg-legend input[data-type="' + n.group + '"]');
      if (cb) { cb.checked = true; }
      state.level = ""; state.year = "";
      byId("lg-level").value = ""; byId("lg-year").value = "";
      apply();
    }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: { duration: 350, easingFunction: "easeInOutQuad" } });
    showInfo(id);
  }

  function search() {
    var q = byId("lg-search").value;
    var id = find(q);
    byId("lg-msg").textContent = id || !q ? "" : "未找到";
    if (id) { focusNode(id); }
  }
  byId("lg-go").addEventListener("click", search);
  byId("lg-search").addEventListener("focus", fillNames);
  byId("lg-search").addEventListener("keydown", function (ev) { if (ev.key === "Enter") { search(); } });
  byId("lg-search").addEventListener("change", search);
  byId("lg-reset").addEventListener("click", function () {
    Array.prototype.forEach.call(document.querySelectorAll("#lg-legend input[data-type]"), function (cb) {
      cb.checked = true; state.types[cb.getAttribute("data-type")] = true;
    });
    state.level = ""; state.year = "";
    byId("lg-level").value = ""; byId("lg-year").value = ""; byId("lg-search").value = ""; byId("lg-msg").textContent = "";
    byId("lg-info").style.display = "none";
    apply();
    network.unselectAll();
    network.fit({ animation: false });
  });

  network.on("click", function (params) {
    if (params.nodes && params.nodes.length) { showInfo(params.nodes[0]); }
    else { byId("lg-info").style.display = "none"; }
  });
  network.fit({ animation: false }); // before the first drawing: one draw, already framed
  setStatus();
})();
