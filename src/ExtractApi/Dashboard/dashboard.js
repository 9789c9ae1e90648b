// The operators' dashboard: reads /dashboard/api with an admin bearer token kept in this tab's session storage.
"use strict";

const $ = (selector) => document.querySelector(selector);
let token = sessionStorage.getItem("extractapi-admin-token") || "";
let selectedJob = null;
let refreshTimer = null;

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(child ?? ""));
  return node;
}

function svg(tag, attributes = {}, text) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function say(text) { $("#message").textContent = text; }

async function api(path, options = {}) {
  const response = await fetch(`/dashboard/api${path}`, { ...options, headers: { Authorization: `Bearer ${token}` } });
  const body = await response.json().catch(() => ({}));
  if (response.status === 401) throw new Error("The token was refused: mint one with the token command.");
  if (response.status === 403) throw new Error("This token has no admin role: mint one with token --admin.");
  if (!response.ok) throw new Error(body.error || `HTTP ${response.status}`);
  return body;
}

const time = (value) => (value ? new Date(value).toLocaleString() : "—");
const statusBadge = (status) => element("span", { class: `status ${status}` }, status);

function renderDepth(depth) {
  const statuses = ["pending", "processing", "extraction_done", "completed", "failed", "cancelled"];
  const kinds = [...new Set(depth.map((d) => d.kind))].sort();
  const head = $("#depth thead tr");
  head.replaceChildren(element("th", {}, "kind"), ...statuses.map((s) => element("th", { class: "number" }, s)));
  const count = (kind, status) => depth.find((d) => d.kind === kind && d.status === status)?.count ?? 0;
  const rows = kinds.map((kind) => element("tr", { "data-kind": kind }, element("td", {}, kind),
    ...statuses.map((s) => element("td", { class: "number", "data-status": s }, String(count(kind, s))))));
  const totals = element("tr", {}, element("th", {}, "all"),
    ...statuses.map((s) => element("th", { class: "number" }, String(depth.filter((d) => d.status === s).reduce((n, d) => n + d.count, 0)))));
  $("#depth tbody").replaceChildren(...rows, totals);
}

function renderChart(lastHour, now) {
  const chart = $("#chart");
  const width = 600, height = 160, top = 10, bottom = 20, left = 30;
  const end = new Date(now); end.setUTCSeconds(0, 0);
  const minutes = Array.from({ length: 60 }, (_, i) => new Date(end.getTime() - (59 - i) * 60000));
  const byMinute = new Map(lastHour.map((m) => [new Date(m.minute).getTime(), m]));
  const points = minutes.map((m) => byMinute.get(m.getTime()) ?? { completed: 0, failed: 0, cancelled: 0 });
  const max = Math.max(1, ...points.map((p) => p.completed + p.failed + p.cancelled));
  const barWidth = (width - left) / 60;
  const scale = (n) => (n / max) * (height - top - bottom);
  const nodes = [svg("line", { x1: left, y1: height - bottom, x2: width, y2: height - bottom }),
    svg("text", { x: 0, y: top + 8 }, String(max)), svg("text", { x: 0, y: height - bottom }, "0"),
    svg("text", { x: left, y: height - 4 }, "−60 min"), svg("text", { x: width - 24, y: height - 4 }, "now")];
  points.forEach((p, i) => {
    let y = height - bottom;
    for (const kind of ["completed", "failed", "cancelled"]) {
      const h = scale(p[kind]);
      if (h > 0) {
        y -= h;
        const bar = svg("rect", { class: kind, x: left + i * barWidth + 1, y, width: Math.max(1, barWidth - 2), height: h });
        bar.append(svg("title", {}, `${minutes[i].toLocaleTimeString()}: ${p[kind]} ${kind}`));
        nodes.push(bar);
      }
    }
  });
  chart.replaceChildren(...nodes);
  const sum = (kind) => points.reduce((n, p) => n + p[kind], 0);
  $("#totals").textContent = `— ${sum("completed")} completed, ${sum("failed")} failed, ${sum("cancelled")} cancelled in the last hour`;
}

function filterQuery() {
  const query = new URLSearchParams();
  for (const [name, value] of new FormData($("#filters"))) if (value) query.set(name, value);
  return query.toString();
}

function renderJobs(jobs) {
  $("#jobs tbody").replaceChildren(...jobs.map((job) => {
    const row = element("tr", { "data-job": job.id, class: job.id === selectedJob ? "selected" : "" },
      element("td", {}, element("code", {}, job.id)), element("td", {}, statusBadge(job.status)), element("td", {}, job.dialect),
      element("td", {}, job.kind), element("td", {}, job.organisation), element("td", {}, job.owner),
      element("td", { class: "number" }, job.total ? `${job.completed}/${job.total}` : ""),
      element("td", { class: "number" }, `${job.attempts}/${job.maxAttempts}`), element("td", {}, time(job.createdAt)),
      element("td", { class: "error" }, job.error ?? ""));
    row.addEventListener("click", () => { selectedJob = job.id; showJob(job.id).catch((e) => say(e.message)); });
    return row;
  }));
}

async function showJob(id) {
  const detail = await api(`/jobs/${id}`);
  const job = detail.job;
  $("#detail").hidden = false;
  $("#detail-id").textContent = job.id;
  $("#detail").dataset.status = job.status;
  $("#cancel").disabled = !["pending", "processing"].includes(job.status) || detail.cancelRequested;
  $("#retry").disabled = !["failed", "cancelled"].includes(job.status);
  const facts = [["status", statusBadge(job.status)], ["dialect / kind", `${job.dialect} / ${job.kind}`],
    ["owner", `${job.owner} (organisation ${job.organisation})`], ["attempts", `${job.attempts} of ${job.maxAttempts}`],
    ["progress", job.total ? `${job.completed} of ${job.total}` : "—"], ["cancel requested", detail.cancelRequested ? "yes" : "no"],
    ["lease owner", detail.leaseOwner ?? "—"], ["lease expires", time(detail.leaseExpiresAt)], ["run after", time(detail.runAfter)],
    ["created", time(job.createdAt)], ["started", time(job.startedAt)], ["finished", time(job.finishedAt)],
    ["updated", time(detail.updatedAt)], ["expires", time(detail.expiresAt)], ["error", job.error ?? "—"]];
  $("#facts").replaceChildren(...facts.flatMap(([name, value]) => [element("dt", {}, name), element("dd", {}, value)]));
  $("#request").textContent = JSON.stringify(detail.request, null, 2);
  $("#result").textContent = detail.result === null || detail.result === undefined ? "—" : JSON.stringify(detail.result, null, 2);
  $("#pages tbody").replaceChildren(...detail.pages.map((p) => element("tr", {}, element("td", { class: "number" }, String(p.ordinal)),
    element("td", {}, p.url), element("td", {}, p.status), element("td", { class: "number" }, p.statusCode ?? ""),
    element("td", { class: "number" }, String(p.contentBytes)), element("td", { class: "error" }, p.error ?? ""))));
  for (const row of document.querySelectorAll("#jobs tbody tr")) row.classList.toggle("selected", row.dataset.job === id);
}

async function act(action) {
  if (!selectedJob) return;
  try {
    await api(`/jobs/${selectedJob}/${action}`, { method: "POST" });
    say(action === "cancel" ? "Cancel requested." : "Put back in the queue.");
  } catch (e) {
    say(e.message);
  }
  await refresh();
}

async function refresh() {
  try {
    const [summary, jobs] = await Promise.all([api("/summary"), api(`/jobs?${filterQuery()}`)]);
    $("#board").hidden = false;
    renderDepth(summary.depth);
    renderChart(summary.lastHour, summary.now);
    renderJobs(jobs);
    if (selectedJob) await showJob(selectedJob);
    $("#board").dataset.loaded = new Date().toISOString();
  } catch (e) {
    say(e.message);
  }
}

function start() {
  clearInterval(refreshTimer);
  say("");
  refresh();
  refreshTimer = setInterval(refresh, 5000);
}

document.addEventListener("DOMContentLoaded", () => {
  $("#login").addEventListener("submit", (event) => {
    event.preventDefault();
    token = $("#token").value.trim();
    sessionStorage.setItem("extractapi-admin-token", token);
    $("#token").value = "";
    start();
  });
  $("#filters").addEventListener("change", refresh);
  $("#filters").addEventListener("submit", (event) => { event.preventDefault(); refresh(); });
  $("#cancel").addEventListener("click", () => act("cancel"));
  $("#retry").addEventListener("click", () => act("retry"));
  if (token) start();
});
