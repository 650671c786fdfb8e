/* ecokg explorer.  Text from the sources is only ever put in the page with textContent (or as
 * vis-network's plain-text tooltips, which vis 9 shows with innerText); never with innerHTML. */
"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("ecokg-data").textContent);
  const $ = (id) => document.getElementById(id);
  const info = DATA.nodes;
  const einfo = DATA.edges;
  const articles = DATA.articles;
  const districtLabel = new Map(DATA.districts.map((d) => [d.id, d.label]));
  const typeZh = new Map(DATA.types.map((t) => [t.type, t.zh]));

  /* ------------------------------------------------------------------ DOM helpers (text only) */
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function linkButton(text, onClick) {
    const b = el("button", text, "link");
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }
  function articleLine(sid) {
    const a = articles[sid];
    if (!a) return String(sid);
    return [a.date, a.title].filter(Boolean).join(" · ") || String(sid);
  }

  /* ------------------------------------------------------------------ data and state */
  const nodes = new vis.DataSet(DATA.vis.nodes);
  const edges = new vis.DataSet(DATA.vis.edges);
  const allIds = DATA.vis.nodes.map((n) => n.id);
  const adjacency = new Map(allIds.map((id) => [id, []]));
  for (const e of DATA.vis.edges) {
    adjacency.get(e.from).push({ edge: e.id, other: e.to, out: true });
    adjacency.get(e.to).push({ edge: e.id, other: e.from, out: false });
  }
  const state = {
    types: new Set(DATA.types.map((t) => t.type)),
    district: "",
    article: "",
    year: "",
    figureYear: "",
    ego: null,
    egoRoot: null,
  };
  const visible = new Set(allIds);

  function nodeYears(id) {
    return (info[id].sources || []).map((s) => (articles[s] ? String(articles[s].year) : null));
  }
  function nodePasses(id) {
    const d = info[id];
    if (!state.types.has(d.type)) return false;
    if (state.ego && !state.ego.has(id)) return false;
    if (state.district === "__none") {
      if (d.districts.length) return false;
    } else if (state.district && !d.districts.includes(state.district)) return false;
    if (state.article && !(d.sources || []).includes(state.article)) return false;
    if (state.year && !nodeYears(id).includes(state.year)) return false;
    if (state.figureYear && !(d.figureYears || []).map(String).includes(state.figureYear)) return false;
    return true;
  }
  function edgePasses(e) {
    if (!visible.has(e.from) || !visible.has(e.to)) return false;
    const d = einfo[e.id];
    if (state.article && !d.sources.includes(state.article)) return false;
    if (state.year && !d.sources.some((s) => articles[s] && String(articles[s].year) === state.year)) return false;
    return true;
  }
  const nodeView = new vis.DataView(nodes, { filter: (n) => visible.has(n.id) });
  const edgeView = new vis.DataView(edges, { filter: edgePasses });

  function refresh() {
    visible.clear();
    for (const id of allIds) if (nodePasses(id)) visible.add(id);
    nodeView.refresh();
    edgeView.refresh();
    $("counts").textContent =
      `${visible.size} / ${allIds.length} 个节点 nodes · ${edgeView.length} / ${edges.length} 条关系 links`;
    $("ego-status").textContent = state.ego
      ? `${info[state.egoRoot].label} 的邻域 neighbourhood (${state.egoDepth} 步 step${state.egoDepth > 1 ? "s" : ""})`
      : "";
    scheduleLabels();
  }

  /* ------------------------------------------------------------------ network */
  const options = DATA.vis.options;
  const network = new vis.Network($("network"), { nodes: nodeView, edges: edgeView }, options);
  $("physics").checked = !!DATA.physics;
  $("physics").addEventListener("change", (ev) => {
    network.setOptions({ physics: { enabled: ev.target.checked } });
  });
  $("sizing").textContent = DATA.sizing || "";
  $("labels").addEventListener("change", () => planLabels());

  /* ------------------------------------------------------------------ labels for the current zoom
   * vis-network would scale every label with its node and hide those too small to read, which at
   * the default zoom is nearly all of them. Instead, at every zoom the page labels the most central
   * visible nodes whose labels fit without overlapping one already placed, at DATA.labelPx[0] to
   * [1] pixels on screen (the more central, the larger); a node raised by a search comes first.
   * Other labels get a font too small to draw (below vis-network's drawThreshold). */
  const [LABEL_MIN, LABEL_MAX] = DATA.labelPx;
  const MAX_LABELS = 120;
  const topScore = allIds.reduce((m, id) => Math.max(m, info[id].centrality || 0), 0);
  const byImportance = (a, b) => (info[b].centrality || 0) - (info[a].centrality || 0) || (a < b ? -1 : a > b ? 1 : 0);
  const ranked = [...allIds].sort(byImportance);
  const labelLines = new Map(DATA.vis.nodes.map((n) => [n.id, String(n.label || "").split("\n")]));
  const measureCtx = document.createElement("canvas").getContext("2d");
  const width100 = new Map(); // label line -> width at 100 px
  function lineWidth(line) {
    if (!width100.has(line)) {
      measureCtx.font = `100px ${options.nodes.font.face}`;
      width100.set(line, measureCtx.measureText(line).width);
    }
    return width100.get(line);
  }
  const labelFont = new Map(); // id -> font size (canvas units) of the labels drawn now
  let raised = null;
  function labelPx(id) {
    if (id === raised) return LABEL_MAX + 2;
    const rel = topScore > 0 ? Math.sqrt((info[id].centrality || 0) / topScore) : 0;
    return Math.round((LABEL_MIN + (LABEL_MAX - LABEL_MIN) * rel) * 10) / 10;
  }
  function planLabels() {
    const scale = network.getScale();
    const area = $("network");
    const W = area.clientWidth;
    const H = area.clientHeight;
    // a raised node first, then its neighbours, then everything by importance
    const order = raised && visible.has(raised)
      ? [raised, ...adjacency.get(raised).map((a) => a.other).sort(byImportance), ...ranked]
      : ranked;
    const positions = network.getPositions([...visible]);
    const placed = [];
    const want = new Map();
    for (const id of order) {
      if (want.size >= MAX_LABELS || !$("labels").checked) break;
      if (!visible.has(id) || want.has(id) || !positions[id]) continue;
      const p = network.canvasToDOM(positions[id]);
      if (p.x < 0 || p.y < 0 || p.x > W || p.y > H) continue;
      const px = labelPx(id);
      const lines = labelLines.get(id);
      const w = Math.max(...lines.map(lineWidth)) * px / 100 + 4;
      const body = network.body.nodes[id];
      const r = (body ? body.options.size : 10) * scale;
      const pad = 3;
      const box = [p.x - w / 2 - pad, p.y + r, p.x + w / 2 + pad, p.y + r + lines.length * px * 1.25 + 2 * pad];
      if (box[0] < 0 || box[2] > W || box[3] > H + px) continue;
      const dot = [p.x - r, p.y - r, p.x + r, p.y + r]; // the node itself: no other label covers it
      const hits = (a) => placed.some((q) => a[0] < q[2] && q[0] < a[2] && a[1] < q[3] && q[1] < a[3]);
      if (hits(box) || hits(dot)) continue;
      placed.push(box, dot);
      want.set(id, px / scale);
    }
    const updates = [];
    for (const [id, size] of labelFont)
      if (!want.has(id)) {
        updates.push({ id, font: { size: DATA.hiddenFont } });
        labelFont.delete(id);
      }
    for (const [id, size] of want) {
      const old = labelFont.get(id);
      if (old === undefined || Math.abs(old - size) > size * 0.01) {
        updates.push({ id, font: { size } });
        labelFont.set(id, size);
      }
    }
    if (updates.length) nodes.update(updates);
    return want.size;
  }
  let labelsPending = false;
  function scheduleLabels() {
    if (labelsPending) return;
    labelsPending = true;
    setTimeout(() => {
      labelsPending = false;
      planLabels();
    }, 30);
  }
  function drawnLabels() {
    /* the labels vis-network draws now: id, text and on-screen font size (vis's own state) */
    const scale = network.getScale();
    const out = [];
    for (const id of labelFont.keys()) {
      const body = network.body.nodes[id];
      if (!body || !visible.has(id)) continue;
      const px = body.labelModule.fontOptions.size * scale;
      if (px < options.nodes.scaling.label.drawThreshold) continue;
      const p = network.canvasToDOM(network.getPosition(id));
      const size = body.labelModule.size; // where vis-network drew the label (canvas units)
      const a = network.canvasToDOM({ x: size.left, y: size.top });
      const z = network.canvasToDOM({ x: size.left + size.width, y: size.top + size.height });
      out.push({ id, label: labelLines.get(id).join("\n"), px, x: p.x, y: p.y, r: body.options.size * scale, box: [a.x, a.y, z.x, z.y] });
    }
    return out.sort((a, b) => byImportance(a.id, b.id));
  }
  network.on("zoom", scheduleLabels);
  network.on("dragEnd", scheduleLabels);
  network.on("stabilized", scheduleLabels);
  network.on("animationFinished", scheduleLabels);
  window.addEventListener("resize", scheduleLabels);

  /* ------------------------------------------------------------------ filters and legend */
  function fillSelect(select, items) {
    for (const [value, text] of items) {
      const o = el("option", text);
      o.value = value;
      select.append(o);
    }
  }
  fillSelect($("district-filter"), DATA.districts.map((d) => [d.id, d.label]).concat([["__none", "(不在区内 not in a district)"]]));
  fillSelect($("article-filter"), Object.keys(articles).map((sid) => [sid, articleLine(sid)]));
  const years = [...new Set(Object.values(articles).map((a) => a.year).filter((y) => y !== null && y !== undefined))].sort();
  fillSelect($("year-filter"), years.map((y) => [String(y), String(y)]));
  const figureYears = [...new Set(allIds.flatMap((id) => info[id].figureYears || []))].sort();
  fillSelect($("figure-year-filter"), figureYears.map((y) => [String(y), String(y)]));
  const filterSelects = [["district-filter", "district"], ["article-filter", "article"], ["year-filter", "year"], ["figure-year-filter", "figureYear"]];
  for (const [id, key] of filterSelects) {
    $(id).addEventListener("change", (ev) => {
      state[key] = ev.target.value;
      refresh();
    });
  }
  const typeBoxes = new Map();
  const GLYPHS = { dot: "●", triangleDown: "▼", diamond: "◆", triangle: "▲", square: "■", star: "★", hexagon: "⬢" };
  let familyList = null;
  let family = null;
  for (const t of DATA.types) {
    if (t.family !== family || !familyList) {
      family = t.family;
      const names = DATA.families[family] || { zh: family, en: "" };
      $("legend").append(el("h3", `${names.zh} ${names.en}`));
      familyList = el("ul");
      $("legend").append(familyList);
    }
    const li = el("li");
    const label = el("label", null, "row");
    const box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.addEventListener("change", () => {
      if (box.checked) state.types.add(t.type);
      else state.types.delete(t.type);
      refresh();
    });
    typeBoxes.set(t.type, box);
    const sw = el("span", GLYPHS[t.shape] || "●", "swatch");
    sw.style.color = t.colour;
    label.append(box, sw, el("span", t.zh ? `${t.zh} ${t.type}` : t.type));
    li.append(label, el("span", t.count, "count"));
    familyList.append(li);
  }
  function setAllTypes(on) {
    for (const [type, box] of typeBoxes) {
      box.checked = on;
      if (on) state.types.add(type);
      else state.types.delete(type);
    }
    refresh();
  }
  $("types-all").addEventListener("click", () => setAllTypes(true));
  $("types-none").addEventListener("click", () => setAllTypes(false));

  function resetFilters() {
    state.district = state.article = state.year = state.figureYear = "";
    state.ego = state.egoRoot = null;
    raised = null;
    for (const [id] of filterSelects) $(id).value = "";
    for (const [type, box] of typeBoxes) {
      box.checked = true;
      state.types.add(type);
    }
    refresh();
  }
  $("reset").addEventListener("click", () => {
    resetFilters();
    network.fit({ animation: false });
  });

  /* ------------------------------------------------------------------ neighbourhood (ego view) */
  function neighbourhood(root, depth) {
    const seen = new Set([root]);
    let frontier = [root];
    for (let i = 0; i < depth; i++) {
      const next = [];
      for (const id of frontier)
        for (const a of adjacency.get(id))
          if (!seen.has(a.other)) {
            seen.add(a.other);
            next.push(a.other);
          }
      frontier = next;
    }
    return seen;
  }
  function focusNeighbourhood(root, depth) {
    state.ego = neighbourhood(root, depth);
    state.egoRoot = root;
    state.egoDepth = depth;
    refresh();
    network.fit({ nodes: [...visible], animation: false });
    raised = root;
    select(root);
    planLabels();
  }

  /* ------------------------------------------------------------------ side panel */
  function clearPanel() {
    const p = $("panel");
    p.replaceChildren();
    p.scrollTop = 0;
    return p;
  }
  function definitions(pairs) {
    const dl = el("dl");
    for (const [k, v] of pairs) {
      if (v === null || v === undefined || v === "" || (Array.isArray(v) && !v.length)) continue;
      dl.append(el("dt", k), el("dd", Array.isArray(v) ? v.join("、") : v));
    }
    return dl;
  }
  function quote(text) {
    return el("blockquote", text);
  }
  function nodeLabel(id) {
    return info[id] ? info[id].label : String(id);
  }

  function showNode(id) {
    const d = info[id];
    if (!d) return;
    const p = clearPanel();
    p.append(el("h2", d.label));
    if (d.en) p.append(el("p", d.en, "en"));
    p.append(
      definitions([
        ["类型 type", typeZh.get(d.type) ? `${typeZh.get(d.type)} ${d.type}` : d.type],
        ["id", id],
        ["又称 also called", d.aliases],
        ["所在区 district", d.districts.map((x) => districtLabel.get(x) || x)],
        [`${DATA.sizeBy || "centrality"} (无向 undirected)`, d.centrality ? d.centrality.toFixed(6) : null],
      ]),
    );
    const focus = el("div", null, "row");
    const depth = el("select");
    depth.setAttribute("aria-label", "depth");
    fillSelect(depth, [["1", "1 步 step"], ["2", "2 步 steps"], ["3", "3 步 steps"]]);
    const fb = el("button", "聚焦邻域 Focus neighbourhood");
    fb.type = "button";
    fb.addEventListener("click", () => focusNeighbourhood(id, Number(depth.value)));
    focus.append(fb, depth);
    p.append(focus);

    if (d.posts.length) {
      p.append(el("h3", `职务 Posts (${d.posts.length})`));
      const ul = el("ul");
      for (const post of d.posts) {
        const li = el("li");
        li.append(el("span", `${post.person || ""} — ${post.title || ""} — ${post.org || ""}` + (post.as_of ? ` (as of ${post.as_of})` : "")));
        if (post.sentence) li.append(quote(post.sentence));
        if (post.source) li.append(el("div", articleLine(post.source), "muted"));
        ul.append(li);
      }
      p.append(ul);
    }
    if (d.figures.length) {
      p.append(el("h3", `数据 Figures (${d.figures.length})`));
      const ul = el("ul");
      for (const f of d.figures) {
        const li = el("li");
        const head = [f.indicator, f.value].filter(Boolean).join(": ");
        const tail = [f.year, f.status, f.sector].filter((x) => x !== null && x !== undefined && x !== "").join(", ");
        li.append(el("span", head + (tail ? ` (${tail})` : "")));
        if (f.sentence && f.sentence !== f.value) li.append(quote(f.sentence));
        if (f.source) li.append(el("div", articleLine(f.source), "muted"));
        ul.append(li);
      }
      p.append(ul);
    }
    const sources = [...(d.sources || [])].sort((a, b) => articleLine(a).localeCompare(articleLine(b)));
    p.append(el("h3", `来源文章 Articles (${sources.length})`));
    for (const sid of sources) {
      p.append(el("h4", articleLine(sid)));
      for (const m of d.mentions || []) if (m.source === sid && m.sentence) p.append(quote(m.sentence));
    }
    const links = adjacency.get(id);
    if (links.length) {
      p.append(el("h3", `关系 Links (${links.length})`));
      const ul = el("ul");
      for (const a of links) {
        const e = einfo[a.edge];
        const li = el("li");
        const arrow = DATA.directed ? (a.out ? "→ " : "← ") : "— ";
        li.append(el("span", `${arrow}${e.label || e.predicate || ""} `));
        li.append(linkButton(nodeLabel(a.other), () => focusNode(a.other)));
        li.append(el("span", " "));
        li.append(linkButton(`(${e.articles} source${e.articles === 1 ? "" : "s"})`, () => showEdge(a.edge)));
        ul.append(li);
      }
      p.append(ul);
    }
  }

  function showEdge(eid) {
    const e = einfo[eid];
    if (!e) return;
    const p = clearPanel();
    const arrow = DATA.directed ? " → " : " — ";
    p.append(el("h2", `${nodeLabel(e.from)}${arrow}${e.label || e.predicate || ""}${arrow}${nodeLabel(e.to)}`));
    const ends = el("p");
    ends.append(linkButton(nodeLabel(e.from), () => focusNode(e.from)), el("span", arrow), linkButton(nodeLabel(e.to), () => focusNode(e.to)));
    p.append(ends);
    p.append(definitions([["关系 relation", e.label], ["谓词 predicates", e.predicates], ["文章数 articles", String(e.articles)], ["权重 weight", String(e.weight)]]));
    p.append(el("h3", `原文证据 Evidence (${e.evidence.length})`));
    for (const ev of e.evidence) {
      p.append(el("h4", ev.title || ev.date ? [ev.date, ev.title].filter(Boolean).join(" · ") : articleLine(ev.source)));
      if (ev.sentence) p.append(quote(ev.sentence));
      const how = [ev.subject && ev.object ? `${nodeLabel(ev.subject)} ${ev.predicate || ""} ${nodeLabel(ev.object)}` : null, ev.when]
        .filter(Boolean)
        .join(" · ");
      if (how) p.append(el("div", how, "muted"));
    }
  }

  function select(id) {
    network.selectNodes([id]);
    showNode(id);
  }
  function focusNode(id) {
    if (!(id in info)) return false;
    if (!visible.has(id)) resetFilters();
    // zoom so that the node's direct neighbours fit (but not closer than 1:1), centred on it
    const near = [id, ...adjacency.get(id).map((a) => a.other)].filter((x) => visible.has(x));
    network.fit({ nodes: near, animation: false });
    network.selectNodes([id]);
    network.focus(id, { scale: Math.min(Math.max(network.getScale() * 0.9, 0.3), 1.0), animation: false });
    raised = id;
    planLabels();
    showNode(id);
    return true;
  }
  network.on("click", (params) => {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });

  /* ------------------------------------------------------------------ search */
  const norm = (s) => String(s).normalize("NFKC").replace(/\s+/g, "").toLowerCase();
  const index = new Map(); // normalised name -> [ids]
  const datalist = $("names");
  const listed = new Set();
  for (const id of allIds) {
    for (const name of info[id].names) {
      const k = norm(name);
      if (!index.has(k)) index.set(k, []);
      if (!index.get(k).includes(id)) index.get(k).push(id);
      if (!listed.has(name)) {
        listed.add(name);
        const o = el("option");
        o.value = name;
        datalist.append(o);
      }
    }
  }
  function find(query) {
    const q = norm(query);
    if (!q) return null;
    if (index.has(q)) return [...index.get(q)].sort(byImportance)[0];
    let best = null;
    let bestLen = Infinity;
    for (const [name, ids] of index) {
      if (!name.includes(q)) continue;
      const id = [...ids].sort(byImportance)[0];
      if (name.length < bestLen || (name.length === bestLen && byImportance(id, best) < 0)) {
        best = id;
        bestLen = name.length;
      }
    }
    return best;
  }
  function search(query) {
    const id = find(query);
    if (id === null) {
      $("search-status").textContent = `未找到 No entity is called “${query}”.`;
      return null;
    }
    $("search-status").textContent = `找到 Found: ${info[id].label}`;
    focusNode(id);
    return id;
  }
  $("search").addEventListener("submit", (ev) => {
    ev.preventDefault();
    search($("search-input").value);
  });

  /* ------------------------------------------------------------------ start */
  refresh();
  const api = { network, nodes, edges, nodeView, edgeView, find, search, focusNode, showNode, showEdge, focusNeighbourhood, resetFilters, planLabels, drawnLabels, ready: false };
  window.ecokgExplorer = api;
  /* milliseconds from navigation start to the first drawn frame (read by the benchmark) */
  network.once("afterDrawing", () => { api.firstFrameMs = performance.now(); });
  function ready() {
    if (api.ready) return;
    api.ready = true;
    api.readyMs = performance.now();
    planLabels();
    if (DATA.focus !== null && DATA.focus !== undefined) focusNode(DATA.focus);
    document.body.dataset.ready = "true";
  }
  if (DATA.physics && allIds.length) {
    network.once("stabilizationIterationsDone", ready);
  } else {
    network.once("afterDrawing", ready);
  }
})();
