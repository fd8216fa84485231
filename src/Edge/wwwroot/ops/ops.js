// The operations dashboard: live leaderboards, PK score bars, live rooms. Boards and PKs arrive over
// /hubs/scoreboard as whole tables with a growing seq (older ones are ignored); rooms are polled from the API.
"use strict";

const moneyBoards = new Set(["guide-sales", "guide-commission", "store-sales", "room-gmv"]);
const state = { token: null, connection: null, board: null, pkId: null, boardSeq: -1, pkSeq: -1, pk: null };
const $ = id => document.getElementById(id);

function yuan(fen) { return "¥" + (fen / 100).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 }); }
function text(tag, value, cls) { const e = document.createElement(tag); e.textContent = value; if (cls) e.className = cls; return e; }

async function getToken() {
  const saved = localStorage.getItem("opsToken");
  if (saved) return saved;
  const response = await fetch("/api/dev/token", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ userId: "ops-dashboard", role: "ops" }) });
  if (response.ok) return (await response.json()).token;
  $("signin").hidden = false; // Not development: ask for a token.
  return new Promise(resolve => $("use-token").onclick = () => { localStorage.setItem("opsToken", $("token").value); $("signin").hidden = true; resolve($("token").value); });
}

function renderBoard(update) {
  if (!state.board || update.board !== state.board.board || update.scope !== state.board.scope || update.seq < state.boardSeq) return;
  state.boardSeq = update.seq;
  const list = $("entries");
  list.replaceChildren(...update.entries.map(e => {
    const li = document.createElement("li");
    li.dataset.id = e.id;
    li.append(text("span", "#" + e.rank, "rank"), text("span", e.name, "name"), text("span", moneyBoards.has(update.board) ? yuan(e.score) : e.score.toLocaleString(), "score"));
    return li;
  }));
  $("board-empty").hidden = update.entries.length > 0;
}

function renderPk() {
  const pk = state.pk, host = $("pk");
  if (!pk) { host.replaceChildren(); return; }
  const money = pk.metric === "sales";
  const max = Math.max(...pk.scores.map(s => Math.max(s.score, s.target)), 1);
  const bars = pk.scores.map(s => {
    const bar = document.createElement("div");
    bar.className = "bar" + (s.reached ? " reached" : "");
    bar.dataset.id = s.id;
    const label = document.createElement("div");
    label.className = "label";
    label.append(text("span", s.id + (s.reached ? " ✓" : "")), text("span", (money ? yuan(s.score) : s.score) + " / " + (money ? yuan(s.target) : s.target)));
    const track = document.createElement("div");
    track.className = "track";
    const fill = document.createElement("div");
    fill.className = "fill";
    fill.style.width = (100 * s.score / max) + "%";
    track.append(fill);
    bar.append(label, track);
    return bar;
  });
  const result = text("div", "", "result");
  result.id = "pk-result";
  if (pk.status === "ended") result.textContent = pk.winnerId ? "Winner: " + pk.winnerId : "Tie between " + pk.leaderIds.join(", ");
  host.replaceChildren(text("div", pk.title + " · " + pk.metric + " · " + pk.status, "muted"), text("div", "", "muted countdown"), ...bars, result);
  tickCountdown();
}

function tickCountdown() {
  const pk = state.pk, el = document.querySelector("#pk .countdown");
  if (!pk || !el) return;
  const now = Date.now(), starts = Date.parse(pk.startsAt), ends = Date.parse(pk.endsAt);
  const span = ms => { const s = Math.max(0, Math.floor(ms / 1000)); return `${Math.floor(s / 3600)}h ${Math.floor(s / 60) % 60}m ${s % 60}s`; };
  el.textContent = pk.status === "ended" ? "ended" : now < starts ? "starts in " + span(starts - now) : "ends in " + span(ends - now);
}

async function watchBoard() {
  const board = $("board").value, scope = $("scope").value.trim() || "all";
  if (state.board) await state.connection.invoke("UnwatchLeaderboard", state.board.board, state.board.scope).catch(() => {});
  state.board = { board, scope };
  state.boardSeq = -1;
  renderBoard(await state.connection.invoke("WatchLeaderboard", board, scope));
}

async function watchPk(pkId) {
  if (!pkId) return;
  if (state.pkId && state.pkId !== pkId) await state.connection.invoke("UnwatchPk", state.pkId).catch(() => {});
  state.pkId = pkId;
  state.pkSeq = -1;
  try { state.pk = await state.connection.invoke("WatchPk", pkId); state.pkSeq = state.pk.seq; } catch (e) { state.pk = null; $("pk").replaceChildren(text("p", e.message, "muted")); return; }
  renderPk();
}

async function refreshRooms() {
  try {
    const response = await fetch("/api/live-rooms?status=live&take=50", { headers: { Authorization: "Bearer " + state.token } });
    if (!response.ok) return;
    const rooms = await response.json();
    $("rooms").replaceChildren(...rooms.map(r => { const tr = document.createElement("tr"); tr.append(text("td", r.title), text("td", r.viewers), text("td", yuan(r.gmv))); return tr; }));
    $("rooms-empty").hidden = rooms.length > 0;
  } catch { /* the next poll tries again */ }
}

async function start() {
  state.token = await getToken();
  const connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/scoreboard", { accessTokenFactory: () => state.token })
    .withAutomaticReconnect()
    .build();
  state.connection = connection;
  connection.on("LeaderboardUpdate", renderBoard);
  connection.on("PkUpdate", update => { if (update.pkId === state.pkId && update.seq > state.pkSeq) { state.pkSeq = update.seq; state.pk = update; renderPk(); } });
  const status = (label, live) => { $("connection").textContent = label; $("connection").classList.toggle("live", live); };
  connection.onreconnecting(() => status("reconnecting…", false));
  connection.onreconnected(async () => { status("live", true); await watchBoard(); if (state.pkId) await watchPk(state.pkId); });
  await connection.start();
  status("live", true);
  $("watch-board").onclick = watchBoard;
  $("board").onchange = watchBoard;
  $("watch-pk").onclick = () => watchPk($("pk-id").value.trim());
  const params = new URLSearchParams(location.search);
  if (params.get("board")) $("board").value = params.get("board");
  if (params.get("scope")) $("scope").value = params.get("scope");
  await watchBoard();
  if (params.get("pk")) { $("pk-id").value = params.get("pk"); await watchPk(params.get("pk")); }
  refreshRooms();
  setInterval(refreshRooms, 5000);
  setInterval(tickCountdown, 1000);
}

start().catch(e => { $("connection").textContent = "offline: " + e.message; });
