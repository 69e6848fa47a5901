// jzbot web page: plain JavaScript, no build step, no CDN. Talks to /api with the session cookie.
"use strict";

const $ = (sel, root = document) => root.querySelector(sel);
const state = { me: null, conversation: newId(), busy: false };

function newId() { return Math.random().toString(36).slice(2, 10); }

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c != null) node.append(c);
  return node;
}

const CSRF = { "X-Requested-With": "jzbot" };

async function api(path, options = {}) {
  const res = await fetch(path, {
    credentials: "same-origin",
    ...options,
    // X-Requested-With proves the request comes from this page: another page cannot send it without CORS.
    headers: { ...CSRF, ...(options.body && !(options.body instanceof FormData) ? { "Content-Type": "application/json" } : {}) },
  });
  if (res.status === 401 && path !== "/login") { showLogin(); throw new Error("请先登录"); }
  if (!res.ok) {
    let detail = res.statusText;
    try { const j = await res.json(); detail = typeof j.detail === "string" ? j.detail : JSON.stringify(j.detail); } catch (_) {}
    throw new Error(detail);
  }
  return res;
}

// -- login -------------------------------------------------------------------------------------------
function showLogin() {
  state.me = null;
  $("#login").hidden = false; $("#nav").hidden = true; $("#chat").hidden = true; $("#admin").hidden = true;
  $("#login-name").focus();
}

function showApp(me) {
  state.me = me;
  $("#login").hidden = true; $("#nav").hidden = false;
  $("#who").textContent = me.name + (me.role === "admin" ? "（管理员）" : "");
  $("#tab-admin").hidden = me.role !== "admin";
  showView("chat");
}

function showView(name) {
  for (const v of ["chat", "admin"]) $("#" + v).hidden = v !== name;
  document.querySelectorAll(".tab").forEach(t => t.classList.toggle("active", t.dataset.view === name));
  if (name === "admin") loadDocuments();
  else $("#question").focus();
}

$("#login-form").addEventListener("submit", async e => {
  e.preventDefault();
  $("#login-error").textContent = "";
  try {
    const res = await api("/login", { method: "POST", body: JSON.stringify({ name: $("#login-name").value, password: $("#login-password").value }) });
    $("#login-password").value = "";
    showApp(await res.json());
  } catch (err) { $("#login-error").textContent = err.message; }
});

$("#logout").addEventListener("click", async () => { await fetch("/logout", { method: "POST", headers: CSRF }); $("#messages").replaceChildren(); showLogin(); });
document.querySelectorAll(".tab").forEach(t => t.addEventListener("click", () => showView(t.dataset.view)));

// -- answers ---------------------------------------------------------------------------------------
function renderText(container, text, citations) {
  // "[n]" markers become links that open the citation; everything else stays text (no HTML from answers).
  container.replaceChildren();
  const byMarker = new Map((citations || []).map(c => [c.marker, c]));
  let last = 0;
  for (const m of text.matchAll(/\[(\d+)\]/g)) {
    container.append(text.slice(last, m.index));
    const c = byMarker.get(Number(m[1]));
    if (c) {
      const a = el("a", { class: "cite", href: "#", "data-marker": m[1], title: "《" + c.title + "》" }, m[0]);
      a.addEventListener("click", ev => { ev.preventDefault(); openCitation(c, a); });
      container.append(a);
    } else container.append(m[0]);
    last = m.index + m[0].length;
  }
  container.append(text.slice(last));
}

function openCitation(c, link) {
  document.querySelectorAll("a.cite.on").forEach(a => a.classList.remove("on"));
  if (link) link.classList.add("on");
  const p = $("#cite-panel");
  $(".cite-marker", p).textContent = "[" + c.marker + "]";
  $(".cite-title", p).textContent = "《" + c.title + "》";
  $(".cite-docno", p).textContent = c.doc_number ? "文号：" + c.doc_number : "";
  $(".cite-section", p).textContent = c.section ? "章节：" + c.section : "";
  $(".cite-quote", p).textContent = c.quote;
  $(".cite-source", p).textContent = "文件：" + c.source;
  p.hidden = false;
  if (window.innerWidth <= 760) p.scrollIntoView({ behavior: "smooth", block: "start" });
}
$("#cite-close").addEventListener("click", () => { $("#cite-panel").hidden = true; });

function addUser(text) {
  $("#empty-hint")?.remove();
  $("#messages").append(el("div", { class: "msg user" }, text));
}

function addBot() {
  const text = el("div", { class: "answer-text" }, "正在查阅资料……");
  const box = el("div", { class: "msg bot pending" }, text);
  $("#messages").append(box);
  box.scrollIntoView({ block: "end" });
  return box;
}

// Why no answer was given, from the typed Refusal value (never from the message text).
const REFUSAL_LABELS = {
  empty_index: "知识库为空", no_subject: "知识库中无此内容", wrong_year: "无该年度数据",
  unknown_docno: "未收录该文号", invalid_docno: "文号格式不正确", no_evidence: "未找到依据", bad_input: "输入无法处理",
};

function finishBot(box, reply, kind) {
  const a = reply.answer;
  box.classList.remove("pending");
  box.classList.toggle("refusal", !a.found);
  box.dataset.found = String(a.found);
  if (a.refusal) box.dataset.refusal = a.refusal;
  const text = $(".answer-text", box);
  renderText(text, a.answer, a.citations);
  box.prepend(el("span", { class: a.found ? "tag" : "tag no" }, a.found ? (kind === "draft" ? "起草" : "有据可查") : (REFUSAL_LABELS[a.refusal] || "未找到依据")));
  for (const n of a.notes || []) box.append(el("div", { class: "notes" }, n));
  if (a.citations?.length) {
    const list = el("ul", { class: "sources" });
    for (const c of a.citations) {
      const link = el("a", { class: "cite", href: "#", "data-marker": String(c.marker) }, "[" + c.marker + "]");
      link.addEventListener("click", ev => { ev.preventDefault(); openCitation(c, link); });
      list.append(el("li", {}, link, " 《" + c.title + "》" + (c.doc_number ? "（" + c.doc_number + "）" : "")));
    }
    box.append(list);
  }
  const actions = el("div", { class: "actions" });
  const fb = value => async ev => {
    await api("/api/feedback", { method: "POST", body: JSON.stringify({ log_id: reply.log_id, value }) });
    actions.querySelectorAll(".fb").forEach(b => b.classList.remove("chosen"));
    ev.target.classList.add("chosen");
  };
  actions.append(el("button", { type: "button", class: "fb fb-up", title: "有用", onclick: fb(1) }, "👍"),
                 el("button", { type: "button", class: "fb fb-down", title: "没用", onclick: fb(-1) }, "👎"));
  if (kind === "draft") {
    const copy = el("button", { type: "button", class: "copy" }, "复制");
    copy.addEventListener("click", async () => {
      await copyText(a.answer);
      copy.textContent = "已复制";
      setTimeout(() => { copy.textContent = "复制"; }, 1500);
    });
    actions.append(copy);
  }
  box.append(actions);
  box.scrollIntoView({ block: "end" });
}

async function copyText(text) {
  try { await navigator.clipboard.writeText(text); return; } catch (_) { /* plain http on an intranet: fall back */ }
  const t = el("textarea", { class: "offscreen" }); t.value = text;  // a class: the CSP allows no inline style
  document.body.append(t); t.select(); document.execCommand("copy"); t.remove();
}

async function* sseEvents(res) {
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buf.indexOf("\n\n")) >= 0) {
      const block = buf.slice(0, cut); buf = buf.slice(cut + 2);
      const event = (block.match(/^event: (.*)$/m) || [])[1] || "message";
      const data = block.split("\n").filter(l => l.startsWith("data: ")).map(l => l.slice(6)).join("\n");
      yield { event, data: JSON.parse(data) };
    }
  }
}

async function send(question, mode) {
  if (state.busy || !question.trim()) return;
  state.busy = true; $("#send").disabled = true;
  addUser(question);
  const box = addBot();
  try {
    if (mode === "draft") {
      const res = await api("/api/draft", { method: "POST", body: JSON.stringify({ topic: question, conversation_id: state.conversation }) });
      finishBot(box, await res.json(), "draft");
    } else {
      const res = await api("/api/ask", { method: "POST", body: JSON.stringify({ question, conversation_id: state.conversation, stream: true }) });
      for await (const ev of sseEvents(res)) {
        if (ev.event === "delta") $(".answer-text", box).textContent = ev.data.text + " …";
        else if (ev.event === "reply") finishBot(box, ev.data, "ask");
      }
    }
  } catch (err) {
    box.classList.remove("pending"); box.classList.add("refusal");
    $(".answer-text", box).textContent = "出错了：" + err.message;
  } finally { state.busy = false; $("#send").disabled = false; }
}

$("#ask-form").addEventListener("submit", e => {
  e.preventDefault();
  const q = $("#question").value; $("#question").value = "";
  send(q, document.querySelector("input[name=mode]:checked").value);
});
$("#question").addEventListener("keydown", e => {
  if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); $("#ask-form").requestSubmit(); }
});
document.querySelectorAll(".example").forEach(b => b.addEventListener("click", () => send(b.textContent, "ask")));
$("#new-conv").addEventListener("click", async () => {
  await api("/api/new", { method: "POST", body: JSON.stringify({ conversation_id: state.conversation }) });
  state.conversation = newId();
  $("#messages").replaceChildren(el("div", { class: "empty" }, "已开始新的对话。"));
  $("#cite-panel").hidden = true;
});

// -- 文号 look-up ---------------------------------------------------------------------------------------
$("#lookup-form").addEventListener("submit", async e => {
  e.preventDefault();
  const q = $("#lookup-input").value.trim();
  if (!q) return;
  const out = $("#lookup-result");
  out.textContent = "查询中……";
  try {
    const reply = await (await api("/api/lookup/" + encodeURIComponent(q))).json();
    const text = el("div", { class: "answer-text" });
    renderText(text, reply.answer.answer, reply.answer.citations);
    out.replaceChildren(el("span", { class: reply.answer.found ? "tag" : "tag no" }, reply.answer.found ? "已找到" : "未找到"), text);
  } catch (err) { out.textContent = err.message; }
});

// -- admin ------------------------------------------------------------------------------------------
async function loadDocuments() {
  const data = await (await api("/api/documents")).json();
  const body = $("#doc-table tbody");
  body.replaceChildren();
  // Quarantined documents (a passage instructs the assistant) first, marked, so an admin can remove them.
  for (const d of [...(data.quarantined || []), ...data.documents]) {
    const del = el("button", { type: "button", class: "del" }, "删除");
    del.addEventListener("click", async () => {
      if (!confirm("确定从知识库删除《" + d.title + "》？")) return;
      const job = await (await api("/api/documents/" + d.doc_id.split("/").map(encodeURIComponent).join("/"), { method: "DELETE" })).json();
      await followJob(job);
    });
    const fix = el("button", { type: "button", class: "fix" }, "更正");
    fix.addEventListener("click", async () => {
      const field = prompt("更正哪一项？title / issuer / place / level / genre / year / date / doc_number / recipients");
      if (!field) return;
      const value = prompt("新的值（留空则撤销更正）：") ?? "";
      try {
        await api("/api/documents/" + d.doc_id.split("/").map(encodeURIComponent).join("/") + "/identity",
          { method: "PUT", body: JSON.stringify({ field: field.trim(), value }) });
      } catch (err) { alert("更正失败：" + err.message); return; }
      await loadDocuments();
    });
    const who = [d.issuer, [d.place, d.level].filter(Boolean).join("/"), d.genre, d.year ? d.year + "年度" : ""]
      .map(x => x || "未知").join(" · ") + (d.corrected ? "（已更正：" + d.corrected + "）" : "");
    body.append(el("tr", { "data-doc": d.doc_id },
      el("td", {}, d.title, el("div", { class: "meta" }, d.doc_id), el("div", { class: "meta identity" }, who),
        d.status === "已隔离" ? el("div", { class: "quarantined" }, "已隔离：含疑似指令的文字，不用于回答") : null),
      el("td", {}, d.doc_number || "—"),
      el("td", {}, d.date || "—"), el("td", { class: "num" }, String(d.chunks)),
      el("td", { class: "num" }, String(d.flagged)), el("td", {}, d.status === "已隔离" ? null : fix, del)));
  }
  $("#doc-count").textContent = "（" + data.documents.length + " 个）";
}

async function followJob(job) {
  const status = $("#upload-status"), bar = $("#upload-progress");
  bar.hidden = false;
  for (;;) {
    const label = { upload: "入库", delete: "删除", reingest: "重新导入" }[job.kind];
    bar.value = job.total ? 50 + 50 * job.done / job.total : 50;
    status.textContent = label + "：" + ({ queued: "排队中", running: "处理中", done: "完成", failed: "失败" }[job.state]) +
      (job.total ? "（" + job.done + "/" + job.total + "）" : "") + (job.current ? " " + job.current : "");
    if (job.state === "done" || job.state === "failed") break;
    await new Promise(r => setTimeout(r, 400));
    job = await (await api("/api/jobs/" + job.id)).json();
  }
  bar.value = 100;
  if (job.state === "failed") status.textContent += "：" + job.error;
  else if (job.report) {
    const r = job.report;
    status.textContent += "：新增 " + r.added.length + "，更新 " + r.updated.length + "，未变 " + r.unchanged.length +
      "，移除 " + r.removed.length + "，失败 " + r.failed.length + (r.failed.length ? "（" + r.failed.map(f => f.error).join("；") + "）" : "");
  }
  status.dataset.state = job.state;
  await loadDocuments();
}

$("#upload-form").addEventListener("submit", e => {
  e.preventDefault();
  const files = $("#upload-input").files;
  if (!files.length) return;
  const form = new FormData();
  for (const f of files) form.append("files", f);
  const bar = $("#upload-progress"), status = $("#upload-status");
  bar.hidden = false; bar.value = 0; status.dataset.state = "uploading"; status.textContent = "上传中……";
  const xhr = new XMLHttpRequest();  // fetch() cannot report upload progress
  xhr.open("POST", "/api/documents");
  xhr.setRequestHeader("X-Requested-With", "jzbot");
  xhr.upload.onprogress = ev => { if (ev.lengthComputable) bar.value = 50 * ev.loaded / ev.total; };
  xhr.onload = () => {
    if (xhr.status === 202) followJob(JSON.parse(xhr.responseText));
    else { status.dataset.state = "failed"; try { status.textContent = JSON.parse(xhr.responseText).detail; } catch (_) { status.textContent = xhr.statusText; } }
  };
  xhr.onerror = () => { status.textContent = "上传失败"; };
  xhr.send(form);
});

$("#reingest").addEventListener("click", async () => {
  followJob(await (await api("/api/documents/reingest", { method: "POST" })).json());
});

// -- start ------------------------------------------------------------------------------------------
(async () => {
  const res = await fetch("/api/me", { credentials: "same-origin" });
  if (res.ok) showApp(await res.json()); else showLogin();
})();
