// The operations dashboard: live leaderboards, PK score bars, live rooms, the stores with orders waiting. Boards and
// PKs arrive over /hubs/scoreboard as whole tables with a growing seq (older ones are ignored); what changes slowly —
// the live rooms, the open PKs, a board's scopes, the regions and their stores' queues — is polled from the API
// every 5 s.
"use strict";

const moneyBoards = new Set(["guide-sales", "guide-commission", "store-sales", "room-gmv"]);
const metricNames = { sales: "sales", orders: "orders", newMembers: "new members" };
const state = { token: null, signingIn: null, connection: null, board: null, pkId: null, boardSeq: -1, pkSeq: -1, boardRetry: false, pkRetry: false, pk: null, openPks: [], openPkIds: null, openPksChangedAt: 0, endedPks: [], endedPksAt: 0, devToken: false, tokenAt: 0, regionId: null, openStore: null, regionIds: null, monthPicked: false };
const $ = id => document.getElementById(id);

// Development hands the page a token; elsewhere it asks once and keeps the token until it expires or the server
// refuses it.
async function getToken(refusal) {
  const devToken = await fetchDevToken("ops-dashboard", "ops");
  state.devToken = devToken !== null;
  state.tokenAt = Date.now();
  if (devToken) return devToken;
  if (refusal) localStorage.removeItem("opsToken");
  const saved = localStorage.getItem("opsToken");
  if (saved) return saved;
  const token = await askForToken(refusal);
  localStorage.setItem("opsToken", token);
  return token;
}

function renderBoard(update) {
  if (!state.board || update.board !== state.board.board || update.scope !== state.board.scope || update.seq < state.boardSeq) return;
  state.boardSeq = update.seq;
  // The board's day is the brand's (Calendar:TimeZone): the month a statement opens on, until someone picks one. The
  // browser's own clock would say UTC's, a day off on the evening of a month's last day in China.
  if (!state.monthPicked) $("settlement-month").value = update.day.slice(0, 7);
  const list = $("entries");
  list.replaceChildren(...update.entries.map(e => {
    const li = document.createElement("li");
    li.dataset.id = e.id;
    const name = text("span", "", "name");
    // A guide opens in the guide page, as an operator sees it (their day, follow-ups, tasks; and a task to give them).
    if (update.board.startsWith("guide-")) {
      const link = text("a", e.name);
      link.href = `/guide?guide=${encodeURIComponent(e.id)}&as=ops`;
      name.append(link);
    } else {
      name.textContent = e.name;
    }
    li.append(text("span", "#" + e.rank, "rank"), name, text("span", moneyBoards.has(update.board) ? yuan(e.score) : e.score.toLocaleString(), "score"));
    return li;
  }));
  $("board-empty").hidden = update.entries.length > 0;
  $("board-error").hidden = true;
}

function renderPk() {
  const pk = state.pk, host = $("pk");
  if (!pk) { host.replaceChildren(); return; }
  const money = pk.metric === "sales";
  const max = Math.max(...pk.scores.map(s => Math.max(s.score, s.target)), 1);
  const bars = pk.scores.map(s => {
    const figures = (money ? yuan(s.score) : s.score) + " / " + (money ? yuan(s.target) : s.target);
    const bar = progressBar((s.name ?? s.id) + (s.reached ? " ✓" : ""), figures, s.score / max, s.reached);
    bar.dataset.id = s.id;
    return bar;
  });
  const result = text("div", "", "result");
  result.id = "pk-result";
  const nameOf = id => pk.scores.find(s => s.id === id)?.name ?? id;
  if (pk.status === "ended") result.textContent = pk.winnerId ? "Winner: " + nameOf(pk.winnerId) : "Tie between " + pk.leaderIds.map(nameOf).join(", ");
  host.replaceChildren(text("div", [metricNames[pk.metric] ?? pk.metric, pk.kind + "s", pk.status].join(" · "), "muted"), text("div", "", "muted countdown"), ...bars, result);
  tickCountdown();
}

function tickCountdown() {
  const pk = state.pk, el = document.querySelector("#pk .countdown");
  if (!pk || !el) return;
  const now = Date.now(), starts = Date.parse(pk.startsAt), ends = Date.parse(pk.endsAt);
  const span = ms => {
    const s = Math.max(0, Math.floor(ms / 1000)), days = Math.floor(s / 86400);
    return (days > 0 ? `${days}d ` : "") + `${Math.floor(s / 3600) % 24}h ${Math.floor(s / 60) % 60}m ${s % 60}s`;
  };
  el.textContent = pk.status === "ended" ? "ended " + new Date(ends).toLocaleString() : now < starts ? "starts in " + span(starts - now) : "ends in " + span(ends - now);
}

async function watchBoard() {
  const board = $("board").value, scope = $("scope").value || "all";
  if (state.board) await state.connection.invoke("UnwatchLeaderboard", state.board.board, state.board.scope).catch(() => {});
  state.board = { board, scope };
  state.boardSeq = -1;
  state.boardRetry = false;
  try {
    renderBoard(await state.connection.invoke("WatchLeaderboard", board, scope));
  } catch (e) {
    state.boardRetry = retryable(e);
    $("entries").replaceChildren();
    $("board-empty").hidden = true;
    $("board-error").textContent = e.message + (state.boardRetry ? " Trying again…" : "");
    $("board-error").hidden = false;
    throw e;
  }
}

// A watch the server could not answer now ("unavailable: …") left the connection out; the next poll watches again.
function retryable(error) { return /\bunavailable:/.test(error?.message ?? ""); }

async function watchPk(pkId) {
  if (!pkId) return;
  if (state.pkId && state.pkId !== pkId) await state.connection.invoke("UnwatchPk", state.pkId).catch(() => {});
  state.pkId = pkId;
  state.pkSeq = -1;
  state.pkRetry = false;
  try { state.pk = await state.connection.invoke("WatchPk", pkId); state.pkSeq = state.pk.seq; } catch (e) { state.pk = null; state.pkRetry = retryable(e); $("pk").replaceChildren(text("p", e.message, "muted")); return; }
  renderPk();
  showPks();
}

function watchAgainIfRefused() {
  if (state.connection.state !== signalR.HubConnectionState.Connected) return; // reconnecting watches them again
  if (state.boardRetry) watchBoard().catch(() => {});
  if (state.pkRetry) watchPk(state.pkId);
}

// The PKs not yet ended, to pick from, then the latest to end, for their results; the one watched stays selectable
// either way. Without one in the address, the dashboard shows the open one ending soonest, else the latest result.
// Ended PKs change only when an open one ends, and join their list a moment after leaving the open one: they are asked
// at every poll for 15 s after the open ones change, else once a minute.
async function refreshPks() {
  const open = await getJson("/api/pk");
  if (!open) return;
  const openIds = open.map(pk => pk.pkId).join(" ");
  if (openIds !== state.openPkIds) {
    state.openPkIds = openIds;
    state.openPksChangedAt = Date.now();
  }
  if (Date.now() - state.openPksChangedAt < 15_000 || Date.now() - state.endedPksAt > 60_000) {
    const ended = await getJson("/api/pk?status=ended");
    if (!ended) return;
    state.endedPks = ended;
    state.endedPksAt = Date.now();
  }
  state.openPks = open;
  showPks();
  const first = open[0] ?? state.endedPks[0];
  if (!state.pkId && first) await watchPk(first.pkId).catch(() => {});
}

function showPks() {
  const choices = [...state.openPks.map(pk => [pk.pkId, pk.title || pk.pkId]), ...state.endedPks.map(pk => [pk.pkId, `${pk.title || pk.pkId} (ended)`])];
  if (state.pkId && !choices.some(([id]) => id === state.pkId)) choices.unshift([state.pkId, state.pk?.title || state.pkId]);
  if (choices.length === 0) choices.push(["", "No PK yet"]);
  replaceOptions($("pk-open"), choices, state.pkId ?? "");
}

// Rebuilds a select's options only when they changed, so a poll does not close a list someone has open.
function replaceOptions(select, choices, selected) {
  const key = JSON.stringify(choices);
  if (select.dataset.choices !== key) {
    select.dataset.choices = key;
    select.replaceChildren(...choices.map(([value, label]) => new Option(label, value)));
  }
  select.value = selected;
}

// The regions and teams with a score on the board today; the scope watched stays selectable either way.
async function refreshScopes(watched = state.board?.scope ?? $("scope").value) {
  const scopes = await getJson(`/api/leaderboards/${encodeURIComponent($("board").value)}/scopes`);
  if (!scopes) return;
  if (!scopes.some(s => s.scope === watched)) scopes.push({ scope: watched, name: watched });
  replaceOptions($("scope"), scopes.map(s => [s.scope, s.scope === "all" ? s.name : `${s.name} (${s.scope.split(":")[0]})`]), watched);
}

// Another board keeps the scope when that board has it today (a store board has no teams), else shows all.
async function changeBoard() {
  const scope = $("scope").value;
  await refreshScopes("all");
  if ([...$("scope").options].some(o => o.value === scope)) $("scope").value = scope;
  await watchBoard();
}

// A PK between the guides or teams named, starting now, with one target for each (yuan for sales). Creating the same
// again after an answer that never came is that same PK (the same pkId, and the same window); a refusal shows its
// reason. The dashboard then shows the new PK.
const createPk = onceUntilAnswered();
function submitPk(e) {
  e.preventDefault();
  const metric = $("new-pk-metric").value, kind = $("new-pk-kind").value, title = $("new-pk-title").value.trim();
  const target = Math.round(Number($("new-pk-target").value) * (metric === "sales" ? 100 : 1));
  const ids = $("new-pk-participants").value.split(",").map(id => id.trim()).filter(id => id);
  const hours = Number($("new-pk-hours").value);
  return submitting($("new-pk-form"), $("new-pk-form-error"), async () => {
    const pk = await createPk(JSON.stringify([title, metric, kind, target, ids, hours]),
      () => ({
        pkId: newId("pk"), title, metric, participants: ids.map(id => ({ id, kind, target })),
        startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + hours * 3_600_000).toISOString(),
      }),
      async body => callApi(await currentToken(), "/api/pk", { method: "POST", body: JSON.stringify(body) }));
    $("new-pk-form").reset();
    $("new-pk").open = false;
    await watchPk(pk.pkId);
    await refreshPks();
  });
}

async function refreshRooms() {
  const rooms = await getJson("/api/live-rooms?status=live&take=50");
  if (!rooms) return;
  $("rooms").replaceChildren(...rooms.map(r => {
    // Each room opens in the live page with the moderator's tools (it signs in as ops itself).
    const tr = document.createElement("tr"), title = document.createElement("td"), link = text("a", r.title);
    tr.dataset.id = r.roomId;
    link.href = `/live?room=${encodeURIComponent(r.roomId)}&as=ops`;
    title.append(link);
    tr.append(title, text("td", r.viewers), text("td", yuan(r.gmv)));
    return tr;
  }));
  $("rooms-empty").hidden = rooms.length > 0;
}

// The regions to pick from, by name; the one shown stays selected (the address's, else the first).
async function refreshRegions() {
  const regions = await getJson("/api/regions");
  if (!regions) return;
  state.regionIds = new Set(regions.map(r => r.regionId));
  const shown = state.regionId ?? regions[0]?.regionId ?? null;
  const choices = regions.map(r => [r.regionId, r.name]);
  if (shown && !state.regionIds.has(shown)) choices.unshift([shown, `${shown} (no such region)`]);
  if (choices.length === 0) choices.push(["", "No region yet"]);
  replaceOptions($("region"), choices, shown ?? "");
  if (shown !== state.regionId) showRegion(shown);
}

// Another region: its stores only once they are read (the caller reads them).
function showRegion(regionId) {
  state.regionId = regionId || null;
  state.openStore = null;
  $("waiting").replaceChildren();
}

// The region's stores that have orders to ship or hand over, the one whose oldest has waited longest first (the
// API's order), with how long that is: the first 50, and how many more wait behind them. A store opened shows its
// oldest ten beneath it, read again with each poll.
const waitingStoresShown = 50;
async function refreshWaiting() {
  const regionId = state.regionId, openStore = state.openStore;
  const stores = regionId ? await getJson(`/api/regions/${encodeURIComponent(regionId)}/fulfilment`) : [];
  const allWaiting = (stores ?? []).filter(s => s.waiting > 0), waiting = allWaiting.slice(0, waitingStoresShown);
  const oldest = waiting.some(s => s.storeId === openStore) ? await getJson(`/api/stores/${encodeURIComponent(openStore)}/fulfilment?take=10`) : null;
  if (regionId !== state.regionId || openStore !== state.openStore) return;
  // A region the address names but nobody defined is said so, not shown as one where nothing waits.
  const unknown = regionId && state.regionIds && !state.regionIds.has(regionId);
  $("waiting-empty").textContent = unknown ? `There is no region '${regionId}'.` : "No order waits in this region.";
  if (!stores) {
    if (unknown) $("waiting-empty").hidden = false;
    return;
  }
  $("waiting").replaceChildren(...waiting.flatMap(s => {
    const tr = document.createElement("tr"), name = document.createElement("td"), open = text("button", s.name, "store");
    tr.dataset.id = s.storeId;
    open.type = "button";
    open.setAttribute("aria-expanded", String(s.storeId === openStore));
    open.onclick = () => { state.openStore = s.storeId === state.openStore ? null : s.storeId; refreshWaiting(); };
    name.append(open);
    tr.append(name, text("td", s.toShip, "to-ship"), text("td", s.toHandOver, "to-hand-over"), text("td", waitedSince(s.oldestConfirmedAt), "oldest"));
    return s.storeId === openStore && oldest ? [tr, oldestOrders(s.storeId, oldest)] : [tr];
  }));
  $("waiting-empty").hidden = waiting.length > 0;
  const more = allWaiting.length - waiting.length;
  $("waiting-more").textContent = `…and ${more} more ${more === 1 ? "store" : "stores"} with orders waiting.`;
  $("waiting-more").hidden = more === 0;
}

// One row under a store: its oldest waiting orders, each with how it goes, what it holds and how long it has waited.
function oldestOrders(storeId, entries) {
  const tr = document.createElement("tr"), td = document.createElement("td"), list = document.createElement("ol");
  tr.className = "queue";
  tr.dataset.store = storeId;
  td.colSpan = 4;
  list.replaceChildren(...entries.map(waitingEntry));
  td.append(list);
  tr.append(td);
  return tr;
}

// What the brand owes a franchise store's owner for a month's paid orders, day by day.
function showSettlement(e) {
  e.preventDefault();
  const account = $("settlement-account").value.trim(), month = $("settlement-month").value;
  return submitting($("settlement-form"), $("settlement-error"), async () => {
    const statement = await monthStatement(async path => callApi(await currentToken(), path), account, month);
    $("settlement-days").replaceChildren(...statementRows(statement));
    $("settlement-orders").textContent = statement.orders;
    $("settlement-amount").textContent = yuan(statement.amount);
    $("settlement").hidden = false;
    Object.assign($("franchisee-page"), { href: `/franchisee?account=${encodeURIComponent(account)}`, hidden: false });
  });
}

// The API's answer, or null when there is none now (the next poll tries again). A 401 means the kept token no longer
// works — expired, or signed with a key since replaced — and the page asks for another.
async function getJson(path) {
  try {
    const response = await fetch(path, await authorized());
    if (response.status === 401 && !state.devToken) signInAgain("The server refused the saved token; sign in again.");
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

// A wall screen stays open for days: a development token is renewed hourly (they last 12 h); another token is asked
// for again once it expires (else the library's reconnects would retry the refused one for ever); each (re)connection
// and poll uses the current one, waiting while someone signs in.
async function currentToken() {
  if (state.signingIn) return state.signingIn;
  if (state.devToken && Date.now() - state.tokenAt > 3_600_000) {
    const fresh = await fetchDevToken("ops-dashboard", "ops");
    if (fresh) { state.token = fresh; state.tokenAt = Date.now(); }
  } else if (!state.devToken && expired(state.token)) {
    return signInAgain("The saved token has expired; sign in again.");
  }
  return state.token;
}

function signInAgain(reason) {
  state.signingIn ??= getToken(reason).then(token => { state.token = token; state.signingIn = null; return token; });
  return state.signingIn;
}

function authorized() { return currentToken().then(token => ({ headers: { Authorization: "Bearer " + token } })); }

// Connects with a token, asking for another when the server refuses it (an expired or mistyped one), and trying again
// while it cannot connect at all (startTryingAgain).
async function connect() {
  state.token = await getToken(null);
  for (;;) {
    const connection = new signalR.HubConnectionBuilder()
      .withUrl("/hubs/scoreboard", { accessTokenFactory: currentToken })
      .withAutomaticReconnect(reconnectForever)
      .build();
    try {
      await startTryingAgain(connection, showConnection);
      return connection;
    } catch (e) {
      if (state.devToken) throw e;
      await signInAgain("The server refused that token; sign in again.");
    }
  }
}

async function start() {
  const connection = await connect();
  state.connection = connection;
  connection.on("LeaderboardUpdate", renderBoard);
  connection.on("PkUpdate", update => { if (update.pkId === state.pkId && update.seq > state.pkSeq) { state.pkSeq = update.seq; state.pk = update; renderPk(); } });
  connection.onreconnecting(() => showConnection("reconnecting…", false));
  connection.onreconnected(async () => { showConnection("live", true); await watchBoard().catch(() => {}); if (state.pkId) await watchPk(state.pkId); });
  showConnection("live", true);
  $("board").onchange = changeBoard;
  $("scope").onchange = watchBoard;
  $("watch-pk").onclick = () => watchPk($("pk-id").value.trim());
  $("pk-open").onchange = () => watchPk($("pk-open").value);
  $("new-pk-form").onsubmit = submitPk;
  $("settlement-form").onsubmit = showSettlement;
  $("settlement-month").value = new Date().toISOString().slice(0, 7); // until the board says the brand's day
  $("settlement-month").oninput = () => { state.monthPicked = true; };
  $("region").onchange = () => { showRegion($("region").value); refreshWaiting(); };
  setInterval(() => { refreshRooms(); refreshPks(); refreshScopes(); refreshRegions().then(refreshWaiting); watchAgainIfRefused(); }, 5000);
  setInterval(tickCountdown, 1000);

  // The first views. A connection lost meanwhile is not the end of the page: the reconnect watches them again.
  const params = new URLSearchParams(location.search);
  if (params.get("board")) $("board").value = params.get("board");
  if (params.get("scope")) $("scope").replaceChildren(new Option(params.get("scope"), params.get("scope")));
  state.regionId = params.get("region");
  await watchBoard().catch(() => {});
  await refreshScopes();
  if (params.get("pk")) { $("pk-id").value = params.get("pk"); await watchPk(params.get("pk")); }
  await refreshPks();
  refreshRooms();
  refreshRegions().then(refreshWaiting);
}

start().catch(e => { $("connection").textContent = "offline: " + e.message; });
