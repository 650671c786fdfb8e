// The ecokg query page: a highlighted SPARQL editor, the named queries with input fields for their
// parameters (bound by the endpoint, POST /bind), results as a table, CSV / JSON downloads.
// Same-origin requests only; results are written with textContent (no HTML injection).
import { declaredPrefixes, editor, offsetOf, paint, tokenize } from "./highlight.js";
import { download, parseNTriples, selectRows, table, toCsv } from "./results.js";

const ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9";
const $ = (id) => document.getElementById(id);

const state = {
  examples: [],
  prefixes: {},
  current: null, // the chosen named query, or null for the user's own text
  last: null, // {vars, rows, body, kind} of the last answer, for the downloads
};

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

let edit = null;

/** Every prefix known for the text on screen: the predeclared ones and the query's own. */
function knownPrefixes(text) {
  return { ...state.prefixes, ...declaredPrefixes(text) };
}

// ------------------------------------------------------------------ named queries and parameters

function showParams(q) {
  const form = $("params");
  const fields = $("param-fields");
  fields.replaceChildren();
  form.hidden = !q || q.params.length === 0;
  if (!q) return;
  for (const p of q.params) {
    const row = el("div", null, "param");
    const id = "param-" + p.name;
    const label = el("label");
    label.htmlFor = id;
    label.append(el("code", "?" + p.name), " ", el("span", p.type, "type"));
    const input = el("input");
    input.id = id;
    input.name = p.name;
    input.type = "text";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.placeholder = p.default ?? "(all)";
    input.dataset.param = p.name;
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        run();
      }
    });
    const help = el("span", p.doc, "help");
    help.id = id + "-help";
    input.setAttribute("aria-describedby", help.id);
    const def = el("span", p.default !== null ? `default: ${p.default}` : "optional: every value when empty", "default");
    row.append(label, input, help, def);
    fields.appendChild(row);
  }
}

/** Keep the chosen named query and its filled-in values in the address (#name=posts&org=太平鸟),
 * so the page can be bookmarked or shared; nothing is sent anywhere. */
function remember() {
  const q = state.current;
  const hash = q ? "#" + new URLSearchParams({ name: q.name, ...paramValues() }).toString() : "";
  history.replaceState(null, "", location.pathname + location.search + hash);
}

function restore() {
  const wanted = new URLSearchParams(location.hash.slice(1));
  const index = state.examples.findIndex((q) => q.name === wanted.get("name"));
  if (index < 0) return;
  $("examples").value = String(index);
  choose(index);
  for (const input of document.querySelectorAll("#param-fields input")) {
    input.value = wanted.get(input.dataset.param) ?? "";
  }
}

function paramValues() {
  const out = {};
  for (const input of document.querySelectorAll("#param-fields input")) {
    if (input.value.trim()) out[input.dataset.param] = input.value;
  }
  return out;
}

function choose(index) {
  const q = state.examples[Number(index)] ?? null;
  state.current = q;
  const doc = $("example-doc");
  doc.replaceChildren();
  showParams(q);
  if (!q) return;
  if (q.title) doc.append(el("strong", q.title), " — ", el("em", q.title_en), el("br"));
  doc.append(q.answers || "");
  edit.setValue(q.text);
}

async function loadLibrary() {
  const select = $("examples");
  try {
    const [queries, prefixes] = await Promise.all([
      fetch("/queries.json").then((r) => r.json()),
      fetch("/prefixes.json").then((r) => r.json()),
    ]);
    state.examples = queries;
    state.prefixes = prefixes;
  } catch (err) {
    $("example-doc").textContent = "named queries unavailable: " + err;
    return;
  }
  for (const [i, q] of state.examples.entries()) {
    const option = el("option", q.title ? `${q.title} — ${q.title_en} (${q.name})` : q.name);
    option.value = String(i);
    select.appendChild(option);
  }
  const rows = $("prefixes").tBodies[0];
  for (const [prefix, ns] of Object.entries(state.prefixes)) {
    const tr = rows.insertRow();
    tr.insertCell().appendChild(el("code", prefix + ":"));
    tr.insertCell().appendChild(el("code", ns));
  }
  $("prefix-list").textContent = Object.keys(state.prefixes).map((p) => p + ":").join(" ");
  restore();
  edit.refresh();
  document.body.dataset.ready = "true";
}

/** Write PREFIX lines for the predeclared prefixes the query uses but does not declare. */
function insertPrefixes() {
  const text = $("query").value;
  const own = declaredPrefixes(text);
  const used = new Set();
  for (const t of tokenize(text)) {
    if (t.kind === "pname") used.add(t.text.slice(0, t.text.indexOf(":")));
  }
  const lines = [...used].filter((p) => !(p in own) && p in state.prefixes).sort();
  if (!lines.length) return;
  edit.setValue(lines.map((p) => `PREFIX ${p}: <${state.prefixes[p]}>`).join("\n") + "\n" + text);
}

// ------------------------------------------------------------------ running

function showError(status, message, where) {
  const box = $("results");
  box.appendChild(el("p", status, "error-title"));
  box.appendChild(el("pre", message, "error"));
  const m = /line (\d+), column (\d+)/.exec(message);
  if (m && where !== null) {
    const textarea = $("query");
    const line = Number(m[1]);
    const start = offsetOf(textarea.value, line, where === "exact" ? Number(m[2]) : 1);
    const end = where === "exact" ? Math.min(textarea.value.length, start + 1) : offsetOf(textarea.value, line + 1, 1);
    textarea.focus();
    textarea.setSelectionRange(start, end);
  }
}

function showResult(body, ctype) {
  const box = $("results");
  const prefixes = knownPrefixes($("query").value);
  if (ctype.startsWith("application/sparql-results+json") || ctype.startsWith("application/json")) {
    const doc = JSON.parse(body);
    if (typeof doc.boolean === "boolean") {
      box.appendChild(el("p", `ASK → ${doc.boolean}`, "ask ask-" + doc.boolean));
      state.last = { kind: "ask", vars: ["boolean"], rows: [[{ type: "literal", value: String(doc.boolean) }]], body };
      return "ASK";
    }
    const vars = doc.head.vars || [];
    const rows = selectRows(doc);
    box.appendChild(table(vars, rows, prefixes));
    state.last = { kind: "select", vars, rows, body };
    return `${rows.length} rows`;
  }
  if (ctype.startsWith("application/n-triples") || ctype.startsWith("text/plain")) {
    const rows = parseNTriples(body);
    const vars = ["subject", "predicate", "object"];
    box.appendChild(table(vars, rows, prefixes));
    state.last = { kind: "graph", vars, rows, body };
    return `${rows.length} triples`;
  }
  box.appendChild(el("pre", body));
  state.last = null;
  return ctype;
}

async function run() {
  const button = $("run");
  const status = $("status");
  const notice = $("notice");
  const boundNote = $("bound");
  const results = $("results");
  const text = $("query").value;
  button.disabled = true;
  remember();
  status.textContent = "running…";
  notice.hidden = true;
  boundNote.hidden = true;
  $("downloads").hidden = true;
  $("sent-box").hidden = true;
  results.replaceChildren();
  state.last = null;
  const started = performance.now();
  const ms = () => `${Math.round(performance.now() - started)} ms`;
  try {
    let sent = text;
    const params = paramValues();
    if (state.current || Object.keys(params).length) {
      const response = await fetch("/bind", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ name: state.current ? state.current.name : null, query: text, params }),
      });
      const answer = await response.text();
      if (!response.ok) {
        status.textContent = `parameters not bound · ${ms()}`;
        showError(`${response.status} ${response.statusText}: a parameter could not be bound`, answer, null);
        return;
      }
      const bound = JSON.parse(answer);
      sent = bound.query;
      if (bound.bound.length) {
        boundNote.textContent =
          "Parameters read as 参数解读: " + bound.bound.join("; ") + (bound.named ? "" : " (edited text: each value bound by its form)");
        boundNote.hidden = false;
      }
    }
    if (sent !== text) {
      paint($("sent"), sent, state.prefixes);
      $("sent-box").hidden = false;
    }
    const response = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: ACCEPT },
      body: new URLSearchParams({ query: sent }),
    });
    const body = await response.text();
    if (!response.ok) {
      status.textContent = `${response.status} ${response.statusText} · ${ms()}`;
      showError(`${response.status} ${response.statusText}`, body, sent === text ? "exact" : "line");
      return;
    }
    const truncated = response.headers.get("X-Ecokg-Truncated");
    if (truncated) {
      notice.textContent = "⚠ " + truncated + " (the endpoint's row cap): add a LIMIT or narrow the query to see the rest.";
      notice.hidden = false;
    }
    const what = showResult(body, response.headers.get("Content-Type") || "");
    status.textContent = `${what} · ${ms()}`;
    if (state.last) {
      $("downloads").hidden = false;
      $("download-json").hidden = state.last.kind === "graph";
      $("download-nt").hidden = state.last.kind !== "graph";
      $("download-csv").hidden = state.last.kind === "ask";
    }
  } catch (err) {
    status.textContent = "failed";
    showError("the page could not complete the request", String(err), null);
  } finally {
    button.disabled = false;
  }
}

function fileName(ext) {
  return `${state.current ? state.current.name : "query"}.${ext}`;
}

document.addEventListener("DOMContentLoaded", () => {
  edit = editor($("query"), $("highlight"), () => state.prefixes);
  $("run").addEventListener("click", run);
  $("insert-prefixes").addEventListener("click", insertPrefixes);
  $("examples").addEventListener("change", (event) => choose(event.target.value));
  $("params").addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    }
  });
  $("download-csv").addEventListener("click", () => {
    if (state.last) download(fileName("csv"), toCsv(state.last.vars, state.last.rows), "text/csv;charset=utf-8");
  });
  $("download-json").addEventListener("click", () => {
    if (state.last) download(fileName("json"), state.last.body, "application/sparql-results+json;charset=utf-8");
  });
  $("download-nt").addEventListener("click", () => {
    if (state.last) download(fileName("nt"), state.last.body, "application/n-triples;charset=utf-8");
  });
  loadLibrary();
});
