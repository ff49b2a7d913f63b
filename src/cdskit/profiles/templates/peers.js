/* The peer picker of cdskit: reads the data embedded in the page, sends no request. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("peers-data").textContent);
  var T = data.text;
  var byCode = {};
  data.provinces.forEach(function (p) { byCode[p.code] = p; });
  var regionOf = {};
  data.regions.forEach(function (r) { regionOf[r.id] = r; });
  var picked = [];
  var SVG = "http://www.w3.org/2000/svg";

  function key(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
      .toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  }
  function find(text) {
    var k = key(text);
    if (!k) { return null; }
    return data.spellings[k] || data.spellings[k.replace(/ /g, "")] || null;
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (a) { node.setAttribute(a, attrs[a]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function say(text) { document.getElementById("message").textContent = text || ""; }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, name) { return values[name]; });
  }
  function colourOf(code) {
    var p = byCode[code];
    if (p.colour) { return p.colour; }
    var others = picked.filter(function (c) { return !byCode[c].colour; });
    return data.colours[others.indexOf(code) % data.colours.length];
  }

  function add(code) {
    if (picked.indexOf(code) >= 0) { say(fill(T.already, { name: byCode[code].name })); return false; }
    if (picked.length >= data.max) { say(T.full); return false; }
    picked.push(code);
    return true;
  }
  function addRegion(code) {
    var region = regionOf[byCode[code].region];
    var added = 0, left = 0;
    region.members.forEach(function (member) {
      if (picked.indexOf(member) >= 0) { return; }
      if (picked.length < data.max) { picked.push(member); added += 1; } else { left += 1; }
    });
    var text = fill(T.region_added, { n: added, region: region.name });
    if (left) { text += " " + fill(T.region_left, { n: left }); }
    say(text);
    draw();
  }

  function range() {
    var from = document.getElementById("from").selectedIndex;
    var to = document.getElementById("to").selectedIndex;
    if (from > to) { var swap = from; from = to; to = swap; }
    return data.editions.slice(from, to + 1);
  }
  function cellOf(code, edition) {
    if (edition.vintage === 2008) { return (data.cells[code] || {})[edition.key]; }
    return (data.cells34[byCode[code].successor] || {})[edition.key];
  }

  function drawChips() {
    var list = document.getElementById("picked");
    list.textContent = "";
    picked.forEach(function (code) {
      var p = byCode[code];
      var item = el("li", { "data-code": code });
      item.style.borderColor = colourOf(code);
      var name = el("span", {}, p.name);
      var region = el("button", { type: "button", "class": "region", title: T.region + ": " + regionOf[p.region].name }, T.same_region);
      region.addEventListener("click", function () { addRegion(code); });
      var remove = el("button", { type: "button", "class": "remove", "aria-label": T.remove + " " + p.name }, "×");
      remove.addEventListener("click", function () {
        picked.splice(picked.indexOf(code), 1); say(""); draw();
      });
      item.appendChild(name); item.appendChild(region); item.appendChild(remove);
      list.appendChild(item);
    });
  }

  function drawTable(editions) {
    var table = document.getElementById("table");
    var head = table.tHead, body = table.tBodies[0];
    head.textContent = ""; body.textContent = "";
    if (!picked.length) {
      var empty = el("tr"); empty.appendChild(el("td", { "class": "none" }, T.empty)); body.appendChild(empty);
      return;
    }
    var groups = el("tr");
    groups.appendChild(el("th", {}, ""));
    var runs = [];
    editions.forEach(function (e) {
      var last = runs[runs.length - 1];
      if (last && last.vintage === e.vintage) { last.n += 1; } else { runs.push({ vintage: e.vintage, n: 1 }); }
    });
    runs.forEach(function (run, i) {
      var th = el("th", { colspan: run.n, "class": "group" + (i ? " break" : "") }, run.vintage === 2008 ? T.group_63 : T.group_34);
      groups.appendChild(th);
    });
    head.appendChild(groups);
    var years = el("tr");
    years.appendChild(el("th", { scope: "col" }, T.province));
    editions.forEach(function (e, i) {
      var br = i && editions[i - 1].vintage !== e.vintage;
      years.appendChild(el("th", { scope: "col", "class": br ? "break" : "" }, e.label));
    });
    head.appendChild(years);
    picked.forEach(function (code) {
      var p = byCode[code];
      var row = el("tr", { "data-code": code });
      var th = el("th", { scope: "row" });
      var dot = el("span", { "class": "swatch", "aria-hidden": "true" });
      dot.style.background = colourOf(code);
      th.appendChild(dot);
      if (p.profile) { th.appendChild(el("a", { href: p.profile, title: T.profile }, p.name)); } else { th.appendChild(document.createTextNode(p.name)); }
      row.appendChild(th);
      editions.forEach(function (e, i) {
        var br = i && editions[i - 1].vintage !== e.vintage;
        var td = el("td", { "data-edition": e.key, "class": br ? "break" : "" });
        var cell = cellOf(code, e);
        if (e.vintage === 2025) {
          td.appendChild(el("span", { "class": "who" }, p.successor_label));
        }
        if (!cell) {
          td.appendChild(el("span", { "class": "none" }, T.no_figure));
        } else {
          ["rank", "score"].forEach(function (what) {
            var values = cell[what] || [];
            var line = el("div", { "class": what });
            line.appendChild(document.createTextNode((what === "rank" ? T.rank : T.score) + ": "));
            if (!values.length) { line.appendChild(el("span", { "class": "none" }, T.no_figure)); }
            values.forEach(function (v, j) {
              if (j) { line.appendChild(document.createTextNode(" / ")); }
              line.appendChild(el("span", { "class": "fig", "data-kind": v.k }, v.t));
            });
            td.appendChild(line);
          });
        }
        row.appendChild(td);
      });
      body.appendChild(row);
    });
  }

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (a) { node.setAttribute(a, attrs[a]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function drawChart(editions) {
    var box = document.getElementById("chart");
    box.textContent = "";
    if (!picked.length || !editions.length) { return; }
    var panels = [];
    editions.forEach(function (e) {
      var last = panels[panels.length - 1];
      if (last && last.vintage === e.vintage) { last.editions.push(e); } else { panels.push({ vintage: e.vintage, of: e.of, editions: [e] }); }
    });
    var narrow = box.clientWidth && box.clientWidth < 600;
    var width = narrow ? 360 : 720, height = 260, top = 24, bottom = 36, left = 34, gap = 26;
    var slots = editions.length;
    var usable = width - left - gap * (panels.length - 1) - 10;
    var step = usable / slots;
    var root = svg("svg", { viewBox: "0 0 " + width + " " + height, width: "100%", role: "img", "aria-label": T.chart_title });
    var x0 = left;
    panels.forEach(function (panel) {
      var w = step * panel.editions.length;
      var y = function (rank) { return top + (rank - 1) / (panel.of - 1) * (height - top - bottom); };
      root.appendChild(svg("rect", { x: x0, y: top, width: w, height: height - top - bottom, fill: "#fafafa", stroke: "#bbb" }));
      var lines = svg("g"), dots = svg("g");
      root.appendChild(lines); root.appendChild(dots);
      root.appendChild(svg("text", { x: x0 + 4, y: top - 8, "font-size": 11, fill: "#333" }, panel.vintage === 2008 ? T.chart_63 : T.chart_34));
      [1, panel.of].forEach(function (r) {
        root.appendChild(svg("text", { x: x0 - 4, y: y(r) + 4, "font-size": 10, "text-anchor": "end", fill: "#555" }, String(r)));
      });
      var xs = {};
      panel.editions.forEach(function (e, i) {
        xs[e.key] = x0 + step * (i + 0.5);
        root.appendChild(svg("text", { x: xs[e.key], y: height - bottom + 14, "font-size": 10, "text-anchor": "middle", fill: "#333" }, String(e.key).replace("-63", "")));
      });
      picked.forEach(function (code) {
        var colour = colourOf(code), prev = null;
        panel.editions.forEach(function (e) {
          var cell = cellOf(code, e);
          var ranks = (cell && cell.rank) || [];
          ranks.forEach(function (v) {
            var dot = svg("circle", { cx: xs[e.key], cy: y(v.v), r: 4.5, stroke: colour, "stroke-width": 2, fill: v.k === "stated" ? colour : "#fff", "data-code": code, "data-edition": e.key });
            dot.appendChild(svg("title", {}, byCode[code].name + " " + e.label + ": " + v.t));
            dots.appendChild(dot);
          });
          if (ranks.length === 1 && prev) {
            lines.appendChild(svg("line", { x1: prev.x, y1: prev.y, x2: xs[e.key], y2: y(ranks[0].v), stroke: colour, "stroke-width": 1.6, "stroke-dasharray": (ranks[0].k !== "stated" || prev.k !== "stated") ? "4 3" : "none" }));
          }
          prev = ranks.length === 1 ? { x: xs[e.key], y: y(ranks[0].v), k: ranks[0].k } : null;
        });
      });
      x0 += w + gap;
    });
    root.appendChild(svg("text", { x: width - 4, y: height - 4, "font-size": 10, "text-anchor": "end", fill: "#555" }, T.legend_marked));
    box.appendChild(root);
  }

  function draw() {
    var editions = range();
    drawChips();
    drawChart(editions);
    drawTable(editions);
  }

  var from = document.getElementById("from"), to = document.getElementById("to");
  data.editions.forEach(function (e) {
    from.appendChild(el("option", { value: e.key }, e.label));
    to.appendChild(el("option", { value: e.key }, e.label));
  });
  from.selectedIndex = 0;
  to.selectedIndex = data.editions.length - 1;
  from.addEventListener("change", draw);
  to.addEventListener("change", draw);
  var names = document.getElementById("names");
  data.provinces.forEach(function (p) { names.appendChild(el("option", { value: p.name })); });
  document.getElementById("pick").addEventListener("submit", function (event) {
    event.preventDefault();
    var input = document.getElementById("name");
    var code = find(input.value);
    if (!code) { say(fill(T.unknown, { q: input.value })); return; }
    if (add(code)) { say(""); input.value = ""; }
    draw();
  });
  window.addEventListener("resize", function () { drawChart(range()); });
  draw();
}());
