// One SKU's stock in one region, for operations: what the region has available (on hand − reserved − safety stock),
// each of its stores' on hand and reserved, the changes an operator makes — an adjustment at a store (goods received,
// damaged, a count corrected) and the safety stock held back — and the latest movements of its ledger. Reservations
// move the counts all the time: the page watches the pool on /hubs/scoreboard, which pushes them at most twice a second
// (StockUpdate), each push reading the movements since. Without a connection (or with the watch refused) the page reads
// every 5 s instead, and it reads every 30 s anyway; a store's row keeps its element, so a change being typed survives
// a push or a read.
// In Development the page gets an operator's token itself; elsewhere it asks for one and keeps it (the dashboard's
// too). ?region=&sku= name what to show, else the last shown, else (in Development) the demo's shanghai and sku-0001;
// typing a product's name into the SKU field suggests the region's products by that name.
"use strict";

const params = new URLSearchParams(location.search);
const reasons = ["goods received", "damaged", "stock count", "returned"];
const movementsShown = 20;
const state = {
  token: null, development: false, regionId: null, sku: null, view: null,
  seq: -1, // the pushed counts shown (their seq), or -1 for read ones
  readAt: 0, // when the counts were last read (Date.now())
  watched: null, // [regionId, sku] the hub connection watches, once it has been asked to
  live: false, // the pool shown is watched, its pushes coming
  rewatch: null, // asks the hub connection to watch what is shown, once it is up
  movementsNext: null, // the ledger's seq the movements shown go up to; null until its tail is read
  regionStores: new Map(), // store id → profile, for the region shown
};
const $ = id => document.getElementById(id);

const signInAgain = signingInOnce(signIn);
const api = apiSigningInAgain(() => state.token, signInAgain);
function poolPath(suffix = "") { return `/api/inventory/${encodeURIComponent(state.regionId)}/${encodeURIComponent(state.sku)}${suffix}`; }
function showing(regionId, sku) { return state.regionId === regionId && state.sku === sku; }

async function signIn(refusal) {
  // In Development a fresh token is the Edge's to give, also when the last one was refused (it lapsed after 12 h).
  let token = await fetchDevToken("ops-stock", "ops");
  state.development = token !== null;
  if (!token) {
    token = await savedOrAskedToken(localStorage.getItem("opsToken"), refusal);
    // Reading stock is anyone's; changing it is an operator's alone, so only an operator's token will do here.
    while (tokenClaims(token).role !== "ops") token = await askForToken("That is not an operator's token.");
    localStorage.setItem("opsToken", token);
  }
  state.token = token;
}

// Whether the server takes the token: a region that does not exist answers 404 to a token it takes, 401 to another.
async function tokenTaken() {
  try {
    await callApi(state.token, "/api/regions/-");
    return true;
  } catch (error) {
    return !refusedToken(error);
  }
}

// Shows another SKU or region: its stores' rows start afresh.
async function show(regionId, sku) {
  Object.assign(state, { regionId, sku, view: null, seq: -1, live: false, movementsNext: null });
  localStorage.setItem("stockShown", JSON.stringify([regionId, sku]));
  history.replaceState(null, "", `?region=${encodeURIComponent(regionId)}&sku=${encodeURIComponent(sku)}`);
  [$("region").value, $("sku").value] = [regionId, sku];
  $("stores").replaceChildren();
  $("movements").replaceChildren();
  $("stock-note").textContent = $("stock-error").textContent = $("safety-error").textContent = "";
  const [region, product, stores] = await Promise.all([
    api(`/api/regions/${encodeURIComponent(regionId)}`).catch(() => null),
    api(`/api/skus/${encodeURIComponent(sku)}`).catch(() => null),
    api(`/api/stores/nearest?regionId=${encodeURIComponent(regionId)}&latitude=0&longitude=0&take=100`).catch(() => []),
  ]);
  if (!showing(regionId, sku)) return;
  state.regionStores = new Map(stores.map(nearby => [nearby.store.storeId, nearby.store]));
  $("title").textContent = `${product?.name ?? sku} · ${region?.name ?? regionId}`;
  await Promise.all([refresh(), state.rewatch?.().catch(() => {})]);
}

// The pool shown, watched on the hub connection (at each connection, and when another is shown): its counts as they
// are now, then pushed as they move. A refused watch (an unknown region or SKU, which the read says) leaves the page
// reading every 5 s.
async function watchShown(connection) {
  const [regionId, sku] = [state.regionId, state.sku];
  const before = state.watched;
  state.watched = regionId ? [regionId, sku] : null;
  if (before && connection.state === "Connected" && (before[0] !== regionId || before[1] !== sku)) {
    await connection.invoke("UnwatchStock", ...before).catch(() => {});
  }
  if (!regionId) return;
  try {
    pushed(await connection.invoke("WatchStock", regionId, sku));
    if (showing(regionId, sku)) state.live = true;
  } catch {
    if (showing(regionId, sku)) state.live = false;
  }
}

// Counts pushed (or answered by a watch): shown unless they are of another pool or older than those shown.
function pushed(update) {
  const { regionId, sku } = update.inventory;
  if (!showing(regionId, sku) || update.seq <= state.seq) return;
  state.seq = update.seq;
  state.view = update.inventory;
  $("pool-error").textContent = "";
  render();
  readMovements();
}

// The pool's counts, read again. A refusal (an unknown region or SKU) is shown in place of them. Counts pushed while
// the read was out are as new as its answer or newer: the answer is then dropped.
async function refresh() {
  const [regionId, sku, seq] = [state.regionId, state.sku, state.seq];
  if (!regionId) return;
  state.readAt = Date.now();
  let view;
  try {
    view = await api(poolPath());
  } catch (error) {
    if (!showing(regionId, sku) || state.seq !== seq) return;
    $("pool-error").textContent = error.message;
    if (refusedByServer(error)) state.view = null; // a lost answer leaves the counts last read
    return render();
  }
  if (!showing(regionId, sku) || state.seq !== seq) return;
  $("pool-error").textContent = "";
  state.view = view;
  render();
  await readMovements(); // a failed read is made again at the next, from where the movements shown end
}

// The ledger's latest movements, newest first: its tail when the pool is shown, then what follows at each read (or
// the tail again, should more have come than one read takes). A read overtaken by another is dropped; one read at a
// time (two from the same place would list its movements twice), pushes during one making one more after it.
const readMovements = oneReadAtATime(() => refreshMovements(), () => {});
async function refreshMovements() {
  const [regionId, sku, after] = [state.regionId, state.sku, state.movementsNext];
  const page = await api(poolPath(after === null ? `/ledger?latest=${movementsShown}` : `/ledger?after=${after}`));
  if (!showing(regionId, sku) || state.movementsNext !== after) return;
  if (page.hasMore) {
    state.movementsNext = null;
    $("movements").replaceChildren();
    return refreshMovements();
  }
  state.movementsNext = page.next;
  $("movements").prepend(...page.entries.reverse().map(movementRow));
  while ($("movements").children.length > movementsShown) $("movements").lastChild.remove();
  $("movements-empty").hidden = $("movements").children.length > 0;
}

// "10:23:55 · adjust, goods received · Nanjing Road East · on hand +5" (a reservation's line names it, or its order).
function movementRow(movement) {
  const signed = n => (n > 0 ? "+" : "") + n.toLocaleString();
  const what = [movement.kind, movement.reason].filter(Boolean).join(", ");
  const where = movement.storeId === "*" ? "the region" : state.regionStores.get(movement.storeId)?.name ?? movement.storeId;
  const changes = movement.kind === "safety-stock"
    ? [`safety stock ${movement.onHandAfter.toLocaleString()}`]
    : [movement.onHandDelta && `on hand ${signed(movement.onHandDelta)}`, movement.reservedDelta && `reserved ${signed(movement.reservedDelta)}`];
  const of = movement.orderId ? `order ${movement.orderId}` : movement.kind === "adjust" || movement.kind === "set" ? null : movement.referenceId;
  const li = text("li", [new Date(movement.at).toLocaleTimeString(), what, where, ...changes.filter(Boolean), of].filter(Boolean).join(" · "));
  li.dataset.seq = movement.seq;
  return li;
}

function render() {
  const view = state.view;
  for (const id of ["figures", "safety-stock", "stores-panel", "movements-panel"]) $(id).hidden = !view;
  if (!view) return;
  $("available").textContent = view.available.toLocaleString();
  $("on-hand").textContent = view.onHand.toLocaleString();
  $("reserved").textContent = view.reserved.toLocaleString();
  $("safety").textContent = view.safetyStock.toLocaleString();
  // Every store of the region, stocked or not (goods may be received anywhere), and any the pool still counts.
  const counts = new Map(view.stores.map(store => [store.storeId, store]));
  const ids = [...new Set([...state.regionStores.keys(), ...counts.keys()])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const stores = ids.map(storeId => counts.get(storeId) ?? { storeId, onHand: 0, reserved: 0 });
  listRows($("stores"), "store", stores, store => store.storeId, storeRow, (li, store) => {
    li.querySelector(".what").textContent = state.regionStores.get(store.storeId)?.name ?? store.storeId;
    li.querySelector(".counts").textContent = `${store.onHand.toLocaleString()} on hand · ${store.reserved.toLocaleString()} reserved`;
  });
}

function storeRow(store, storeId) {
  const li = document.createElement("li");
  li.dataset.store = storeId;
  const delta = Object.assign(document.createElement("input"), { type: "number", step: "1", required: true, placeholder: "± units" });
  delta.setAttribute("aria-label", "change in units");
  const reason = document.createElement("select");
  reason.setAttribute("aria-label", "reason");
  reason.append(...reasons.map(r => new Option(r, r)));
  const form = document.createElement("form");
  form.className = "row-form";
  form.append(delta, reason, text("button", "Adjust"));
  form.onsubmit = e => { e.preventDefault(); adjust(li, storeId, Number(delta.value), reason.value, form); };
  li.append(text("span", "", "what"), text("span", "", "counts muted"), form);
  return li;
}

// An adjustment at a store, idempotent on its id: the same change again after an answer that never came is that same
// adjustment, not a second. A refusal (stock would go negative, or below what is reserved there) changes nothing.
function adjust(li, storeId, delta, reason, form) {
  li.adjust ??= onceUntilAnswered();
  return submitting(form, $("stock-error"), async () => {
    $("stock-note").textContent = "";
    const path = `/api/stores/${encodeURIComponent(storeId)}/stock/${encodeURIComponent(state.sku)}/adjustments`;
    const counts = await li.adjust(JSON.stringify([state.sku, delta, reason]), () => ({ adjustmentId: newId("adjust"), delta, reason }),
      adjustment => api(path, { method: "POST", body: JSON.stringify(adjustment) }));
    form.reset();
    $("stock-note").textContent = `${li.querySelector(".what").textContent}: ${delta > 0 ? "+" : ""}${delta} (${reason}), ${counts.onHand} on hand.`;
    await refresh();
  });
}

// The safety stock the region holds back from what members may reserve; setting it twice is setting it once.
function holdBack(e) {
  e.preventDefault();
  const safetyStock = Number($("safety-units").value);
  return submitting($("safety-form"), $("safety-error"), async () => {
    state.view = await api(poolPath("/safety-stock"), { method: "PUT", body: JSON.stringify({ safetyStock }) });
    $("safety-form").reset();
    $("safety-stock").open = false;
    render();
    await readMovements(); // the safety stock is set; its line comes with the next read if not now
  });
}

// A store of the region, whose page lists what the region sells: the SKU field's suggestions (suggestProducts).
const aStoreOf = new Map(); // region id → a store of it
async function aStoreOfRegion() {
  const regionId = $("region").value.trim();
  if (regionId && !aStoreOf.has(regionId)) {
    const [nearby] = await api(`/api/stores/nearest?regionId=${encodeURIComponent(regionId)}&latitude=0&longitude=0&take=1`).catch(() => []);
    if (nearby) aStoreOf.set(regionId, nearby.store.storeId);
  }
  return aStoreOf.get(regionId) ?? null;
}

async function start() {
  await signIn(null);
  while (!await tokenTaken()) await signIn("The server refused the token; sign in again.");

  $("stock-view").hidden = false;
  $("pool-form").onsubmit = e => { e.preventDefault(); show($("region").value.trim(), $("sku").value.trim()); };
  $("safety-form").onsubmit = holdBack;
  suggestProducts(api, $("sku"), $("sku-options"), aStoreOfRegion);
  const last = JSON.parse(localStorage.getItem("stockShown") ?? "null");
  const [regionId, sku] = params.has("region") && params.has("sku") ? [params.get("region"), params.get("sku")]
    : last ?? (state.development ? ["shanghai", "sku-0001"] : [null, null]);
  if (regionId && sku) await show(regionId, sku);
  setInterval(() => {
    if (!state.live || Date.now() - state.readAt >= 30_000) refresh().catch(() => {});
  }, 5_000);
  await connect().catch(() => showConnection("offline · read every 5 s", false));
}

// Never giving up connecting or reconnecting; watching the pool shown at each connection. Without one, the page reads
// every 5 s.
async function connect() {
  state.rewatch = await watchHub("/hubs/scoreboard", hubTokenSigningInAgain(() => state.token, signInAgain),
    connection => connection.on("StockUpdate", pushed),
    watchShown,
    () => {},
    (label, live) => {
      showConnection(label, live);
      if (!live) state.live = false;
    });
}

start();
