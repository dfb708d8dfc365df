// klantlab's workshop wall (anywidget ES module, no build step).
//
// The board comes from Python (the live workbook state); this module only
// draws it and turns clicks, typing, drags and keys into actions. Every
// action is saved (or refused) by Python; the board that comes back is the
// truth. What this module keeps for itself is only what is on screen: the
// post-it being typed, an open menu, the focus, the zoom, projector mode.

const SIDES = ["inside", "outside"];

function h(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of [].concat(children)) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

function svg(tag, attrs = {}) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  return node;
}

function render({ model, el }) {
  const ui = {
    editing: null, // the post-it being typed: {id (null: a new one), lane, side, index, text, sub, saving, message}
    menu: null, // id of the post-it whose menu is open
    fk: null, // focus key of the element that had the focus
    refusals: {}, // post-it id -> message of its last refused action
    typed: {}, // post-it id -> the count typed in its menu, until it is saved
    typedSent: {}, // post-it id -> the request that sent the count typed (a later one typed is not let go by its reply)
    digits: null, // post-it id after its expectation was typed as a digit (the next digit is its performance)
    pending: {}, // request number -> what it was for
    status: "",
    zoom: 1,
    projector: false,
    help: false,
    drag: null,
  };
  let requests = 0;
  const root = h("div", { class: "kl-wall", "data-lm-suppress-shortcuts": "true" });
  el.append(root);

  const board = () => model.get("board") || {};
  const readOnly = () => Boolean(model.get("read_only"));
  const kind = () => model.get("kind");
  const notes = () => board().notes || [];
  const lanes = () => board().lanes || [];

  function T(key, params = {}) {
    let text = (model.get("texts") || {})[key] ?? key;
    for (const [name, value] of Object.entries(params)) text = text.split(`{${name}}`).join(String(value));
    return text;
  }

  function send(action, purpose) {
    requests += 1;
    ui.pending[requests] = purpose || action;
    model.send({ ...action, request: requests });
    return requests;
  }

  function onMessage(message) {
    if (!message || message.reply === undefined) return;
    const purpose = ui.pending[message.reply];
    delete ui.pending[message.reply];
    for (const field of (purpose && purpose.fields) || []) {
      const key = `${purpose.id}:${field}`;
      if (sent[key] && sent[key].request === message.reply) delete sent[key];
    }
    if (!purpose || purpose.action === "select") return;
    const text = [message.message, ...(message.details || [])].filter(Boolean).join(" · ");
    if (message.ok) {
      ui.status = message.message || "";
      if (purpose.id) delete ui.refusals[purpose.id];
      if (purpose.count && ui.typedSent[purpose.id] === message.reply) { // this count is saved; the board shows it now
        delete ui.typed[purpose.id];
        delete ui.typedSent[purpose.id];
      }
      if (ui.editing && ui.editing.saving === message.reply) {
        ui.editing = null;
        ui.fk = `note:${message.id || purpose.id}`;
        focusAfterDraw = true;
      }
    } else if ((ui.editing && ui.editing.saving === message.reply) || (!ui.editing && purpose.draft)) {
      ui.editing = ui.editing || purpose.draft; // what was typed stays, with the reason it was not saved
      ui.editing.saving = null;
      ui.editing.message = text;
      ui.fk = "in:text";
      focusAfterDraw = true;
    } else if (purpose.id) {
      ui.refusals[purpose.id] = text;
      ui.status = text;
      if (purpose.reopen) {
        ui.menu = purpose.reopen;
        ui.fk = `menuitem:${purpose.reopen}:mentions`;
        focusAfterDraw = true;
      }
    } else {
      ui.status = text;
    }
    draw();
  }

  // --- focus kept across redraws --------------------------------------------------------------------------------

  let focusAfterDraw = false;
  let caret = null;
  let selecting = null;
  root.addEventListener("focusin", (event) => {
    const key = event.target.dataset && event.target.dataset.fk;
    if (key) ui.fk = key;
    if (ui.digits && key !== `note:${ui.digits}`) ui.digits = null;
    // a post-it that keeps the keyboard's focus is the one the form beside the wall shows, as after a click
    clearTimeout(selecting);
    const id = key && key.startsWith("note:") ? key.slice(5) : null;
    if (id && id !== model.get("selected") && !drawing) {
      selecting = setTimeout(() => {
        if (ui.fk === key && !readOnly()) send({ action: "select", id }, { action: "select" });
      }, 400);
    }
  });
  root.addEventListener("input", (event) => {
    if (!ui.editing) return;
    const field = event.target.dataset.field;
    if (field) ui.editing[field] = event.target.value;
  });

  function restoreFocus(hadFocus) {
    if (!(hadFocus || focusAfterDraw) || !ui.fk) return;
    focusAfterDraw = false;
    const target = root.querySelector(`[data-fk="${CSS.escape(ui.fk)}"]`);
    if (!target) return;
    target.focus({ preventScroll: false });
    if (caret && target.setSelectionRange && ui.fk === caret.fk) target.setSelectionRange(caret.start, caret.end);
    else if (ui.fk.endsWith(":mentions")) target.select(); // the count typed replaces the one shown
  }

  // --- drawing --------------------------------------------------------------------------------------------------

  let drawing = false;

  function draw() {
    drawing = true;
    try {
      drawNow();
    } finally {
      drawing = false;
    }
  }

  function drawNow() {
    const active = document.activeElement;
    const hadFocus = root.contains(active);
    caret = hadFocus && active.selectionStart !== undefined && active.dataset.fk
      ? { fk: active.dataset.fk, start: active.selectionStart, end: active.selectionEnd }
      : null;
    if (ui.editing && ui.editing.id && !notes().some((n) => n.id === ui.editing.id)) ui.editing = null;
    if (ui.menu && !notes().some((n) => n.id === ui.menu)) ui.menu = null;
    root.className = `kl-wall kl-${kind()}` + (ui.projector ? " kl-projector" : "") + (readOnly() ? " kl-read-only" : "");
    root.style.setProperty("--kl-zoom", String(ui.zoom));
    root.replaceChildren(toolbar(), kind() === "journey" ? journeyBoard() : stakeholderBoard());
    if (ui.help) root.append(h("div", { class: "kl-help", role: "note" }, [
      h("p", { text: T("shortcuts_text") }),
      h("p", { text: T(`${kind()}.shortcuts_text`) }),
    ]));
    if (kind() === "journey") drawCurve();
    fit();
    restoreFocus(hadFocus);
  }

  function toolbar() {
    const title = h("h3", { class: "kl-title", text: board().title || "" });
    const tools = h("div", { class: "kl-tools" }, [
      h("button", { class: "kl-tool", "data-fk": "tool:zoom_out", "aria-label": T("zoom_out"), title: T("zoom_out"),
        text: "A−", onclick: () => { ui.zoom = Math.max(0.6, ui.zoom - 0.1); draw(); } }),
      h("button", { class: "kl-tool", "data-fk": "tool:zoom_in", "aria-label": T("zoom_in"), title: T("zoom_in"),
        text: "A+", onclick: () => { ui.zoom = Math.min(2, ui.zoom + 0.1); draw(); } }),
      readOnly() ? null : h("button", { class: "kl-tool", "data-fk": "tool:help", "aria-label": T("shortcuts"),
        title: T("shortcuts"), "aria-expanded": String(ui.help), text: "⌨ ?",
        onclick: () => { ui.help = !ui.help; draw(); } }),
      h("button", { class: "kl-tool kl-tool-projector", "data-fk": "tool:projector",
        "aria-label": ui.projector ? T("projector_end") : T("projector"),
        title: ui.projector ? T("projector_end") : T("projector"), "aria-pressed": String(ui.projector),
        text: ui.projector ? "✕ " + T("projector_end") : "⛶ " + T("projector"), onclick: toggleProjector }),
    ]);
    const status = h("div", { class: "kl-status", role: "status", "aria-live": "polite",
      text: readOnly() ? "" : ui.status });
    return h("div", { class: "kl-toolbar" }, [title, tools, status]);
  }

  function cellNotes(lane, side) {
    return notes().filter((n) => n.lane === lane && (side === null || n.side === side));
  }

  function cell(lane, side, label) {
    const list = h("div", { class: "kl-cell", role: "list", "aria-label": label, "data-lane": lane.id,
      "data-side": side || "" });
    const items = cellNotes(lane.id, side);
    const edit = ui.editing;
    const draftHere = edit && edit.id === null && edit.lane === lane.id && (side === null || edit.side === side);
    const draftAt = draftHere ? Math.min(edit.index ?? items.length, items.length) : -1; // a new post-it's place
    items.forEach((note, index) => {
      if (index === draftAt) list.append(editor(edit));
      list.append(edit && edit.id === note.id ? editor(edit) : postIt(note));
    });
    if (draftAt === items.length) list.append(editor(edit));
    if (!readOnly() && board().can_add) {
      // a list holds list items only: the "+" sits in one of its own (laid out as if it were not there)
      list.append(h("div", { class: "kl-add-slot", role: "listitem" }, [h("button", { class: "kl-add",
        "data-fk": `add:${lane.id}:${side || ""}`, "aria-label": T("add_here", { place: label }),
        title: T("add_here", { place: label }), text: "+",
        onclick: (event) => { event.stopPropagation(); startNew(lane.id, side, null); } })]));
      list.addEventListener("click", (event) => {
        // a drag ending in the same layer also ends in a click on it: that one adds nothing
        if (event.target === list && !dragEnded) startNew(lane.id, side, null);
      });
    }
    return list;
  }

  function stakeholderBoard() {
    // wide: a grid of inside | layer | outside (each layer's row is `display: contents`); a narrow wall (see
    // wall.css) stacks each row: the layer's title as a bar, then its inside and its outside post-its, labelled
    const grid = h("div", { class: "kl-board kl-pyramid", "aria-label": T("wall_name"), role: "group" });
    grid.append(h("div", { class: "kl-side-head", "data-side": "inside", text: board().sides?.[0]?.title || "" }),
      h("div", { class: "kl-corner" }),
      h("div", { class: "kl-side-head", "data-side": "outside", text: board().sides?.[1]?.title || "" }));
    const count = lanes().length;
    lanes().forEach((lane, row) => {
      const [inside, outside] = SIDES.map((side) => [
        h("div", { class: "kl-side-label", "data-side": side, "aria-hidden": "true", text: sideTitle(side) }),
        cell(lane, side, `${lane.title} · ${sideTitle(side)}`),
      ]);
      const top = 50 - (30 + (row / count) * 70) / 2;
      const bottom = 50 - (30 + ((row + 1) / count) * 70) / 2;
      const layer = h("div", { class: "kl-layer", title: lane.hint,
        style: `--kl-layer:${lane.colour};--kl-ink:${lane.ink};--kl-shape:polygon(${top}% 0,${100 - top}% 0,${100 - bottom}% 100%,${bottom}% 100%)` },
        [h("span", { class: "kl-layer-title", text: lane.title })]);
      grid.append(h("div", { class: "kl-row", "data-lane": lane.id }, [...inside, layer, ...outside]));
    });
    return grid;
  }

  function sideTitle(side) {
    return T(`stakeholders.${side}`);
  }

  function journeyBoard() {
    const wrap = h("div", { class: "kl-board kl-journey-board", role: "group", "aria-label": T("wall_name") });
    const columns = h("div", { class: "kl-columns" });
    for (const lane of lanes()) {
      columns.append(h("div", { class: "kl-column" }, [
        h("div", { class: "kl-phase-head" }, [
          h("div", { class: "kl-phase-name", text: lane.title }),
          lane.hint ? h("div", { class: "kl-phase-sentence", text: `“${lane.hint}”` }) : null,
        ]),
        cell(lane, null, lane.title),
      ]));
    }
    if (!lanes().length) columns.append(h("p", { class: "kl-empty", text: T("empty") }));
    wrap.append(columns, h("div", { class: "kl-curve", role: "img" }));
    return wrap;
  }

  function drawCurve() {
    const holder = root.querySelector(".kl-curve");
    if (!holder) return;
    const count = lanes().length || 1;
    const points = [];
    lanes().forEach((lane, column) => {
      const items = cellNotes(lane.id, null);
      items.forEach((note, index) => {
        points.push({ x: ((column + (index + 1) / (items.length + 1)) / count) * 1000, y: 10 + ((2 - note.emotion) / 4) * 80,
          note });
      });
    });
    const picture = svg("svg", { viewBox: "0 0 1000 100", preserveAspectRatio: "none", class: "kl-curve-svg",
      "aria-hidden": "true" });
    for (let line = 1; line < count; line += 1) {
      picture.append(svg("line", { x1: (line / count) * 1000, x2: (line / count) * 1000, y1: 0, y2: 100,
        class: "kl-curve-sep" }));
    }
    picture.append(svg("line", { x1: 0, x2: 1000, y1: 50, y2: 50, class: "kl-curve-zero" }));
    picture.append(svg("polyline", { points: points.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" "),
      class: "kl-curve-line" }));
    holder.replaceChildren(picture);
    for (const point of points) {
      holder.append(h("span", { class: `kl-curve-dot kl-emotion-${point.note.emotion}`, "data-id": point.note.id,
        style: `left:${point.x / 10}%;top:${point.y}%`, title: `${point.note.text}: ${T(`emotion.${point.note.emotion}`)}` }));
    }
    holder.setAttribute("aria-label", `${T("journey.curve")}: ` + (points.length
      ? points.map((p) => `${p.note.text} ${T(`emotion.${p.note.emotion}`)}`).join(", ") : T("empty")));
    holder.dataset.emotions = points.map((p) => p.note.emotion).join(",");
    holder.prepend(h("span", { class: "kl-curve-label", text: T("journey.curve") }));
  }

  // --- one post-it ----------------------------------------------------------------------------------------------

  function describe(note) {
    if (kind() === "journey") {
      const parts = [note.text, note.sub, `${T("journey.emotion")}: ${T(`emotion.${note.emotion}`)}`];
      if (note.expectation) parts.push(`${T("journey.expectation")} ${note.expectation}`);
      if (note.performance) parts.push(`${T("journey.performance")} ${note.performance}`);
      if (note.moment) parts.push(T("journey.moment"));
      parts.push(T("journey.mentions_of", { n: note.mentions }));
      return parts.filter(Boolean).join(", ");
    }
    return [note.text, note.sub, T(`attitude.${note.attitude}`), T("stakeholders.influence_of", { n: note.influence }),
      note.verified ? T("stakeholders.verified") : T("stakeholders.assumption"),
      note.partner ? T("stakeholders.partner") : null].filter(Boolean).join(", ");
  }

  function postIt(note) {
    const classes = ["kl-note"];
    if (kind() === "journey") {
      classes.push(`kl-emotion-${note.emotion}`);
      if (note.moment && note.outside) classes.push("kl-moment-both");
      else if (note.moment) classes.push("kl-moment-inside");
      else if (note.outside) classes.push("kl-moment-outside");
    } else {
      classes.push(`kl-att-${note.attitude}`, note.verified ? "kl-verified" : "kl-assumption");
      if (note.partner) classes.push("kl-partner");
    }
    if (model.get("selected") === note.id) classes.push("kl-selected");
    const node = h("div", { class: classes.join(" "), role: "listitem", tabindex: 0, "data-id": note.id,
      "data-fk": `note:${note.id}`, "aria-label": describe(note) }, [
      h("div", { class: "kl-note-text", text: note.text }),
      note.sub || note.means ? h("div", { class: "kl-note-sub", text: [note.sub, note.means].filter(Boolean).join(" · ") })
        : null,
      kind() === "journey" ? journeyBar(note) : stakeholderBar(note),
    ]);
    if (ui.refusals[note.id]) node.append(h("div", { class: "kl-note-msg", role: "alert", text: ui.refusals[note.id] }));
    if (ui.menu === note.id) node.append(menu(note));
    if (!readOnly()) {
      node.addEventListener("pointerdown", (event) => pointerDown(event, note, node));
      node.addEventListener("keydown", (event) => noteKey(event, note));
    } else {
      node.addEventListener("keydown", (event) => navigationKey(event, note));
    }
    return node;
  }

  function button(label, text, action, attrs = {}) {
    return h("button", { class: "kl-chip", "aria-label": label, title: label, text, tabindex: -1,
      onclick: (event) => { event.stopPropagation(); action(); }, ...attrs });
  }

  // what was just sent for a post-it, until its reply: keys pressed quickly build on it, not on the older board
  const sent = {};
  const NOTE_KEYS = { moment_of_truth_inside_out: "moment", outside_in_mentions: "mentions", strategic_partner: "partner" };

  function current(note, field) {
    const key = `${note.id}:${field}`;
    return key in sent ? sent[key].value : note[NOTE_KEYS[field] || field];
  }

  function remember(note, values, request) {
    for (const [field, value] of Object.entries(values)) sent[`${note.id}:${field}`] = { value, request };
  }

  function set(note, field, value) {
    const request = send({ action: "set", id: note.id, field, value }, { action: "set", id: note.id, fields: [field] });
    remember(note, { [field]: value }, request);
  }

  function stakeholderBar(note) {
    const dots = h("span", { class: "kl-dots", role: "group", "aria-label": T("stakeholders.influence") });
    for (let level = 1; level <= 5; level += 1) {
      const on = level <= note.influence;
      dots.append(readOnly()
        ? h("span", { class: `kl-dot${on ? " kl-on" : ""}`, "aria-hidden": "true" })
        : h("button", { class: `kl-dot${on ? " kl-on" : ""}`, tabindex: -1, "aria-pressed": String(level === note.influence),
          "aria-label": T("stakeholders.influence_of", { n: level }), title: T("stakeholders.influence_of", { n: level }),
          onclick: (event) => { event.stopPropagation(); set(note, "influence", level); } }));
    }
    const sign = { supporter: "+", neutral: "0", opponent: "−" }[note.attitude];
    const next = { supporter: "neutral", neutral: "opponent", opponent: "supporter" }[note.attitude];
    const bar = h("div", { class: "kl-note-bar" }, [dots]);
    if (readOnly()) {
      bar.append(h("span", { class: "kl-chip kl-att", text: sign, "aria-hidden": "true" }),
        h("span", { class: "kl-chip", text: note.verified ? "✓" : "?", "aria-hidden": "true" }));
      return bar;
    }
    bar.append(
      button(`${T("stakeholders.attitude")}: ${T(`attitude.${note.attitude}`)}`, sign, () => set(note, "attitude", next),
        { class: "kl-chip kl-att" }),
      button(note.verified ? T("stakeholders.verified") : T("stakeholders.assumption"), note.verified ? "✓" : "?",
        () => set(note, "verified", !note.verified), { "aria-pressed": String(note.verified), class: "kl-chip kl-ver" }),
      menuButton(note),
    );
    return bar;
  }

  function journeyBar(note) {
    const score = (value) => (value ? String(value) : "–");
    const bar = h("div", { class: "kl-note-bar" }, [
      h("span", { class: "kl-chip kl-emo", text: ["☹−2", "☹−1", "0", "☺+1", "☺+2"][note.emotion + 2],
        title: `${T("journey.emotion")}: ${T(`emotion.${note.emotion}`)}`, "aria-hidden": "true" }),
      h("span", { class: "kl-chip kl-ep", text: `${T("journey.expectation").slice(0, 1)}${score(note.expectation)}·`
        + `${T("journey.performance").slice(0, 1)}${score(note.performance)}`, "aria-hidden": "true" }),
    ]);
    if (readOnly()) {
      if (note.moment) bar.append(h("span", { class: "kl-chip kl-mot kl-on", text: "★", "aria-hidden": "true" }));
      bar.append(h("span", { class: "kl-chip kl-mentions", text: `${T("journey.mentions_short")}${note.mentions}`, "aria-hidden": "true" }));
      return bar;
    }
    bar.append(
      button(T("journey.moment"), "★", () => set(note, "moment_of_truth_inside_out", !note.moment),
        { "aria-pressed": String(note.moment), class: `kl-chip kl-mot${note.moment ? " kl-on" : ""}` }),
      h("span", { class: "kl-chip kl-mentions", text: `${T("journey.mentions_short")}${note.mentions}`,
        title: T("journey.mentions_of", { n: note.mentions }),
        "aria-hidden": "true" }),
      menuButton(note),
    );
    return bar;
  }

  function menuButton(note) {
    return h("button", { class: "kl-chip kl-menu-button", tabindex: -1, "data-fk": `menu:${note.id}`,
      "aria-label": T("menu", { name: note.text }), title: T("menu", { name: note.text }), "aria-haspopup": "true",
      "aria-expanded": String(ui.menu === note.id), text: "⋯",
      onclick: (event) => { event.stopPropagation(); openMenu(note.id); } });
  }

  function openMenu(id) {
    ui.menu = ui.menu === id ? null : id;
    ui.fk = ui.menu ? `menuitem:${id}:0` : `note:${id}`;
    focusAfterDraw = true;
    draw();
  }

  function menu(note) {
    const rows = [];
    let number = 0;
    const choice = (label, field, options, current) => {
      const group = h("div", { class: "kl-menu-row", role: "group", "aria-label": label }, [h("span", { class: "kl-menu-label", text: label })]);
      for (const [value, text, name] of options) {
        group.append(h("button", { class: `kl-menu-item${value === current ? " kl-on" : ""}`, "data-fk": `menuitem:${note.id}:${number}`,
          "aria-pressed": String(value === current), "aria-label": `${label}: ${name || text}`, text,
          onclick: (event) => { event.stopPropagation(); set(note, field, value); } }));
        number += 1;
      }
      rows.push(group);
    };
    const toggle = (label, field, current) => {
      rows.push(h("div", { class: "kl-menu-row" }, [h("button", { class: `kl-menu-item kl-wide${current ? " kl-on" : ""}`,
        "data-fk": `menuitem:${note.id}:${number}`, role: "switch", "aria-checked": String(Boolean(current)), text: `${current ? "☑" : "☐"} ${label}`,
        "aria-label": label, onclick: (event) => { event.stopPropagation(); set(note, field, !current); } })]));
      number += 1;
    };
    const scores = (label, field, current) => choice(label, field,
      [[null, "–", T("journey.none")], ...[1, 2, 3, 4, 5].map((v) => [v, String(v)])], current ?? null);
    if (kind() === "journey") {
      scores(T("journey.expectation"), "expectation", note.expectation);
      scores(T("journey.performance"), "performance", note.performance);
      choice(T("journey.emotion"), "emotion", [-2, -1, 0, 1, 2].map((v) => [v, v > 0 ? `+${v}` : String(v), T(`emotion.${v}`)]),
        note.emotion);
      scores(T("journey.intensity"), "intensity", note.intensity);
      toggle(T("journey.moment"), "moment_of_truth_inside_out", note.moment);
      const count = h("input", { class: "kl-input kl-count", "data-fk": `menuitem:${note.id}:mentions`, inputmode: "numeric",
        "aria-label": T("journey.mentions"), value: String(note.mentions), autocomplete: "off" });
      count.value = ui.typed[note.id] ?? String(note.mentions); // a refused count stays as typed
      count.addEventListener("input", () => { ui.typed[note.id] = count.value; delete ui.typedSent[note.id]; });
      count.addEventListener("keydown", (event) => {
        if (event.key !== "Enter") return;
        event.preventDefault();
        event.stopPropagation();
        // Enter saves the count and closes the menu, back on the post-it (a refused count opens it again, as typed)
        ui.typedSent[note.id] = send({ action: "set", id: note.id, field: "outside_in_mentions", value: count.value },
          { action: "set", id: note.id, reopen: note.id, count: true });
        openMenu(note.id);
      });
      const counter = h("div", { class: "kl-menu-row", role: "group", "aria-label": T("journey.mentions") }, [
        h("span", { class: "kl-menu-label", text: T("journey.mentions") }),
        h("button", { class: "kl-menu-item", "data-fk": `menuitem:${note.id}:${number}`, "aria-label": T("journey.fewer"), text: "−",
          disabled: note.mentions <= 0, onclick: (event) => { event.stopPropagation(); set(note, "outside_in_mentions", note.mentions - 1); } }),
        count,
        h("button", { class: "kl-menu-item", "data-fk": `menuitem:${note.id}:${number + 1}`, "aria-label": T("journey.more"), text: "+",
          onclick: (event) => { event.stopPropagation(); set(note, "outside_in_mentions", note.mentions + 1); } }),
      ]);
      number += 2;
      rows.push(counter);
    } else {
      choice(T("stakeholders.attitude"), "attitude", ["supporter", "neutral", "opponent"].map((v) => [v, T(`attitude.${v}`)]),
        note.attitude);
      choice(T("stakeholders.influence"), "influence", [1, 2, 3, 4, 5].map((v) => [v, String(v), T("stakeholders.influence_of", { n: v })]),
        note.influence);
      toggle(T("stakeholders.verified"), "verified", note.verified);
      toggle(T("stakeholders.partner"), "strategic_partner", note.partner);
    }
    rows.push(h("div", { class: "kl-menu-row" }, [
      h("button", { class: "kl-menu-item", "data-fk": `menuitem:${note.id}:${number}`, text: T("edit"),
        onclick: (event) => { event.stopPropagation(); ui.menu = null; startEdit(note); } }),
      h("button", { class: "kl-menu-item kl-danger", "data-fk": `menuitem:${note.id}:${number + 1}`, text: T("delete"),
        onclick: (event) => { event.stopPropagation(); remove(note); } }),
      h("button", { class: "kl-menu-item", "data-fk": `menuitem:${note.id}:${number + 2}`, text: T("close_menu"),
        onclick: (event) => { event.stopPropagation(); openMenu(note.id); } }),
    ]));
    const box = h("div", { class: "kl-menu", role: "group", "aria-label": T("menu", { name: note.text }) }, rows);
    box.addEventListener("keydown", (event) => {
      event.stopPropagation();
      if (event.key === "Escape") { // closing the menu lets go of a count not saved, and of what was said about it
        event.preventDefault();
        delete ui.typed[note.id];
        delete ui.typedSent[note.id];
        delete ui.refusals[note.id];
        openMenu(note.id);
      }
    });
    box.addEventListener("pointerdown", (event) => event.stopPropagation());
    return box;
  }

  // --- typing on a post-it --------------------------------------------------------------------------------------

  function startNew(lane, side, index) {
    if (readOnly() || (ui.editing && ui.editing.saving)) return;
    ui.editing = { id: null, lane, side: side || null, index, text: "", sub: "", saving: null, message: "" };
    ui.menu = null;
    ui.fk = "in:text";
    focusAfterDraw = true;
    draw();
  }

  function startEdit(note) {
    if (readOnly()) return;
    ui.editing = { id: note.id, lane: note.lane, side: note.side || null, index: null, text: note.text,
      sub: note.sub || "", saving: null, message: "" };
    ui.fk = "in:text";
    focusAfterDraw = true;
    draw();
  }

  function commit() {
    const edit = ui.editing;
    if (!edit || edit.saving) return;
    const text = edit.text.trim();
    const sub = edit.sub.trim();
    if (edit.id === null && !text && !sub) { cancel(); return; }
    if (edit.id !== null) {
      const note = notes().find((n) => n.id === edit.id);
      if (note && note.text === text && (note.sub || "") === sub) { cancel(); return; }
      edit.saving = send({ action: "edit", id: edit.id, text, sub }, { action: "edit", id: edit.id, draft: edit });
    } else {
      edit.saving = send({ action: "add", lane: edit.lane, side: edit.side, index: edit.index, text, sub }, { action: "add", draft: edit });
    }
    draw();
  }

  function cancel() {
    const edit = ui.editing;
    ui.editing = null;
    ui.fk = edit && edit.id ? `note:${edit.id}` : null;
    focusAfterDraw = true;
    draw();
  }

  function editor(edit) {
    const subLabel = T(`${kind()}.sub`);
    const input = (field, label, placeholder) => h("input", { class: `kl-input kl-input-${field}`, "data-field": field,
      "data-fk": `in:${field}`, "aria-label": label, placeholder, value: edit[field], readonly: edit.saving ? true : null,
      autocomplete: "off" });
    const node = h("div", { class: "kl-note kl-editing" + (edit.message ? " kl-refused" : ""), role: "listitem",
      "data-id": edit.id || "" }, [
      input("text", T(`${kind()}.text`), T(`${kind()}.text`)),
      input("sub", subLabel, subLabel),
      edit.saving ? h("div", { class: "kl-note-saving", text: T("saving") }) : null,
      edit.message ? h("div", { class: "kl-note-msg", role: "alert", text: edit.message }) : null,
    ]);
    node.querySelectorAll("input").forEach((field) => { field.value = edit[field.dataset.field]; });
    node.addEventListener("keydown", (event) => {
      event.stopPropagation();
      if (event.key === "Enter") { event.preventDefault(); commit(); }
      else if (event.key === "Escape") { event.preventDefault(); cancel(); }
    });
    node.addEventListener("focusout", (event) => {
      // leaving the post-it (not a redraw, not a move between its two boxes) finishes it, as Enter does
      if (drawing || node.contains(event.relatedTarget) || ui.editing !== edit || edit.saving) return;
      setTimeout(() => {
        const open = root.querySelector(".kl-editing");
        if (ui.editing === edit && !edit.saving && !(open && open.contains(document.activeElement))) commit();
      }, 0);
    });
    node.addEventListener("pointerdown", (event) => event.stopPropagation());
    node.addEventListener("click", (event) => event.stopPropagation());
    return node;
  }

  function remove(note) {
    ui.menu = null;
    const after = neighbour(note, 1) || neighbour(note, -1);
    ui.fk = after ? `note:${after.id}` : null;
    focusAfterDraw = true;
    send({ action: "delete", id: note.id }, { action: "delete" });
  }

  // --- keys -----------------------------------------------------------------------------------------------------

  function neighbour(note, step) {
    const all = notes();
    const index = all.findIndex((n) => n.id === note.id);
    return all[index + step];
  }

  function laneStep(note, step) {
    const ids = lanes().map((l) => l.id);
    return ids[ids.indexOf(current(note, "lane")) + step];
  }

  function moveBy(note, change) {
    const target = { lane: current(note, "lane"), side: current(note, "side") || null, index: null, ...change };
    if (!target.lane) return;
    ui.fk = `note:${note.id}`;
    focusAfterDraw = true;
    ui.status = T("moved_by_keys");
    const request = send({ action: "move", id: note.id, lane: target.lane, side: target.side, index: target.index },
      { action: "move", id: note.id, fields: ["lane", "side"] });
    remember(note, { lane: target.lane, side: target.side }, request);
  }

  function reorder(note, step) {
    const same = cellNotes(current(note, "lane"), current(note, "side") ?? null).map((n) => n.id);
    const index = same.indexOf(note.id) + step;
    if (index < 0 || index >= same.length) return;
    moveBy(note, { index });
  }

  function navigationKey(event, note) {
    const directions = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const direction = directions[event.key];
    if (!direction || event.altKey || event.ctrlKey || event.metaKey) return false;
    event.preventDefault();
    event.stopPropagation();
    const all = [...root.querySelectorAll(".kl-note[data-fk]")];
    if (direction[0]) { // left and right: the previous or next post-it in the wall's reading order
      const next = all[all.indexOf(event.currentTarget) + direction[0]];
      if (next) next.focus();
      return true;
    }
    const here = event.currentTarget.getBoundingClientRect();
    const cx = here.left + here.width / 2;
    const cy = here.top + here.height / 2;
    let best = null;
    let bestScore = Infinity;
    for (const other of all) {
      if (other === event.currentTarget) continue;
      const box = other.getBoundingClientRect();
      const dx = box.left + box.width / 2 - cx;
      const dy = box.top + box.height / 2 - cy;
      const along = dx * direction[0] + dy * direction[1];
      if (along <= 1) continue;
      const across = Math.abs(direction[0] ? dy : dx);
      const score = along + 3 * across;
      if (score < bestScore) { bestScore = score; best = other; }
    }
    if (best) best.focus();
    return true;
  }

  function noteKey(event, note) {
    if (event.target !== event.currentTarget) return;
    event.stopPropagation();
    if (navigationKey(event, note)) return;
    const key = event.key;
    const journey = kind() === "journey";
    if (event.altKey && key.startsWith("Arrow")) {
      event.preventDefault();
      if (journey) {
        if (key === "ArrowLeft" || key === "ArrowRight") moveBy(note, { lane: laneStep(note, key === "ArrowLeft" ? -1 : 1) });
        else reorder(note, key === "ArrowUp" ? -1 : 1);
      } else if (event.shiftKey && (key === "ArrowLeft" || key === "ArrowRight")) {
        reorder(note, key === "ArrowLeft" ? -1 : 1);
      } else if (key === "ArrowUp" || key === "ArrowDown") {
        moveBy(note, { lane: laneStep(note, key === "ArrowUp" ? -1 : 1) });
      } else {
        moveBy(note, { side: key === "ArrowLeft" ? "inside" : "outside" });
      }
      return;
    }
    if (event.ctrlKey || event.metaKey) return;
    const handled = () => event.preventDefault();
    if (key === "Enter" || key === "F2") { handled(); startEdit(note); return; }
    if (key === "Delete" || key === "Backspace") { handled(); remove(note); return; }
    if (key === "n" || key === "N") {
      handled();
      const lane = current(note, "lane");
      const side = current(note, "side") ?? null;
      startNew(lane, side, cellNotes(lane, side).map((n) => n.id).indexOf(note.id) + 1);
      return;
    }
    if (key === "." || key === "ContextMenu" || (key === "F10" && event.shiftKey)) { handled(); openMenu(note.id); return; }
    if (journey) {
      if (/^[1-5]$/.test(key)) { // two digits: the expectation, then the performance ("4" "2": 4 and 2)
        handled();
        const second = ui.digits === note.id;
        set(note, second ? "performance" : "expectation", Number(key));
        ui.digits = second ? null : note.id;
        return;
      }
      ui.digits = null;
      if (key === "k" || key === "K" || key === "c" || key === "C") {
        handled();
        ui.menu = note.id;
        ui.fk = `menuitem:${note.id}:mentions`;
        focusAfterDraw = true;
        draw();
        return;
      }
      if (key === "+" || key === "=") { handled(); set(note, "emotion", Math.min(2, current(note, "emotion") + 1)); }
      else if (key === "-") { handled(); set(note, "emotion", Math.max(-2, current(note, "emotion") - 1)); }
      else if (key === "m" || key === "M") { handled(); set(note, "moment_of_truth_inside_out", !current(note, "moment_of_truth_inside_out")); }
      return;
    }
    if (/^[1-5]$/.test(key)) { handled(); set(note, "influence", Number(key)); }
    else if (key === "+" || key === "=") { handled(); set(note, "attitude", "supporter"); }
    else if (key === "0") { handled(); set(note, "attitude", "neutral"); }
    else if (key === "-") { handled(); set(note, "attitude", "opponent"); }
    else if (key === "v" || key === "V") { handled(); set(note, "verified", !current(note, "verified")); }
    else if (key === "p" || key === "P") { handled(); set(note, "strategic_partner", !current(note, "strategic_partner")); }
  }

  root.addEventListener("keydown", (event) => {
    // keys typed on the wall are the wall's, not JupyterLab's (no "d d" deleting the cell)
    event.stopPropagation();
    if (event.key === "Escape" && ui.projector && !ui.editing && !ui.menu) toggleProjector();
  });

  // --- dragging -------------------------------------------------------------------------------------------------

  function pointerDown(event, note, node) {
    if (event.button !== 0 || event.target.closest("button, input, .kl-menu")) return;
    ui.drag = { id: note.id, note, node, x: event.clientX, y: event.clientY, started: false, ghost: null };
    document.addEventListener("pointermove", pointerMove);
    document.addEventListener("pointerup", pointerUp);
    document.addEventListener("pointercancel", pointerCancel);
  }

  function dropTarget(x, y, draggedId) {
    const cell = document.elementsFromPoint(x, y).map((e) => e.closest && e.closest(".kl-cell")).find(Boolean);
    if (!cell || !root.contains(cell)) return null;
    const others = [...cell.querySelectorAll(".kl-note[data-id]")].filter((n) => n.dataset.id !== draggedId);
    let index = others.length;
    for (let i = 0; i < others.length; i += 1) {
      const box = others[i].getBoundingClientRect();
      if (y < box.top || (y <= box.bottom && x < box.left + box.width / 2)) { index = i; break; }
    }
    return { cell, lane: cell.dataset.lane, side: cell.dataset.side || null, index };
  }

  function pointerMove(event) {
    const drag = ui.drag;
    if (!drag) return;
    if (!drag.started && Math.hypot(event.clientX - drag.x, event.clientY - drag.y) < 6) return;
    if (!drag.started) {
      drag.started = true;
      drag.node.classList.add("kl-dragging");
      const box = drag.node.getBoundingClientRect();
      drag.ghost = drag.node.cloneNode(true);
      drag.ghost.classList.add("kl-ghost");
      drag.ghost.removeAttribute("data-id");
      drag.ghost.removeAttribute("data-fk");
      drag.ghost.style.width = `${box.width}px`;
      drag.dx = drag.x - box.left;
      drag.dy = drag.y - box.top;
      root.append(drag.ghost);
    }
    drag.ghost.style.left = `${event.clientX - drag.dx}px`;
    drag.ghost.style.top = `${event.clientY - drag.dy}px`;
    root.querySelectorAll(".kl-drop").forEach((c) => c.classList.remove("kl-drop"));
    const target = dropTarget(event.clientX, event.clientY, drag.id);
    if (target) target.cell.classList.add("kl-drop");
  }

  function endDrag() {
    document.removeEventListener("pointermove", pointerMove);
    document.removeEventListener("pointerup", pointerUp);
    document.removeEventListener("pointercancel", pointerCancel);
    const drag = ui.drag;
    ui.drag = null;
    if (drag && drag.ghost) drag.ghost.remove();
    if (drag) drag.node.classList.remove("kl-dragging");
    root.querySelectorAll(".kl-drop").forEach((c) => c.classList.remove("kl-drop"));
    return drag;
  }

  function pointerCancel() {
    endDrag();
  }

  let dragEnded = false;

  function pointerUp(event) {
    const drag = endDrag();
    if (!drag) return;
    if (drag.started) {
      dragEnded = true;
      setTimeout(() => { dragEnded = false; }, 0);
    }
    if (!drag.started) {
      send({ action: "select", id: drag.id }, { action: "select" });
      startEdit(drag.note);
      return;
    }
    const target = dropTarget(event.clientX, event.clientY, drag.id);
    if (!target) return;
    const note = drag.note;
    const same = cellNotes(target.lane, target.side).filter((n) => n.id !== note.id);
    const unchanged = note.lane === target.lane && (note.side || null) === target.side
      && cellNotes(note.lane, note.side ?? null).map((n) => n.id).indexOf(note.id) === target.index;
    if (unchanged) return;
    ui.fk = `note:${note.id}`;
    const request = send({ action: "move", id: note.id, lane: target.lane, side: target.side,
      index: Math.min(target.index, same.length) }, { action: "move", id: note.id, fields: ["lane", "side"] });
    remember(note, { lane: target.lane, side: target.side }, request);
  }

  // --- projector ------------------------------------------------------------------------------------------------

  function toggleProjector() {
    ui.projector = !ui.projector;
    ui.fk = "tool:projector";
    focusAfterDraw = true;
    if (ui.projector && root.requestFullscreen && !document.fullscreenElement) {
      root.requestFullscreen().catch(() => {});
    } else if (!ui.projector && document.fullscreenElement === root) {
      document.exitFullscreen().catch(() => {});
    }
    draw();
  }

  function onFullscreen() {
    if (!document.fullscreenElement && ui.projector) { ui.projector = false; draw(); }
  }
  document.addEventListener("fullscreenchange", onFullscreen);

  function overflows(box) {
    return box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1;
  }

  function fit() {
    // projector mode: the largest text (from 30 px times the zoom, never below 24 px at zoom 1) at which every
    // layer or phase holds its post-its without scrolling; each finds its own post-it width, widest first
    const cells = [...root.querySelectorAll(".kl-cell")];
    if (!ui.projector) {
      root.style.removeProperty("--kl-font");
      cells.forEach((cell) => cell.style.removeProperty("--kl-note-width"));
      return;
    }
    const start = Math.round(30 * ui.zoom);
    for (let font = start; font >= Math.min(24, start); font -= 2) {
      root.style.setProperty("--kl-font", `${font}px`);
      let all = true;
      for (const cell of cells) {
        const width = [12, 10, 9, 8, 7, 6].find((em) => {
          cell.style.setProperty("--kl-note-width", `${em}em`);
          return !overflows(cell);
        });
        if (width === undefined) all = false;
      }
      if (all && !overflows(root)) return;
    }
  }

  const resize = new ResizeObserver(() => { if (ui.projector) fit(); });
  resize.observe(root);

  model.on("change:board", draw);
  model.on("change:selected", draw);
  model.on("change:read_only", draw);
  model.on("change:texts", draw);
  model.on("msg:custom", onMessage);
  draw();

  return () => {
    resize.disconnect();
    document.removeEventListener("fullscreenchange", onFullscreen);
    endDrag();
    model.off("change:board", draw);
    model.off("change:selected", draw);
    model.off("change:read_only", draw);
    model.off("change:texts", draw);
    model.off("msg:custom", onMessage);
  };
}

export default { render };
