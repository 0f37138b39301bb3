/* lawgraph: legend toggles, search, filters and a details panel on top of pyvis' globals
   `network`, `nodes`, `edges`. Text from documents is only ever set with textContent/value. */
(function () {
  "use strict";
  if (typeof network === "undefined" || !network || typeof nodes === "undefined") { return; }

  var state = { types: {}, level: "", year: "" };
  var byId = function (id) { return document.getElementById(id); };

  function norm(s) {
    return String(s || "").normalize("NFKC").replace(/[\s《》〈〉<>“”‘’"'「」『』·•]/g, "").toLowerCase();
  }
  function hasYear(list, year) {
    return (";" + (list || "") + ";").indexOf(";" + year + ";") >= 0;
  }
  function nodeVisible(n) {
    if (state.types[n.kg_type] === false) { return false; }
    if (state.level && n.kg_type === "law" && n.kg_level !== state.level) { return false; }
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
  Array.prototype.forEach.call(document.querySelectorAll("#lg-legend input[data-type]"), function (cb) {
    state.types[cb.getAttribute("data-type")] = cb.checked;
    cb.addEventListener("change", function () {
      state.types[cb.getAttribute("data-type")] = cb.checked;
      apply();
    });
  });
  byId("lg-level").addEventListener("change", function (ev) { state.level = ev.target.value; apply(); });
  byId("lg-year").addEventListener("change", function (ev) { state.year = ev.target.value; apply(); });

  // search index: full name and every alias of every node
  var index = [];
  var names = [];
  nodes.forEach(function (n) {
    var all = [n.kg_name].concat(String(n.kg_aliases || "").split("|"));
    var seen = {};
    all.forEach(function (a) {
      var k = norm(a);
      if (k && !seen[k]) { seen[k] = true; index.push({ key: k, id: n.id, len: k.length }); }
    });
    names.push(n.kg_name);
  });
  var list = byId("lg-names");
  names.sort().slice(0, 5000).forEach(function (name) {
    var opt = document.createElement("option");
    opt.value = name;
    list.appendChild(opt);
  });

  function find(query) {
    var q = norm(query);
    if (!q) { return null; }
    var best = null, rank = 9;
    index.forEach(function (e) {
      var r = e.key === q ? 0 : e.key.indexOf(q) === 0 ? 1 : e.key.indexOf(q) > 0 ? 2 : 9;
      if (r < rank || (r === rank && best && e.len < best.len)) { best = e; rank = r; }
    });
    return rank < 9 ? best.id : null;
  }

  function typeName(t) {
    var el = document.querySelector('#lg-legend input[data-type="' + t + '"]');
    return el ? el.getAttribute("data-name") : t;
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
    box.textContent = "";
    var close = document.createElement("button");
    close.className = "lg-close";
    close.textContent = "×";
    close.title = "关闭";
    close.addEventListener("click", function () { box.style.display = "none"; network.unselectAll(); });
    box.appendChild(close);
    var h = document.createElement("h2");
    h.textContent = n.kg_name;
    box.appendChild(h);
    var dl = document.createElement("dl");
    row(dl, "类型", typeName(n.kg_type));
    row(dl, "层级", n.kg_level);
    row(dl, "报告数", n.kg_documents);
    row(dl, "年份", String(n.kg_years || "").split(";").join("、"));
    row(dl, "别名", String(n.kg_aliases || "").split("|").filter(function (a) { return a !== n.kg_name; }).join("、"));
    row(dl, "来源", String(n.kg_sources || "").split(";").join("\n"));
    box.appendChild(dl);
    if (n.kg_excerpt) {
      var q = document.createElement("blockquote");
      q.textContent = n.kg_excerpt;
      box.appendChild(q);
    }
    var nbrs = network.getConnectedNodes(id).map(function (x) { return nodes.get(x); }).filter(Boolean);
    nbrs.sort(function (a, b) { return a.kg_type === b.kg_type ? (a.kg_name < b.kg_name ? -1 : 1) : (a.kg_type < b.kg_type ? -1 : 1); });
    if (nbrs.length) {
      var h3 = document.createElement("h3");
      h3.textContent = "相连节点（" + nbrs.length + "）";
      box.appendChild(h3);
      var ul = document.createElement("ul");
      nbrs.slice(0, 200).forEach(function (m) {
        var li = document.createElement("li");
        var dot = document.createElement("span");
        dot.className = "lg-dot";
        dot.style.background = m.kg_color;
        var b = document.createElement("button");
        b.type = "button";
        b.textContent = m.kg_name;
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
      state.types[n.kg_type] = true;
      var cb = document.querySelector('#lg-legend input[data-type="' + n.kg_type + '"]');
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
  network.once("afterDrawing", function () { network.fit({ animation: false }); });
  setStatus();
})();
