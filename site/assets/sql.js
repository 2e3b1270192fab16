/* The SQL console: DuckDB-WASM (vendored) over the published database file, in a Web Worker.
   Loaded on every page but does nothing unless the page has a `.zb-sql` element. Needs http(s):
   browsers refuse workers and WebAssembly fetches from file://. */
(function () {
  "use strict";
  var state = null; // {db, conn} once started (kept across instant navigation)

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      if (globalThis.Arrow) return resolve();
      var s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(s);
    });
  }

  async function start(box) {
    if (state) return state;
    var base = new URL(box.dataset.vendor, location.href).href;
    var dbUrl = new URL(box.dataset.db, location.href).href;
    await loadScript(base + "arrow.min.js");
    var duckdb = await import(base + "duckdb-browser.js");
    var worker = new Worker(base + "duckdb-browser-eh.worker.js");
    var db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    await db.instantiate(base + "duckdb-eh.wasm");
    await db.registerFileURL("zoobench.duckdb", dbUrl, duckdb.DuckDBDataProtocol.HTTP, false);
    var conn = await db.connect();
    await conn.query("ATTACH 'zoobench.duckdb' AS zoobench (READ_ONLY)");
    await conn.query("USE zoobench");
    var version = (await conn.query("SELECT version() AS v")).toArray()[0].v;
    state = { db: db, conn: conn, version: version };
    return state;
  }

  function show(box, table, maxRows) {
    var out = box.querySelector(".zb-sql-result");
    out.textContent = "";
    var t = document.createElement("table");
    var head = t.createTHead().insertRow();
    var fields = table.schema.fields.map(function (f) { return f.name; });
    fields.forEach(function (name) {
      var th = document.createElement("th");
      th.textContent = name;
      head.appendChild(th);
    });
    var body = t.createTBody();
    var rows = table.toArray();
    rows.slice(0, maxRows).forEach(function (row) {
      var tr = body.insertRow();
      fields.forEach(function (name) {
        var v = row[name];
        var td = tr.insertCell();
        td.textContent = v === null || v === undefined ? "" :
          typeof v === "object" ? JSON.stringify(v, function (k, x) { return typeof x === "bigint" ? x.toString() : x; }) : String(v);
      });
    });
    out.appendChild(t);
    return rows.length;
  }

  function status(box, text, isError) {
    var el = box.querySelector(".zb-sql-status");
    el.textContent = text;
    el.classList.toggle("zb-sql-error", !!isError);
  }

  async function run(box) {
    var sql = box.querySelector("textarea").value;
    status(box, state ? "Running…" : "Loading DuckDB-WASM and the database (about 35 MB, once)…");
    try {
      var s = await start(box);
      var t0 = performance.now();
      var result = await s.conn.query(sql);
      var n = show(box, result, 1000);
      box.dataset.rows = String(n);
      status(box, n + " rows in " + Math.round(performance.now() - t0) + " ms" +
        (n > 1000 ? " (first 1000 shown)" : "") + " · DuckDB " + s.version);
    } catch (err) {
      status(box, "Error: " + (err && err.message ? err.message : String(err)), true);
    }
  }

  function bind(box) {
    if (box.dataset.bound) return;
    box.dataset.bound = "1";
    if (location.protocol === "file:") {
      box.querySelector(".zb-sql-file").hidden = false;
      box.querySelector("button.zb-sql-run").disabled = true;
      return;
    }
    box.querySelector("button.zb-sql-run").addEventListener("click", function () { run(box); });
    box.querySelector("textarea").addEventListener("keydown", function (e) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(box); }
    });
    box.querySelectorAll("button.zb-sql-example").forEach(function (b) {
      b.addEventListener("click", function () {
        box.querySelector("textarea").value = document.getElementById(b.dataset.example).textContent.trim();
        run(box);
      });
    });
  }

  function onPage() { document.querySelectorAll(".zb-sql").forEach(bind); }
  if (typeof document$ !== "undefined") document$.subscribe(onPage);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", onPage);
  else onPage();
})();
