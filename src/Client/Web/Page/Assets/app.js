// The Interest page: watch one user's recommendations change live (server-sent events read through fetch, so the
// API key travels in a header as on every other API call), post events for them, and look at an item's neighbours.
"use strict";

const $ = id => document.getElementById(id);
let config = { apiKeyRequired: false, dashboardUrl: null };
let watching = null;

function apiKey() { return sessionStorage.getItem("interest-api-key") || ""; }

function headers(extra) {
  const h = Object.assign({}, extra);
  if (apiKey()) h["X-Api-Key"] = apiKey();
  return h;
}

function status(text) { $("status").textContent = text || ""; }

async function problemText(response) {
  try { const p = await response.json(); return `${response.status}: ${p.detail || p.title}`; }
  catch { return `${response.status} ${response.statusText}`; }
}

function itemLink(itemId) {
  const a = document.createElement("a");
  a.href = `#item=${itemId}`;
  a.textContent = itemId;
  a.className = "item";
  return a;
}

function fill(tableId, rows) {
  const body = $(tableId).querySelector("tbody");
  body.replaceChildren(...rows.map(cells => {
    const tr = document.createElement("tr");
    for (const cell of cells) {
      const td = document.createElement("td");
      if (cell instanceof Node) td.appendChild(cell); else td.textContent = cell;
      tr.appendChild(td);
    }
    return tr;
  }));
}

const score = s => Number(s).toFixed(4);

function show(update) {
  const r = update.recommendations, i = update.interest;
  $("user-name").textContent = r.userId;
  $("event-count").textContent = r.eventCount;
  $("model-version").textContent = r.modelVersion || "none";
  $("computed-at").textContent = r.computedAt ? new Date(r.computedAt).toLocaleTimeString() : "never";
  $("personalised").textContent = r.personalised ? "personalised" : "most popular items (no events yet)";
  fill("recommendations", r.items.map((it, n) => [n + 1, itemLink(it.itemId), score(it.score)]));
  fill("short-term", i.shortTerm.map(it => [itemLink(it.itemId), score(it.score)]));
  fill("long-term", i.longTerm.map(it => [itemLink(it.itemId), score(it.score)]));
  fill("recent-events", i.recentEvents.slice().reverse().map(e => [itemLink(e.itemId), e.type, new Date(e.timestampMs).toLocaleTimeString()]));
  for (const row of $("recommendations").querySelectorAll("tbody tr")) row.className = "changed";
}

async function watch(userId) {
  if (watching) watching.abort();
  const controller = new AbortController();
  watching = controller;
  $("user-view").hidden = false;
  $("item-view").hidden = true;
  $("user-name").textContent = userId;
  status("");
  try {
    const response = await fetch(`/users/${encodeURIComponent(userId)}/updates?k=10`,
      { headers: headers({ Accept: "text/event-stream, application/problem+json" }), signal: controller.signal });
    if (!response.ok) { status(await problemText(response)); return; }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = message.split("\n").filter(l => l.startsWith("data:")).map(l => l.slice(5).trimStart()).join("\n");
        if (data) show(JSON.parse(data));
      }
    }
    if (watching === controller) status("The update stream ended; watch again to reconnect.");
  } catch (e) {
    if (e.name !== "AbortError") status(`Update stream failed: ${e.message}`);
  }
}

async function showItem(itemId) {
  if (watching) { watching.abort(); watching = null; }
  $("user-view").hidden = true;
  $("item-view").hidden = false;
  $("item-name").textContent = itemId;
  const response = await fetch(`/items/${encodeURIComponent(itemId)}/similar?k=10`, { headers: headers() });
  if (!response.ok) { status(await problemText(response)); fill("similar-items", []); return; }
  status("");
  const similar = await response.json();
  fill("similar-items", similar.items.map((it, n) => [n + 1, itemLink(it.itemId), score(it.score)]));
}

function route() {
  const params = new URLSearchParams(location.hash.slice(1));
  if (params.has("item")) showItem(params.get("item"));
  else if (params.has("user")) { $("user-id").value = params.get("user"); watch(params.get("user")); }
}

$("user-form").addEventListener("submit", e => {
  e.preventDefault();
  const user = $("user-id").value.trim();
  if (location.hash === `#user=${encodeURIComponent(user)}`) watch(user); else location.hash = `user=${encodeURIComponent(user)}`;
});

$("key-form").addEventListener("submit", e => {
  e.preventDefault();
  sessionStorage.setItem("interest-api-key", $("api-key").value);
  route();
});

$("event-form").addEventListener("submit", async e => {
  e.preventDefault();
  const body = { userId: $("user-name").textContent, itemId: Number($("event-item").value), type: $("event-type").value };
  const response = await fetch("/events", { method: "POST", headers: headers({ "Content-Type": "application/json" }), body: JSON.stringify(body) });
  status(response.status === 202 ? "" : await problemText(response));
});

window.addEventListener("hashchange", route);

(async () => {
  const response = await fetch("/ui/config");
  if (response.ok) config = await response.json();
  $("key-form").hidden = !config.apiKeyRequired;
  $("api-key").value = apiKey();
  if (config.dashboardUrl) { $("dashboard-link").href = config.dashboardUrl; $("dashboard-link").hidden = false; }
  route();
})();
