// SPARQL highlighting for the ecokg query page: a tokenizer and an editor that lays coloured spans
// under a transparent text area (the text area stays the real input: undo, IME, selection work).
// Spans are built with textContent only; nothing here touches the network.

const KEYWORDS = new Set(
  (
    "BASE PREFIX SELECT CONSTRUCT DESCRIBE ASK WHERE FROM NAMED ORDER BY ASC DESC LIMIT OFFSET DISTINCT " +
    "REDUCED OPTIONAL GRAPH UNION MINUS FILTER BIND VALUES SERVICE SILENT AS GROUP HAVING UNDEF NOT IN " +
    "EXISTS INSERT DELETE DATA WITH USING DEFAULT ALL LOAD CLEAR DROP CREATE ADD MOVE COPY INTO TO SEPARATOR"
  ).split(" "),
);
const FUNCTIONS = new Set(
  (
    "STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND CONCAT STRLEN UCASE LCASE " +
    "ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH DAY HOURS MINUTES SECONDS " +
    "TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF STRLANG STRDT SAMETERM ISIRI " +
    "ISURI ISBLANK ISLITERAL ISNUMERIC REGEX SUBSTR REPLACE COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT"
  ).split(" "),
);

// [class, sticky pattern] in the order they are tried; "word" is refined into keyword / function / name.
const PN = "A-Za-z\\u00C0-\\u02FF\\u0370-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFFFD";
const RULES = [
  ["ws", /\s+/y],
  ["comment", /#[^\n]*/y],
  ["iri", /<[^<>"{}|^`\\\u0000-\u0020]*>/y],
  ["string", /"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)|"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?/y],
  ["var", new RegExp(`[?$][${PN}0-9_\\u00B7]+`, "y")],
  ["blank", /_:[A-Za-z0-9_\-.]*[A-Za-z0-9_\-]/y],
  ["lang", /@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*/y],
  ["pname", new RegExp(`(?:[${PN}](?:[${PN}0-9_.\\-\\u00B7]*[${PN}0-9_\\-\\u00B7])?)?:(?:(?:[${PN}0-9_:\\-%]|\\\\.)(?:(?:[${PN}0-9_.:\\-%\\u00B7]|\\\\.)*(?:[${PN}0-9_:\\-%\\u00B7]|\\\\.))?)?`, "y")],
  ["number", /[+-]?(?:\d+\.\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|\d+(?:[eE][+-]?\d+)?)/y],
  ["word", /[A-Za-z_][A-Za-z_0-9]*/y],
  ["punct", /\^\^|&&|\|\||!=|<=|>=|[{}()[\];,.*+\-/=<>!|^]/y],
];

/** The tokens of a query text: [{kind, text, start}], covering the whole text. */
export function tokenize(text) {
  const tokens = [];
  let pos = 0;
  while (pos < text.length) {
    let kind = "text";
    let len = 1;
    for (const [k, re] of RULES) {
      re.lastIndex = pos;
      const m = re.exec(text);
      if (m && m[0].length) {
        kind = k;
        len = m[0].length;
        break;
      }
    }
    const piece = text.slice(pos, pos + len);
    if (kind === "word") {
      const upper = piece.toUpperCase();
      if (KEYWORDS.has(upper) || piece === "a") kind = "keyword";
      else if (FUNCTIONS.has(upper)) kind = "function";
      else if (piece === "true" || piece === "false") kind = "number";
      else kind = "text";
    }
    tokens.push({ kind, text: piece, start: pos });
    pos += len;
  }
  return tokens;
}

/** The prefixes a query declares itself: {prefix: namespace}. */
export function declaredPrefixes(text) {
  const out = {};
  const tokens = tokenize(text).filter((t) => t.kind !== "ws" && t.kind !== "comment");
  for (let i = 0; i + 2 < tokens.length; i++) {
    if (tokens[i].kind === "keyword" && tokens[i].text.toUpperCase() === "PREFIX" && tokens[i + 2].kind === "iri") {
      out[tokens[i + 1].text.replace(/:$/, "")] = tokens[i + 2].text.slice(1, -1);
    }
  }
  return out;
}

/** Fill `target` with one span per token (class `tok-KIND`); prefixed names whose prefix is neither
 * declared nor in `predeclared` get `tok-unknown` and a tooltip. */
export function paint(target, text, predeclared) {
  const known = { ...predeclared, ...declaredPrefixes(text) };
  const frag = document.createDocumentFragment();
  for (const t of tokenize(text)) {
    if (t.kind === "ws" || t.kind === "text") {
      frag.appendChild(document.createTextNode(t.text));
      continue;
    }
    const span = document.createElement("span");
    span.className = "tok-" + t.kind;
    span.textContent = t.text;
    if (t.kind === "pname") {
      const prefix = t.text.slice(0, t.text.indexOf(":"));
      if (!(prefix in known)) {
        span.classList.add("tok-unknown");
        span.title = `prefix ${prefix}: is not declared`;
      }
    }
    frag.appendChild(span);
  }
  frag.appendChild(document.createTextNode("\n")); // a final newline shows as an empty last line
  target.replaceChildren(frag);
}

/** Wire a text area and the <pre> under it: repaint on input, follow the text area's scrolling,
 * Tab inserts two spaces. Returns {refresh, setValue}. */
export function editor(textarea, pre, getPrefixes) {
  const refresh = () => {
    paint(pre, textarea.value, getPrefixes());
    pre.scrollTop = textarea.scrollTop;
    pre.scrollLeft = textarea.scrollLeft;
  };
  textarea.addEventListener("input", refresh);
  textarea.addEventListener("scroll", () => {
    pre.scrollTop = textarea.scrollTop;
    pre.scrollLeft = textarea.scrollLeft;
  });
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Tab" && !event.shiftKey && !event.ctrlKey && !event.altKey && !event.metaKey) {
      event.preventDefault();
      textarea.setRangeText("  ", textarea.selectionStart, textarea.selectionEnd, "end");
      refresh();
    }
  });
  const setValue = (text) => {
    textarea.value = text;
    textarea.scrollTop = 0;
    textarea.scrollLeft = 0;
    refresh();
  };
  refresh();
  return { refresh, setValue };
}

/** The offset of 1-based `line` and `column` in `text` (for an error position). */
export function offsetOf(text, line, column) {
  let offset = 0;
  for (let i = 1; i < line; i++) {
    const nl = text.indexOf("\n", offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(text.length, offset + Math.max(0, column - 1));
}
