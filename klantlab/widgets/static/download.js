// klantlab's downloads (anywidget ES module, no build step): the dashboard's "Download PDF" and "Download HTML"
// buttons, and the export panel's list of the files it wrote.
//
// A click asks the kernel for an item (model.send); the kernel makes or reads its file and sends the bytes back
// as a buffer, with the file's name. This module turns them into a Blob and saves it through a link with a
// download name. Its words come from Python (the catalog), none are its own.

const NO_ANSWER_MS = 180000;

function render({ model, el }) {
  const T = (key, params = {}) => {
    let text = (model.get("texts") || {})[key] ?? key;
    for (const [name, value] of Object.entries(params)) text = text.split(`{${name}}`).join(String(value));
    return text;
  };
  const root = document.createElement("div");
  root.setAttribute("role", "group");
  const list = document.createElement("div");
  const status = document.createElement("div");
  status.className = "kl-download-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  const buttons = {};
  const pending = {};
  let requests = 0;

  function say(text, failed = false) {
    status.textContent = text;
    status.classList.toggle("kl-failed", failed);
  }

  function idle(kind) {
    const button = buttons[kind];
    if (!button) return;
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }

  function finish(request) {
    const asked = pending[request];
    if (!asked) return null;
    delete pending[request];
    clearTimeout(asked.timer);
    idle(asked.kind);
    return asked;
  }

  function ask(kind) {
    if (Object.values(pending).some((asked) => asked.kind === kind)) return;
    requests += 1;
    const request = requests;
    const button = buttons[kind];
    if (button) {
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
    }
    say(T("busy"));
    pending[request] = { kind, timer: setTimeout(() => { if (finish(request)) say(T("no_answer"), true); }, NO_ANSWER_MS) };
    model.send({ action: "download", kind, request });
  }

  function save(name, mime, buffer) {
    const blob = new Blob([buffer], { type: mime });
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.style.display = "none";
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  function onMessage(message, buffers) {
    if (!message || message.reply === undefined) return;
    if (!finish(message.reply)) return;
    if (message.ok && buffers && buffers.length) {
      save(message.name, message.mime, buffers[0]);
      say(T("done", { name: message.name }));
    } else {
      say(message.message || T("no_answer"), true);
    }
  }

  function draw() {
    const links = model.get("look") === "links";
    root.className = `kl-download ${links ? "kl-download-links" : "kl-download-bar"}`;
    root.setAttribute("aria-label", T("buttons_label"));
    root.hidden = (model.get("items") || []).length === 0;
    list.replaceChildren();
    for (const key of Object.keys(buttons)) delete buttons[key];
    for (const item of model.get("items") || []) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = `kl-download-${item.id}`;
      button.textContent = item.label;
      button.title = item.hint || "";
      if (Object.values(pending).some((asked) => asked.kind === item.id)) {
        button.disabled = true;
        button.setAttribute("aria-busy", "true");
      }
      button.addEventListener("click", () => ask(item.id));
      buttons[item.id] = button;
      list.append(button);
    }
  }

  list.style.display = "contents";
  root.append(list, status);
  el.append(root);
  draw();
  model.on("change:texts", draw);
  model.on("change:items", draw);
  model.on("change:look", draw);
  model.on("msg:custom", onMessage);
  return () => {
    for (const asked of Object.values(pending)) clearTimeout(asked.timer);
    model.off("change:texts", draw);
    model.off("change:items", draw);
    model.off("change:look", draw);
    model.off("msg:custom", onMessage);
  };
}

export default { render };
