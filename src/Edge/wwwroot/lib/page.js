// What the Edge's browser pages (/ops, /live, /guide, /store, /stock, /franchisee) share: money and element helpers, API calls,
// development tokens, a token's claims, and the sign-in form. A classic script, loaded before each page's own.
"use strict";

function yuan(fen) { return "¥" + (fen / 100).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 }); }
// A fresh id for something this page creates (an order, a coupon, a forward), so a retried call is the same one.
function newId(prefix) { return prefix + "-" + Date.now().toString(36) + Math.random().toString(36).slice(2, 8); }
function text(tag, value, cls) { const e = document.createElement(tag); e.textContent = value; if (cls) e.className = cls; return e; }

// How long ago something waiting since `confirmedAt` (an ISO time) began to: "just now", "12 min", "5 h", "3 d".
function waitedSince(confirmedAt) {
  const minutes = Math.floor((Date.now() - Date.parse(confirmedAt)) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min`;
  return minutes < 48 * 60 ? `${Math.floor(minutes / 60)} h` : `${Math.floor(minutes / 1440)} d`;
}

// One entry of a store's fulfilment queue as a list item: the order, ship or pick-up, what it holds, how long it has
// waited ("o-17 · pick-up · 1× sku-0001 · 12 min"), with its data-id.
function waitingEntry(entry) {
  const lines = entry.lines.map(l => `${l.quantity}× ${l.sku}`).join(", ");
  const li = text("li", `${entry.orderId ?? entry.fulfilmentId} · ${entry.mode === "pickup" ? "pick-up" : "ship"} · ${lines} · ${waitedSince(entry.confirmedAt)}`);
  li.dataset.id = entry.fulfilmentId;
  return li;
}

// What the brand owes an owner account for the month `yyyy-mm`, through `call(path)`: its statement from the month's
// first day to its last (the route takes up to 92 days; a month is at most 31).
function monthStatement(call, account, month) {
  const [year, number] = month.split("-").map(Number), mm = String(number).padStart(2, "0");
  const last = new Date(Date.UTC(year, number, 0)).getUTCDate();
  return call(`/api/accounts/${encodeURIComponent(account)}/settlement?from=${year}-${mm}-01&to=${year}-${mm}-${last}`);
}

// A statement's days as table rows — the day, its orders, what is owed for them — each <tr> with its data-date.
function statementRows(statement) {
  return statement.days.map(d => {
    const tr = document.createElement("tr");
    tr.dataset.date = d.date;
    tr.append(text("td", d.date.slice(5)), text("td", d.orders, "orders"), text("td", yuan(d.amount), "amount"));
    return tr;
  });
}

// Calls the API with a bearer token: the answer's body (null for 204), or an Error "code: detail" for a problem, with
// the answer's `status`. A validation problem's detail is general; what was wrong is in its errors, by field, so they
// are added.
async function callApi(token, path, options = {}) {
  const response = await fetch(path, { ...options, headers: { "Content-Type": "application/json", Authorization: "Bearer " + token, ...options.headers } });
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  const fields = body?.errors ? " " + Object.values(body.errors).flat().join(" ") : "";
  if (!response.ok) throw Object.assign(new Error(body?.code ? `${body.code}: ${body.detail ?? ""}${fields}` : `HTTP ${response.status}`), { status: response.status });
  return body;
}

// Signing a page in again, one sign-in at a time: whoever asks while one is under way waits for it (two would each
// show the sign-in form, and only the last would ever be answered). `signIn(reason)` is the page's own.
function signingInOnce(signIn) {
  let pending = null;
  return reason => (pending ??= signIn(reason).finally(() => { pending = null; }));
}

// The page's API calls, with the token `currentToken()` answers. A page open longer than its token lasts (a guide's
// app all day) would otherwise fail every call from then on, its polls silently: a call the server refuses for the
// token (401) makes the page sign in again through `signInAgain` (a signingInOnce) and is made again with the new
// token when it is the same user's. Another user's (or a first sign-in that was refused) gets the refusal instead,
// since the call was made for whom the page showed before.
function apiSigningInAgain(currentToken, signInAgain) {
  return async (path, options) => {
    const user = tokenClaims(currentToken()).sub;
    try {
      return await callApi(currentToken(), path, options);
    } catch (error) {
      if (error?.status !== 401) throw error;
      await signInAgain("The server refused the token; sign in again.");
      if (!user || tokenClaims(currentToken()).sub !== user) throw error;
      return callApi(currentToken(), path, options);
    }
  };
}

// A hub connection's accessTokenFactory. The hubs close a connection when its token lapses, and would refuse it
// again at every reconnection: a lapsed token is replaced through `signInAgain` first, so the page's pushes come back
// once it is signed in again.
function hubTokenSigningInAgain(currentToken, signInAgain) {
  return async () => {
    if (expired(currentToken())) await signInAgain("The token has expired; sign in again.");
    return currentToken();
  };
}

// An order as the pages list it in `list` (a <ul>): its lines and total, where it ships from or is picked up (with the
// pick-up code once paid), its status (also its data-status), and Pay or Cancel while it is unpaid. An order already
// listed is updated in place; a new one goes on top when placed now, else below (one from before the page opened).
// Paying or cancelling calls the API through `call` (both are idempotent, so a click after an answer that never came is
// the same one); the order it answers goes to `changed`, if given, a refusal to `failed`.
function showOrderIn(list, order, { placedNow = true, call, failed, changed }) {
  let li = list.querySelector(`li[data-order="${CSS.escape(order.orderId)}"]`);
  if (!li) {
    li = document.createElement("li");
    li.dataset.order = order.orderId;
    if (placedNow) list.prepend(li); else list.append(li);
  }
  li.dataset.status = order.status;
  const stores = [...new Set(order.lines.flatMap(l => l.allocations.map(a => `${a.storeId} (${a.distanceKm.toFixed(1)} km)`)))];
  const where = (order.mode === "pickup" ? "pick up at " : "from ") + stores.join(", ") + (order.pickupCode && order.status === "Paid" ? ` · code ${order.pickupCode}` : "");
  li.replaceChildren(
    text("span", `${order.lines.map(l => `${l.name} ×${l.quantity}`).join(", ")} · ${yuan(order.total)}`),
    text("span", where, "order-stores muted"),
    text("span", order.status, "order-status"));
  if (order.status !== "Reserved") return;

  const path = `/api/orders/${encodeURIComponent(order.orderId)}`;
  const buttons = [
    ["Pay", "pay", `${path}/pay`, JSON.stringify({ paymentId: "pay-" + order.orderId, amount: order.total })],
    ["Cancel", "cancel", `${path}/cancel`, undefined],
  ].map(([label, cls, route, body]) => {
    const button = text("button", label, cls);
    button.onclick = async () => {
      buttons.forEach(b => { b.disabled = true; });
      try {
        const answer = await call(route, { method: "POST", body });
        showOrderIn(list, answer, { call, failed, changed });
        changed?.(answer);
      } catch (error) {
        buttons.forEach(b => { b.disabled = false; });
        failed(error);
      }
    };
    return button;
  });
  li.append(...buttons);
}

// Does what a form asks, its buttons disabled meanwhile (so it is sent once at a time); a failure is shown in
// `errorElement`, which is cleared first.
async function submitting(form, errorElement, action) {
  errorElement.textContent = "";
  const buttons = [...form.querySelectorAll("button")];
  buttons.forEach(b => { b.disabled = true; });
  try {
    await action();
  } catch (error) {
    errorElement.textContent = error.message;
  } finally {
    buttons.forEach(b => { b.disabled = false; });
  }
}

// Lists `items` in `list`, a row each, keyed by the rows' `data-{attribute}`: a row already listed stays the same
// element, so what is being typed into it (a coupon's amount, a pick-up code, a stock change) survives a refresh that a
// push or a timer brings meanwhile; a new one is made by `makeRow(item, key)`. `describe(li, item)` then writes what
// it shows afresh. A row already in its place is left in the document, not taken out and put back: that would take the
// focus from the field being typed in (and could lose a click under way) at every push.
function listRows(list, attribute, items, keyOf, makeRow, describe) {
  const rows = new Map([...list.children].map(li => [li.dataset[attribute], li]));
  items.forEach((item, i) => {
    const key = keyOf(item);
    const li = rows.get(key) ?? makeRow(item, key);
    describe(li, item);
    if (list.children[i] !== li) list.insertBefore(li, list.children[i] ?? null);
  });
  while (list.children.length > items.length) list.lastElementChild.remove();
}

// A list (`list`, a <ul>) shown a page at a time, with a More button and a note shown while it is empty.
// `fetchPage(after)` answers the page after `after` (null for the first) as {rows: [<li>], next}. `first()` starts the
// list again: a page still loading for the list before is then dropped when it comes, so two restarts close together
// list nothing twice. `more()` adds the next page.
function pagedList(list, moreButton, emptyNote, fetchPage) {
  let restarts = 0, next = null;
  async function more() {
    const restart = restarts;
    moreButton.disabled = true;
    const page = await fetchPage(next).finally(() => { moreButton.disabled = false; });
    if (restart !== restarts) return;
    list.append(...page.rows);
    next = page.next;
    moreButton.hidden = !next;
    emptyNote.hidden = list.children.length > 0;
  }
  function first() {
    restarts++;
    next = null;
    list.replaceChildren();
    return more();
  }
  return { first, more };
}

// A member's own pushes (/hubs/notifications): an order listed in `list` that changes elsewhere — cancelled, lapsed
// unpaid, paid in another tab, fulfilled — is read again through `call` and handed to `show`; `updated`, if given,
// hears every update, listed or not. Answers the function that opens the connection, which a page calls as it shows an
// order: a member with none on the page (most of a busy room's viewers) has nothing to hear, and keeps one connection
// to the Edge fewer. Calling it again does nothing; a connection refused its token is opened again at the next call. A
// push is a hint; the page works without this connection. The body's data-order-updates says what it is doing: "on"
// once it is up, else the first word of watchHub's status ("offline" while it cannot connect at first, "reconnecting"
// while it is lost). What changed meanwhile was pushed to nobody: once it is up or back, every listed order that may
// still change is read again, and `updated` hears null (anything may have changed).
function watchOrderUpdates(getToken, list, call, show, updated) {
  let notifications = null;
  const readAgain = orderId => call(`/api/orders/${encodeURIComponent(orderId)}`).then(show, () => {});
  function readAllAgain() {
    updated?.(null);
    for (const li of list.querySelectorAll("li[data-order]")) {
      if (!settledOrderStatuses.has(li.dataset.status)) readAgain(li.dataset.order);
    }
  }
  return () => {
    notifications ??= watchHub("/hubs/notifications", getToken,
      connection => connection.on("OrderUpdate", update => {
        updated?.(update);
        if (list.querySelector(`li[data-order="${CSS.escape(update.orderId)}"]`)) readAgain(update.orderId);
      }),
      async () => {}, // nothing to ask for: the hub sends a user's own pushes to each of their connections
      readAllAgain,
      (label, live) => { document.body.dataset.orderUpdates = live ? "on" : label.split(/\W/)[0]; });
    notifications.catch(() => { notifications = null; });
  };
}

// An order in one of these changes no more, so a page need not read it again.
const settledOrderStatuses = new Set(["Fulfilled", "Cancelled", "Expired"]);

// A progress bar (.bar): a label with the name and the figures (.progress), and a track filled to `fraction` (0–1),
// green once `reached`.
function progressBar(name, figures, fraction, reached) {
  const bar = document.createElement("div");
  bar.className = "bar" + (reached ? " reached" : "");
  const label = document.createElement("div");
  label.className = "label";
  label.append(text("span", name), text("span", figures, "progress"));
  const track = document.createElement("div");
  track.className = "track";
  const fill = document.createElement("div");
  fill.className = "fill";
  fill.style.width = Math.min(100, 100 * fraction) + "%";
  track.append(fill);
  bar.append(label, track);
  return bar;
}

// A page's pushes on a hub (`hubPath`), never giving up reconnecting, with `status(label, live)` following them (the
// header's pill unless the page says otherwise): `on` adds the page's handlers to the connection, `watch(connection)`
// asks for what the page watches at each connection (a hub forgets what a closed connection watched), and
// `readAgain()` reads what may have been pushed while it was away. Answers the page's watch, to call again when what it
// watches changes.
async function watchHub(hubPath, tokenFactory, on, watch, readAgain, status = showConnection) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(hubPath, { accessTokenFactory: tokenFactory })
    .withAutomaticReconnect(reconnectForever)
    .build();
  on(connection);
  connection.onreconnecting(() => status("reconnecting…", false));
  connection.onreconnected(async () => {
    await watchTryingAgain(connection, watch, status).catch(() => {});
    status("live", true);
    readAgain();
  });
  connection.onclose(() => status("disconnected", false));
  const late = await startTryingAgain(connection, status);
  await watchTryingAgain(connection, watch, status);
  status("live", true);
  if (late) readAgain(); // what moved while the page could not connect was pushed to nobody
  return () => watch(connection);
}

// Starts a hub connection, and while it cannot (an Edge restarting behind the page, a phone not yet online) tries again,
// saying so through `status(label, live)`: the library gives up at the first failure to start, its automatic reconnect
// covering only a connection that was once up. A refused token (401) is not tried again here, but thrown: the page asks
// for another. Answers whether it had to try again.
async function startTryingAgain(connection, status) {
  const failed = await tryingAgain(() => connection.start(), error => !/\b401\b/.test(error?.message ?? ""),
    () => status("offline · trying again", false));
  return failed > 0;
}

// Asks for what the page watches (`watch(connection)`). One the cluster could not answer (`unavailable`: a silo
// restarting, say) is asked again while the connection stays up, saying so through `status`: else the page would stay
// connected and deaf until its next reconnection. Any other refusal is thrown, the page's to show.
function watchTryingAgain(connection, watch, status) {
  return tryingAgain(() => watch(connection),
    error => /\bunavailable:/.test(error?.message ?? "") && connection.state === "Connected",
    () => status("waiting for the cluster…", false));
}

// Calls `attempt()` until it succeeds, on reconnectForever's waits, while its failures are `worthRetrying`, telling
// `waiting()` before each wait; another failure is thrown. Answers how many attempts failed.
async function tryingAgain(attempt, worthRetrying, waiting) {
  for (let retry = 0; ; retry++) {
    try {
      await attempt();
      return retry;
    } catch (error) {
      if (!worthRetrying(error)) throw error;
      waiting();
      await new Promise(resolve => setTimeout(resolve, reconnectForever.nextRetryDelayInMilliseconds({ previousRetryCount: retry })));
    }
  }
}

// One read at a time: what asks for another while one is under way (pushes from many stores at once, in a flash sale)
// gets one more read after it, not one each. `read()` reads, and its failure goes to `failed`. Answers the function
// that asks for a read; it answers the read under way.
function oneReadAtATime(read, failed) {
  let current = null, again = false;
  function ask() {
    if (current) {
      again = true;
      return current;
    }
    current = read().catch(failed).finally(() => {
      current = null;
      if (again) {
        again = false;
        ask();
      }
    });
    return current;
  }
  return ask;
}

// The header's pill (#connection): what the page's hub connection is doing, green while it is live.
function showConnection(label, live) {
  const pill = document.getElementById("connection");
  pill.textContent = label;
  pill.classList.toggle("live", live);
}

// Reconnecting for as long as the page is open (the library's default stops after four tries, 42 s: a phone out of
// reach for a minute would stay disconnected until reloaded), at most every 30 s: an Edge restarted by a deploy finds
// its pages back once it is up. Each wait is drawn between half its step and the whole (1, 2, 4 … 30 s), so the
// thousands of viewers an Edge held do not all come back to the others at the same instant.
const reconnectForever = {
  nextRetryDelayInMilliseconds: retry => Math.min(30_000, 1_000 * 2 ** Math.min(retry.previousRetryCount, 5)) * (0.5 + Math.random() / 2),
};

// Products by SKU ({name, listPrice}), asked of /api/skus once each through `get`; null while asked, or after a failure
// (not asked again: the page goes on showing the SKU). `arrived` is called as each answer comes, to render again.
function productCache(get, arrived) {
  const products = new Map();
  return sku => {
    if (!products.has(sku)) {
      products.set(sku, null);
      get(`/api/skus/${encodeURIComponent(sku)}`).then(found => { products.set(sku, found); arrived(); }, () => {});
    }
    return products.get(sku);
  };
}

// Sends a purchase (an order, a coupon) so that it happens once: the request made for some terms is kept until the
// server answers, and sending the same terms again after an answer that never came (a dropped connection) sends that
// same request — the same id — which the server answers as the retry it is, rather than a second purchase. A refusal
// forgets it. One per thing a page buys: `send(terms, make, call)` makes the request with `make()` when the terms are
// new, and answers `call(request)`.
function onceUntilAnswered() {
  let pending = null;
  return async (terms, make, call) => {
    if (pending?.terms !== terms) pending = { terms, request: make() };
    const { request } = pending;
    try {
      const answer = await call(request);
      pending = null;
      return answer;
    } catch (error) {
      if (refusedByServer(error)) pending = null;
      throw error;
    }
  };
}

// Whether the server refused (an API's 4xx, a hub's HubException), rather than the answer being lost on the way or the
// server not knowing whether it was done (a 5xx, or "unavailable": the cluster did not answer in time).
function refusedByServer(error) {
  if (error?.status) return error.status < 500;
  const hub = /HubException: ([a-z-]+):/.exec(error?.message ?? "");
  return hub !== null && hub[1] !== "unavailable";
}

// Products to pick from as a name is typed into `input`: what the store `storeIdOf()` answers (or promises) sells whose
// name or SKU holds the text, as its store page lists them, into `datalist`. Asked once typing pauses (250 ms); an
// answer for older text is dropped.
function suggestProducts(api, input, datalist, storeIdOf) {
  let asked = 0;
  input.oninput = () => {
    const mine = ++asked;
    setTimeout(async () => {
      const typed = input.value.trim();
      if (mine !== asked || typed.length < 2) return;
      const storeId = await storeIdOf();
      const query = new URLSearchParams({ q: typed.slice(0, 50), take: "10" });
      const page = storeId ? await api(`/api/stores/${encodeURIComponent(storeId)}/page?${query}`).catch(() => null) : null;
      if (!page || mine !== asked) return;
      datalist.replaceChildren(...page.items.map(item => new Option(`${item.name} · ${item.available.toLocaleString()} available`, item.sku)));
    }, 250);
  };
}

// The browser's position if the member shares it ({latitude, longitude}); null when they refuse, have none, or do not
// answer within `waitMs` — a buy must not wait on a question left open. `shared(position)` hears the position the
// browser gives, also one that comes after that.
function browserPosition(waitMs, shared) {
  if (!navigator.geolocation) return Promise.resolve(null);
  return new Promise(resolve => {
    setTimeout(() => resolve(null), waitMs);
    navigator.geolocation.getCurrentPosition(
      found => {
        const position = { latitude: found.coords.latitude, longitude: found.coords.longitude };
        shared?.(position);
        resolve(position);
      },
      () => resolve(null),
      { maximumAge: 10 * 60 * 1000, timeout: waitMs });
  });
}

// A token from the Edge, in Development only; null elsewhere (the route does not exist there).
async function fetchDevToken(userId, role) {
  const response = await fetch("/api/dev/token", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ userId, role }) }).catch(() => null);
  return response?.ok ? (await response.json()).token : null;
}

// A JWT's claims, read without checking them (the server does); {} for what is not a JWT.
function tokenClaims(token) {
  try { return JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))); } catch { return {}; }
}

// Whether a JWT's exp has passed (a token that is not a JWT, or has no exp, is left for the server to judge).
function expired(token) { const exp = tokenClaims(token).exp; return typeof exp === "number" && exp * 1000 <= Date.now(); }

// The server refused the token (a 401 from the API, "unauthenticated: …", or from a hub's negotiation).
function refusedToken(error) { return /\b401\b|unauthenticated/.test(error?.message ?? ""); }

// The token kept in this browser (`saved`), unless the server refused it (`refusal` says why, shown on the form) or it
// has expired; else one asked for with the sign-in form.
function savedOrAskedToken(saved, refusal) {
  if (saved && !refusal && !expired(saved)) return Promise.resolve(saved);
  return askForToken(refusal ?? (saved ? "The saved token has expired; sign in again." : ""));
}

// Shows the page's sign-in form (#signin, #token, #signin-error) saying why, and answers the token typed in.
function askForToken(why) {
  document.getElementById("signin-error").textContent = why ?? "";
  const form = document.getElementById("signin");
  form.hidden = false;
  return new Promise(resolve => form.onsubmit = e => {
    e.preventDefault();
    form.hidden = true;
    resolve(document.getElementById("token").value.trim());
  });
}
