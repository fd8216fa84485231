// A franchisee's own page: its franchise stores (GET /api/accounts/{id}/stores), with what each still has to ship or
// hand over and how long the oldest has waited (all of them in one read, GET /api/accounts/{id}/fulfilment; a store
// opened shows its ten oldest), and what the brand owes it for a month, day by day. It watches the account on
// /hubs/notifications (WatchAccount): each of its stores' alerts (StoreAlert, an order queued there, which is also
// money owed) reads it all again, and so does every 30 s (how long the oldest has waited moves on; a push is a hint)
// and a reconnection. The month is the brand's own (the day the statement route calls today, in the brand's timezone)
// until another is picked.
// In Development the page gets a franchisee's token itself, for ?account= (else the last shown, else the demo's
// dealer-sh-03); elsewhere it asks for one and keeps it: the franchisee's own, or an operator's with ?account= naming
// whose page to show (the dashboard's, kept in this browser, when there is one: its settlement links here).
"use strict";

const params = new URLSearchParams(location.search);
const state = { token: null, account: null, month: null, monthPicked: false, openStore: null };
const $ = id => document.getElementById(id);

const signInAgain = signingInOnce(signIn);
const api = apiSigningInAgain(() => state.token, signInAgain);
const accountPath = suffix => `/api/accounts/${encodeURIComponent(state.account)}${suffix}`;

async function signIn(refusal) {
  const wanted = params.get("account") ?? localStorage.getItem("franchiseeAccount") ?? "dealer-sh-03";
  let token = await fetchDevToken(wanted, "dealer");
  if (!token) {
    // An operator who came from the dashboard is signed in already: its token is kept in this browser too.
    token = await savedOrAskedToken(localStorage.getItem("franchiseeToken") ?? localStorage.getItem("opsToken"), refusal);
    while (!["dealer", "ops"].includes(tokenClaims(token).role)) token = await askForToken("That is neither a franchisee's token nor an operator's.");
    localStorage.setItem("franchiseeToken", token);
  }
  state.token = token;
  // A franchisee sees its own account, whatever the address says; an operator the one the address names.
  const claims = tokenClaims(token);
  state.account = claims.role === "dealer" ? claims.sub : params.get("account");
}

async function refresh() {
  const openStore = state.openStore;
  const [listed, summaries, today] = await Promise.all([
    api(accountPath("/stores")),
    api(accountPath("/fulfilment")),
    state.monthPicked ? null : api(accountPath("/settlement")),
  ]);
  if (today && !state.monthPicked) $("month").value = state.month = today.from.slice(0, 7);
  const oldest = listed.stores.some(store => store.storeId === openStore)
    ? await api(`/api/stores/${encodeURIComponent(openStore)}/fulfilment?take=10`).catch(() => null) // read again at the next poll
    : null;
  if (openStore !== state.openStore) return; // opened or closed meanwhile: the read that did it shows it
  showStores(listed.stores, summaries, oldest);
  await showMonth();
}

// Each store by id, its name and what waits there: "2 to ship · 1 to hand over · the oldest 12 min"; the open one with
// its oldest ten waiting beneath.
function showStores(stores, summaries, oldest) {
  const summaryOf = new Map(summaries.map(summary => [summary.storeId, summary]));
  const rows = stores.map(store => ({ store, summary: summaryOf.get(store.storeId) }));
  listRows($("stores"), "store", rows, row => row.store.storeId, (row, storeId) => {
    const li = document.createElement("li"), open = text("button", "", "what");
    li.dataset.store = storeId;
    open.type = "button";
    open.onclick = () => {
      state.openStore = storeId === state.openStore ? null : storeId;
      poll();
    };
    li.append(open, text("span", "", "where muted"), text("span", "", "counts"), document.createElement("ol"));
    return li;
  }, (li, { store, summary }) => {
    const isOpen = store.storeId === state.openStore;
    li.querySelector(".what").textContent = store.name;
    li.querySelector(".what").setAttribute("aria-expanded", String(isOpen));
    li.querySelector(".where").textContent = `${store.storeId} · ${store.regionId}`;
    li.querySelector(".counts").textContent = !summary ? "…" // listed since the queues were read: the next read has it
      : summary.waiting === 0 ? "nothing waiting"
      : `${summary.toShip} to ship · ${summary.toHandOver} to hand over · the oldest ${waitedSince(summary.oldestConfirmedAt)}`;
    li.querySelector("ol").replaceChildren(...(isOpen && oldest ? oldest.map(waitingEntry) : []));
  });
  $("stores-empty").hidden = stores.length > 0;
  $("stores-error").textContent = "";
}

// Alerts from many stores at once (a flash sale) make one read more after the one under way, not one each.
const poll = oneReadAtATime(refresh, error => { $("stores-error").textContent = error.message; });

async function showMonth() {
  const month = state.month;
  const statement = await monthStatement(api, state.account, month);
  if (month !== state.month) return; // another month was picked meanwhile
  $("settlement-days").replaceChildren(...statementRows(statement));
  $("settlement-orders").textContent = statement.orders;
  $("settlement-amount").textContent = yuan(statement.amount);
  $("settlement-error").textContent = "";
}

async function start() {
  await signIn(null);
  if (!state.account) {
    $("account-error").textContent = "An operator sees a franchisee's page by naming the account: /franchisee?account=…";
    $("account-error").hidden = false;
    return;
  }
  localStorage.setItem("franchiseeAccount", state.account);
  history.replaceState(null, "", `?account=${encodeURIComponent(state.account)}`);
  $("title").textContent = `Franchisee · ${state.account}`;
  $("franchisee-view").hidden = false;
  $("month").oninput = () => {
    if (!$("month").value) return;
    Object.assign(state, { month: $("month").value, monthPicked: true });
    showMonth().catch(error => { $("settlement-error").textContent = error.message; });
  };
  await poll();
  setInterval(poll, 30_000);
  await connect().catch(() => showConnection("offline · read every 30 s", false));
}

// Never giving up reconnecting; watching the account again at each connection, and reading what was missed meanwhile.
async function connect() {
  await watchHub("/hubs/notifications", hubTokenSigningInAgain(() => state.token, signInAgain),
    connection => connection.on("StoreAlert", () => poll()),
    connection => connection.invoke("WatchAccount", state.account),
    poll);
  poll(); // whatever came between the first read and the watch
}

start();
