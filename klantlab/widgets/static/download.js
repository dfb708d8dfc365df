// klantlab's "Download PDF" and "Download HTML" buttons (anywidget ES module, no build step).
//
// A click asks the kernel for the file (model.send); the kernel builds it from the workbook as it is now and
// sends the bytes back as a buffer, with the file's name. This module turns them into a Blob and saves it
// through a link with a download name. Its words come from Python (the catalog), none are its own.

const KINDS = ["pdf", "html"];
const NO_ANSWER_MS = 180000;

function render({ model, el }) {
  const T = (key, params = {}) => {
    let text = (model.get("texts") || {})[key] ?? key;
    for (const [name, value] of Object.entries(params)) text = text.split(`{${name}}`).join(String(value));
    return text;
  };
  const root = document.createElement("div");
  root.className = "kl-download kl-download-bar";
  root.setAttribute("role", "group");
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
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
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
    root.setAttribute("aria-label", T("buttons_label"));
    for (const kind of KINDS) {
      buttons[kind].textContent = T(`button.${kind}`);
      buttons[kind].title = T(`button.${kind}_hint`);
    }
  }

  for (const kind of KINDS) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = `kl-download-${kind}`;
    button.addEventListener("click", () => ask(kind));
    buttons[kind] = button;
    root.append(button);
  }
  root.append(status);
  el.append(root);
  draw();
  model.on("change:texts", draw);
  model.on("msg:custom", onMessage);
  return () => {
    for (const asked of Object.values(pending)) clearTimeout(asked.timer);
    model.off("change:texts", draw);
    model.off("msg:custom", onMessage);
  };
}

export default { render };
