// klantlab's student panel (anywidget ES module, no build step): who is doing the exercises, and how far.
//
// The name (or student number) is asked once per browser: it is kept in this browser's localStorage, so a
// reload (or the next lesson) finds the student's answers again. Python loads them from the student's answer
// file beside the workbook and says the progress. Every word comes from Python (the catalog).

const STORE = "klantlab.student";

function render({ model, el }) {
  const T = (key) => (model.get("texts") || {})[key] ?? key;
  const root = document.createElement("div");
  root.className = "kl-student";
  el.append(root);

  function remembered() {
    try { return window.localStorage.getItem(STORE) || ""; } catch (error) { return ""; }
  }
  function remember(name) {
    try { if (name) window.localStorage.setItem(STORE, name); else window.localStorage.removeItem(STORE); }
    catch (error) { /* a browser that keeps nothing: the name is asked again next time */ }
  }
  function choose(name) {
    remember(name);
    model.set("student", name);
    model.save_changes();
  }

  function draw() {
    root.replaceChildren();
    const title = document.createElement("h1");
    title.className = "kl-student-title";
    title.textContent = model.get("title");
    const how = document.createElement("p");
    how.textContent = model.get("how");
    const intro = document.createElement("p");
    intro.className = "kl-student-intro";
    intro.textContent = model.get("intro");
    root.append(title, intro, how);
    const student = model.get("student");
    if (!student) {
      const form = document.createElement("form");
      form.className = "kl-student-form";
      const label = document.createElement("label");
      label.textContent = T("name_label");
      const input = document.createElement("input");
      input.type = "text";
      input.autocomplete = "name";
      input.maxLength = 200;
      label.append(input);
      const start = document.createElement("button");
      start.type = "submit";
      start.textContent = T("start");
      form.append(label, start);
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const name = input.value.trim();
        if (name) choose(name);
        else input.focus();
      });
      root.append(form);
    } else {
      const who = document.createElement("div");
      who.className = "kl-student-who";
      const name = document.createElement("span");
      name.textContent = model.get("signed_in");
      const other = document.createElement("button");
      other.type = "button";
      other.className = "kl-student-other";
      other.textContent = T("other");
      other.addEventListener("click", () => choose(""));
      who.append(name, other);
      root.append(who);
    }
    const progress = document.createElement("p");
    progress.className = "kl-student-progress";
    progress.setAttribute("role", "status");
    progress.setAttribute("aria-live", "polite");
    progress.textContent = model.get("progress");
    root.append(progress);
  }

  if (!model.get("student")) {
    const name = remembered();
    if (name) choose(name);
  }
  draw();
  for (const trait of ["student", "progress", "title", "how", "intro", "signed_in", "texts"]) model.on(`change:${trait}`, draw);
  return () => {
    for (const trait of ["student", "progress", "title", "how", "intro", "signed_in", "texts"]) model.off(`change:${trait}`, draw);
  };
}

export default { render };
