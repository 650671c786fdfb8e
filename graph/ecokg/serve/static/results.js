// Results of the ecokg query page: SPARQL JSON results and N-Triples as tables, CSV and JSON
// downloads made from what was received. Cells are written with textContent (no HTML injection).

const XSD = "http://www.w3.org/2001/XMLSchema#";
const NUMERIC = new Set(["integer", "decimal", "double", "float", "int", "long", "short", "nonNegativeInteger"].map((t) => XSD + t));
/** Rows rendered at first; the rest on request (the endpoint's row cap bounds the total). */
export const FIRST_ROWS = 500;
/** A value longer than this (in characters) may wrap; shorter ones stay on one line. */
const WRAP_AFTER = 16;

/** `iri` written with the longest matching prefix ("ekg:taiping_bird"), else the IRI itself. */
export function shorten(iri, prefixes) {
  let best = null;
  for (const [prefix, ns] of Object.entries(prefixes)) {
    if (ns && iri.startsWith(ns) && (!best || ns.length > best[1].length)) best = [prefix, ns];
  }
  if (!best) return iri;
  const local = iri.slice(best[1].length);
  return /^[^\s<>"{}|^`\\]*$/.test(local) ? `${best[0]}:${local}` : iri; // for display: the full IRI is the tooltip
}

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

/** One table cell for a SPARQL JSON term (or an unbound variable). */
function cell(term, prefixes) {
  const td = document.createElement("td");
  if (!term) return td;
  const v = el("span", null, "v");
  if (term.type === "uri") {
    v.textContent = shorten(term.value, prefixes);
    v.title = term.value;
    td.className = "iri";
  } else if (term.type === "bnode") {
    v.textContent = "_:" + term.value;
    td.className = "bnode";
  } else {
    v.textContent = term.value;
    const lang = term["xml:lang"];
    if (lang) {
      v.lang = lang;
      v.title = "@" + lang;
    } else if (term.datatype) {
      v.title = shorten(term.datatype, prefixes);
      if (NUMERIC.has(term.datatype)) td.className = "num";
    }
  }
  if ([...term.value].length > WRAP_AFTER) td.classList.add("long");
  td.appendChild(v);
  return td;
}

/** Sort key of a term: numbers as numbers, the rest by their shown text. */
function sortKey(term) {
  if (!term) return [2, ""];
  if (term.datatype && NUMERIC.has(term.datatype)) return [0, Number(term.value)];
  return [1, term.value];
}

function compare(a, b) {
  if (a[0] !== b[0]) return a[0] - b[0];
  if (a[0] === 0) return a[1] - b[1];
  return a[1].localeCompare(b[1], "zh");
}

/** A table of `vars` and `rows` (arrays of SPARQL JSON terms) in a scrolling box; headers sort. */
export function table(vars, rows, prefixes) {
  const box = el("div", null, "table-box");
  const tbl = el("table", null, "results");
  const headRow = tbl.createTHead().insertRow();
  const body = tbl.createTBody();
  let shown = Math.min(rows.length, FIRST_ROWS);
  let order = rows;
  const more = el("button", null, "more");
  more.type = "button";
  const draw = () => {
    const frag = document.createDocumentFragment();
    for (const row of order.slice(0, shown)) {
      const tr = document.createElement("tr");
      for (let i = 0; i < vars.length; i++) tr.appendChild(cell(row[i], prefixes));
      frag.appendChild(tr);
    }
    body.replaceChildren(frag);
    more.hidden = shown >= rows.length;
    more.textContent = `show all ${rows.length} rows (${rows.length - shown} more)`;
  };
  vars.forEach((name, i) => {
    const th = el("th", name);
    th.scope = "col";
    th.title = "sort by ?" + name;
    th.addEventListener("click", () => {
      const desc = th.dataset.sort === "asc";
      for (const other of headRow.cells) delete other.dataset.sort;
      th.dataset.sort = desc ? "desc" : "asc";
      order = [...rows].sort((a, b) => compare(sortKey(a[i]), sortKey(b[i])) * (desc ? -1 : 1));
      draw();
    });
    headRow.appendChild(th);
  });
  more.addEventListener("click", () => {
    shown = rows.length;
    draw();
  });
  draw();
  box.appendChild(tbl);
  const wrap = el("div");
  wrap.append(box, more);
  return wrap;
}

/** Rows of a SPARQL JSON SELECT result, as arrays in the order of `doc.head.vars`. */
export function selectRows(doc) {
  const vars = doc.head.vars || [];
  return doc.results.bindings.map((b) => vars.map((v) => b[v]));
}

function csvField(text) {
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

function csvValue(term) {
  if (!term) return "";
  return term.type === "bnode" ? "_:" + term.value : term.value;
}

/** SPARQL 1.1 Query Results CSV of `vars` and `rows` (values only, CRLF line ends). */
export function toCsv(vars, rows) {
  const lines = [vars.map(csvField).join(",")];
  for (const row of rows) lines.push(row.map((t) => csvField(csvValue(t))).join(","));
  return lines.join("\r\n") + "\r\n";
}

function unescapeNt(s) {
  return s.replace(/\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))/g, (_, u4, u8, c) => {
    if (u4 || u8) return String.fromCodePoint(parseInt(u4 || u8, 16));
    return { t: "\t", b: "\b", n: "\n", r: "\r", f: "\f", '"': '"', "'": "'", "\\": "\\" }[c] ?? c;
  });
}

const NT_TERM = /\s*(?:<([^>]*)>|_:(\S+)|"((?:[^"\\]|\\.)*)"(?:@([a-zA-Z]+(?:-[a-zA-Z0-9]+)*)|\^\^<([^>]*)>)?)/y;

/** The triples of an N-Triples text as rows of SPARQL JSON terms [subject, predicate, object]. */
export function parseNTriples(text) {
  const rows = [];
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith("#")) continue;
    const row = [];
    NT_TERM.lastIndex = 0;
    for (let i = 0; i < 3; i++) {
      const start = NT_TERM.lastIndex;
      const m = NT_TERM.exec(trimmed);
      if (!m) throw new Error(`N-Triples not understood at: ${trimmed.slice(start, start + 60)}`);
      if (m[1] !== undefined) row.push({ type: "uri", value: unescapeNt(m[1]) });
      else if (m[2] !== undefined) row.push({ type: "bnode", value: m[2] });
      else {
        const term = { type: "literal", value: unescapeNt(m[3]) };
        if (m[4]) term["xml:lang"] = m[4];
        if (m[5]) term.datatype = m[5];
        row.push(term);
      }
    }
    rows.push(row);
  }
  return rows;
}

/** Offer `text` as a file download called `name`. */
export function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
