/* zoobench site behaviour: charts (Vega-Embed), sortable/filterable tables, the best-model lookup.
   Material's instant navigation swaps page content without reloading scripts, so everything runs
   from `document$.subscribe` (once per page view) and charts re-render when the palette changes. */
(function () {
  "use strict";

  function darkMode() {
    return document.body.getAttribute("data-md-color-scheme") === "slate";
  }

  function readJson(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  // A packed table (site/packed.py): column names once, rows as lists, repeating strings as indices
  // into `dicts`. unpack gives { columns, rows } with the values themselves.
  function unpack(packed) {
    var dicts = packed.dicts || {};
    var decode = packed.columns.map(function (c) { return dicts[c] || null; });
    var rows = packed.rows.map(function (r) {
      return r.map(function (v, i) { return decode[i] && v !== null ? decode[i][v] : v; });
    });
    return { columns: packed.columns, rows: rows };
  }

  // A chart's packed datasets back into the rows (objects) Vega-Lite reads.
  function unpackDatasets(spec) {
    var sets = spec.datasets || {};
    Object.keys(sets).forEach(function (name) {
      if (Array.isArray(sets[name])) return;
      var table = unpack(sets[name]);
      sets[name] = table.rows.map(function (r) {
        var o = {};
        table.columns.forEach(function (c, i) { o[c] = r[i]; });
        return o;
      });
    });
    return spec;
  }

  // --- charts -------------------------------------------------------------------------------------
  // Legends below the plot get as many columns as fit the chart's width, and names on a y axis
  // at most a fifth of it, so the plot keeps most of the width on a phone too (labels are shortened
  // with an ellipsis; the marks' tooltips carry the full names).
  function fitToWidth(spec, width) {
    var config = spec.config = spec.config || {};
    var legend = config.legend;
    if (legend && legend.orient === "bottom") {
      legend.columns = Math.max(1, Math.floor((width - 40) / ((legend.labelLimit || 160) + 50)));
    }
    config.axisY = config.axisY || {};
    config.axisY.labelLimit = Math.max(60, Math.round(width * 0.2));
    return spec;
  }

  function renderCharts(force) {
    if (typeof vegaEmbed === "undefined") return;
    document.querySelectorAll(".zb-chart").forEach(function (el) {
      if (force !== true && (el.dataset.rendered === "1" || el.dataset.rendering === "1")) return;
      var spec = readJson(el.dataset.spec);
      if (!spec) return;
      unpackDatasets(spec);
      el.dataset.rendering = "1";
      if (el._view) { el._view.finalize(); el._view = null; }
      el.dataset.rendered = "";
      var opts = { renderer: "svg", actions: { export: true, source: false, compiled: false, editor: false } };
      if (darkMode()) { opts.theme = "dark"; spec.background = "transparent"; }
      fitToWidth(spec, el.clientWidth);
      el.dataset.width = String(el.clientWidth);
      vegaEmbed(el, spec, opts).then(function (res) {
        el._view = res.view;
        el.dataset.rendered = "1";
        el.dataset.rendering = "";
      }).catch(function (err) {
        el.dataset.rendering = "";
        el.textContent = "This chart could not be drawn: " + err.message;
        console.warn(err);
      });
    });
  }

  // --- sortable and filterable tables -------------------------------------------------------------
  // A cell sorts by its data-sort attribute, else its text; numbers as numbers ("1,234" too), empty
  // cells last whichever the direction. Rows are sorted once per click on precomputed keys, so
  // a 1,500-row table sorts at once.
  function cellValue(td) {
    if (!td) return null;
    var v = td.getAttribute("data-sort");
    if (v === null) v = td.textContent.trim();
    if (v === "") return null;
    var n = parseFloat(v.replace(/,/g, ""));
    return isNaN(n) || !/^[-\d.,eE+]+$/.test(v.replace(/\s/g, "")) ? v.toLowerCase() : n;
  }

  function compareValues(x, y) {
    if (typeof x !== typeof y) { x = String(x); y = String(y); }
    return x < y ? -1 : x > y ? 1 : 0;
  }

  function sortBy(table, th, col) {
    var asc = th.dataset.dir !== "asc";
    table.querySelectorAll("thead th").forEach(function (h) {
      delete h.dataset.dir;
      h.removeAttribute("aria-sort");
    });
    th.dataset.dir = asc ? "asc" : "desc";
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var body = table.tBodies[0];
    var keyed = Array.prototype.map.call(body.rows, function (r, i) {
      return { row: r, key: cellValue(r.cells[col]), i: i };
    });
    keyed.sort(function (a, b) {
      if (a.key === null || b.key === null) {
        return a.key === b.key ? a.i - b.i : a.key === null ? 1 : -1;
      }
      return compareValues(a.key, b.key) * (asc ? 1 : -1) || a.i - b.i;
    });
    var frag = document.createDocumentFragment();
    keyed.forEach(function (k) { frag.appendChild(k.row); });
    body.appendChild(frag);
  }

  function makeSortable(table) {
    if (table.dataset.sortable) return;
    table.dataset.sortable = "1";
    table.querySelectorAll("thead th").forEach(function (th, col) {
      th.classList.add("zb-sort");
      th.title = th.title ? th.title + " (click to sort)" : "Sort";
      th.tabIndex = 0;
      th.addEventListener("click", function () { sortBy(table, th, col); });
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(table, th, col); }
      });
    });
  }

  function bindFilter(input) {
    var table = document.getElementById(input.dataset.table);
    if (!table || input.dataset.bound) return;
    input.dataset.bound = "1";
    var count = document.getElementById(input.dataset.table + "-count");
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var text = row._zbText || (row._zbText = row.textContent.toLowerCase());
        var ok = words.every(function (w) { return text.indexOf(w) >= 0; });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      if (count) count.textContent = shown + " shown";
    });
  }

  // --- best model at constraints: live lookup -----------------------------------------------------
  function bindLookup(form) {
    if (form.dataset.bound) return;
    form.dataset.bound = "1";
    var packed = readJson(form.dataset.rows);
    var data = packed ? unpack(packed) : { columns: [], rows: [] };
    var cols = {};
    data.columns.forEach(function (c, i) { cols[c] = i; });
    var tbody = document.getElementById(form.dataset.output);
    var summary = document.getElementById(form.dataset.output + "-summary");
    var root = form.dataset.root || "";

    function num(name) {
      var v = form.elements[name].value;
      return v === "" ? null : parseFloat(v);
    }

    function update() {
      var device = form.elements.device.value;
      var runtime = form.elements.runtime ? form.elements.runtime.value : null;
      var batch = parseInt(form.elements.batch_size.value, 10);
      var maxGb = num("max_memory_gb"), minFps = num("min_fps"), minTop1 = num("min_top1");
      var top = parseInt(form.elements.top.value, 10) || 10;
      var hits = data.rows.filter(function (r) {
        if (r[cols.device_id] !== device || r[cols.batch_size] !== batch) return false;
        if (runtime && r[cols.runtime] !== runtime) return false;
        if (maxGb !== null && (r[cols.memory_mb] === null || r[cols.memory_mb] > maxGb * 1024)) return false;
        if (minFps !== null && r[cols.fps] < minFps) return false;
        if (minTop1 !== null && (r[cols.top1] === null || r[cols.top1] < minTop1)) return false;
        return true;
      });
      tbody.textContent = "";
      hits.slice(0, top).forEach(function (r) {
        var tr = document.createElement("tr");
        var a = document.createElement("a");
        a.href = root + "models/" + r[cols.model_id].replace(":", "--") + ".html";
        a.textContent = r[cols.name];
        var td = document.createElement("td");
        td.appendChild(a);
        tr.appendChild(td);
        [r[cols.top1] === null ? "" : r[cols.top1].toFixed(2),
         r[cols.accuracy_source] || "",
         r[cols.fps].toPrecision(4),
         r[cols.memory_mb] === null ? "not measured" : (r[cols.memory_mb] / 1024).toFixed(2)
        ].forEach(function (v) {
          var c = document.createElement("td");
          c.textContent = v;
          tr.appendChild(c);
        });
        tbody.appendChild(tr);
      });
      if (summary) summary.textContent = hits.length + " models meet these constraints" +
        (hits.length > top ? " (showing the best " + top + ")" : "");
    }

    // The runtimes a device was measured with (PyTorch first), as the runtime select's options.
    function runtimeOptions() {
      var sel = form.elements.runtime;
      if (!sel) return;
      var device = form.elements.device.value, current = sel.value, found = {};
      data.rows.forEach(function (r) { if (r[cols.device_id] === device) found[r[cols.runtime]] = 1; });
      sel.textContent = "";
      Object.keys(found).sort(function (a, b) {
        return (a !== "pytorch") - (b !== "pytorch") || (a < b ? -1 : a > b ? 1 : 0);
      }).forEach(function (rt) {
        var o = document.createElement("option");
        o.value = o.textContent = rt;
        sel.appendChild(o);
      });
      if (found[current]) sel.value = current;
    }

    function batchOptions() {
      var device = form.elements.device.value;
      var runtime = form.elements.runtime ? form.elements.runtime.value : null;
      var sel = form.elements.batch_size, current = sel.value;
      var sizes = {};
      data.rows.forEach(function (r) {
        if (r[cols.device_id] === device && (!runtime || r[cols.runtime] === runtime)) sizes[r[cols.batch_size]] = 1;
      });
      sel.textContent = "";
      Object.keys(sizes).map(Number).sort(function (a, b) { return a - b; }).forEach(function (bs) {
        var o = document.createElement("option");
        o.value = o.textContent = String(bs);
        sel.appendChild(o);
      });
      if (sizes[current]) sel.value = current;
    }

    form.addEventListener("input", update);
    form.addEventListener("change", function (e) {
      if (e.target.name === "device") runtimeOptions();
      if (e.target.name === "device" || e.target.name === "runtime") batchOptions();
      update();
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); update(); });
    runtimeOptions();
    batchOptions();
    update();
  }

  function onPage() {
    renderCharts();
    document.querySelectorAll("table.zb-sortable").forEach(makeSortable);
    document.querySelectorAll("input.zb-filter").forEach(bindFilter);
    document.querySelectorAll("form.zb-lookup").forEach(bindLookup);
  }

  // Instant navigation emits on document$; from file:// it never emits, so also run once now
  // (this script is at the end of <body>). onPage is idempotent.
  if (typeof document$ !== "undefined") document$.subscribe(onPage);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", onPage);
  else onPage();
  // Redraw when the content column changes width (legend columns and label limits follow it).
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      var changed = Array.prototype.some.call(document.querySelectorAll(".zb-chart"), function (el) {
        return el.dataset.width !== String(el.clientWidth);
      });
      if (changed) renderCharts(true);
    }, 250);
  });
  new MutationObserver(function () { renderCharts(true); }).observe(document.body, {
    attributes: true, attributeFilter: ["data-md-color-scheme"]
  });
})();
