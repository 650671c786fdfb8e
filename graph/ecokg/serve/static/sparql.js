// The ecokg query page: same-origin requests only, results rendered with textContent (no HTML injection).
"use strict";

const PREFIXES = {
  "https://w3id.org/ecokg/id/": "ekg:",
  "https://w3id.org/ecokg/ontology#": "eco:",
  "https://w3id.org/ecokg/source/": "src:",
  "https://w3id.org/ecokg/graph/": "ekgg:",
};

function shortIri(iri) {
  for (const [ns, prefix] of Object.entries(PREFIXES)) {
    if (iri.startsWith(ns)) return prefix + iri.slice(ns.length);
  }
  return iri;
}

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

function renderTable(doc, target) {
  if (typeof doc.boolean === "boolean") {
    target.appendChild(el("p", "ASK → " + doc.boolean));
    return 1;
  }
  const vars = doc.head.vars;
  const table = el("table");
  const head = table.createTHead().insertRow();
  for (const v of vars) head.appendChild(el("th", v));
  const body = table.createTBody();
  for (const binding of doc.results.bindings) {
    const row = body.insertRow();
    for (const v of vars) {
      const term = binding[v];
      const cell = row.insertCell();
      if (!term) continue;
      if (term.type === "uri") {
        cell.textContent = shortIri(term.value);
        cell.title = term.value;
        cell.className = "uri";
      } else {
        cell.textContent = term.value;
        if (term["xml:lang"]) cell.lang = term["xml:lang"];
      }
    }
  }
  target.appendChild(table);
  return doc.results.bindings.length;
}

async function run() {
  const button = document.getElementById("run");
  const status = document.getElementById("status");
  const notice = document.getElementById("notice");
  const results = document.getElementById("results");
  const accept = document.getElementById("format").value;
  const query = document.getElementById("query").value;
  button.disabled = true;
  status.textContent = "running…";
  notice.hidden = true;
  results.replaceChildren();
  const started = performance.now();
  try {
    const response = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: accept },
      body: new URLSearchParams({ query }),
    });
    const text = await response.text();
    const ms = Math.round(performance.now() - started);
    if (!response.ok) {
      status.textContent = `${response.status} ${response.statusText} · ${ms} ms`;
      results.appendChild(el("p", text, "error"));
      return;
    }
    const truncated = response.headers.get("X-Ecokg-Truncated");
    if (truncated) {
      notice.textContent = "⚠ " + truncated;
      notice.hidden = false;
    }
    let rows = "";
    if (accept === "application/sparql-results+json") {
      rows = renderTable(JSON.parse(text), results) + " rows · ";
    } else {
      results.appendChild(el("pre", text));
    }
    status.textContent = `${rows}${ms} ms`;
  } catch (err) {
    status.textContent = "failed";
    results.appendChild(el("p", String(err), "error"));
  } finally {
    button.disabled = false;
  }
}

async function loadExamples() {
  const select = document.getElementById("examples");
  const doc = document.getElementById("example-doc");
  let examples = [];
  try {
    const response = await fetch("/queries.json");
    examples = await response.json();
  } catch (err) {
    doc.textContent = "named queries unavailable: " + err;
    return;
  }
  for (const [i, q] of examples.entries()) {
    const label = q.title ? `${q.title} — ${q.title_en} (${q.name})` : q.name;
    const option = el("option", label);
    option.value = String(i);
    select.appendChild(option);
  }
  select.addEventListener("change", () => {
    const q = examples[Number(select.value)];
    if (!q) return;
    document.getElementById("query").value = q.query;
    const params = q.params.map((p) => `?${p.name} (${p.type}${p.default ? " = " + p.default : ""}): ${p.doc}`);
    doc.textContent = q.answers + (params.length ? "  Parameters: " + params.join("; ") : "");
    const format = document.getElementById("format");
    if (/^\s*(PREFIX[^\n]*\n|#[^\n]*\n|\s)*(CONSTRUCT|DESCRIBE)/i.test(q.query)) format.value = "text/turtle";
    else format.value = "application/sparql-results+json";
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("run").addEventListener("click", run);
  document.getElementById("query").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    }
  });
  loadExamples();
});
