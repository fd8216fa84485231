// A shopping guide's app in the browser: today's figures and coins (a sale rung up in the store, a product's link to
// share), what the store still has to ship or hand over, the members to follow up on (send one a coupon, or mark them
// done), the tasks from headquarters (report a forward), the guide's live rooms (open one as its host), and their
// customers a page at a time. The guide's own pushes (GuideAlert on /hubs/notifications, which an operator viewing the
// guide watches) and the store's (StoreAlert, its queue growing) are hints, as docs/api.md says: each makes the page
// read again what it names; the figures and the store's orders are also read every 30 s (a new customer, or a sale
// through a store's till, is not pushed to this guide), and everything after a reconnection.
// In development the page gets its own token, for ?guide= (else the guide it showed last, else the demo's guide-001),
// with ?as=ops an operator's; elsewhere it asks for the guide's token — or an operator's, with ?guide= naming the guide
// to show. An operator may also give the guide a task.
"use strict";

const params = new URLSearchParams(location.search);
const customersPerPage = 20;
const alertsShown = 5;
const fulfilmentShown = 50; // the oldest of the store's queue, which a flash sale can make hundreds long
const couponDays = 7;
const state = {
  token: null, role: null, guideId: null, storeId: null, watch: null, followUps: [],
  fulfilment: [], fulfilmentReads: 0, found: null, // the store's orders shown, the reads asked, a pick-up found by its code
  customerCount: null, // how many customers the guide has, as last read
};
const $ = id => document.getElementById(id);

const signInAgain = signingInOnce(signIn);
const api = apiSigningInAgain(() => state.token, signInAgain);
function guidePath(suffix = "") { return `/api/guides/${encodeURIComponent(state.guideId)}${suffix}`; }
function storePath(suffix) { return `/api/stores/${encodeURIComponent(state.storeId)}${suffix}`; }
const product = productCache(path => api(path), () => { renderFollowUps(); renderFulfilment(); });

async function signIn(refusal) {
  const guideId = params.get("guide") ?? localStorage.getItem("guideId") ?? "guide-001";
  // In Development a fresh token is the Edge's to give, also when the last one was refused (it lapsed after 12 h).
  let token = params.get("as") === "ops" ? await fetchDevToken("ops-guides", "ops") : await fetchDevToken(guideId, "guide");
  if (token) {
    localStorage.setItem("guideId", guideId);
  } else {
    token = await savedOrAskedToken(localStorage.getItem("guideToken"), refusal);
    localStorage.setItem("guideToken", token);
  }

  const claims = tokenClaims(token);
  Object.assign(state, { token, role: claims.role, guideId: claims.role === "ops" ? guideId : claims.sub });
}

// The kept days' figures, the latest first: read when opened, and again with today's while open.
async function refreshDays() {
  if (!$("days").open) return;
  const days = await api(guidePath("/days"));
  $("days-list").replaceChildren(...days.map(d => {
    const tr = document.createElement("tr");
    tr.dataset.date = d.date;
    tr.append(text("td", d.date.slice(5)), text("td", yuan(d.salesAmount), "sales"), text("td", d.orders, "orders"), text("td", d.newMembers), text("td", yuan(d.commission)));
    return tr;
  }));
}

async function refreshToday() {
  refreshDays().catch(() => {});
  const guide = await api(guidePath());
  if (state.storeId !== guide.profile.storeId) {
    state.storeId = guide.profile.storeId;
    state.watch?.().catch(() => {}); // moved to another store while the page is open: its queue is the one to watch
    const store = await api(`/api/stores/${encodeURIComponent(guide.profile.storeId)}`).catch(() => null);
    $("title").textContent = `${guide.profile.name} · ${store?.name ?? guide.profile.storeId}`;
  }

  $("sales").textContent = yuan(guide.today.salesAmount);
  $("orders").textContent = guide.today.orders;
  $("new-members").textContent = guide.today.newMembers;
  $("commission").textContent = yuan(guide.today.commission);
  $("coins").textContent = guide.coins;
  $("customer-count").textContent = guide.customers;
  // A customer bound (or moved away) since: the list, latest first, starts again from its first page.
  if (state.customerCount !== null && guide.customers !== state.customerCount) customers.first().catch(() => {});
  state.customerCount = guide.customers;
}

// The members to follow up on.
async function refreshFollowUps() {
  state.followUps = await api(guidePath("/follow-ups"));
  renderFollowUps();
}

function renderFollowUps() {
  listRows($("follow-ups"), "key", state.followUps, followUp => `${followUp.memberId}/${followUp.sku}`, followUpRow, (li, followUp) => {
    li.querySelector(".what").textContent = `${followUp.memberName} viewed ${product(followUp.sku)?.name ?? followUp.sku} ${followUp.views} times`;
  });
  $("follow-ups-empty").hidden = state.followUps.length > 0;
}

function followUpRow(followUp, key) {
  const li = document.createElement("li");
  li.dataset.key = key;
  const amount = Object.assign(document.createElement("input"), { type: "number", min: "0.01", step: "0.01", value: "20", required: true });
  amount.setAttribute("aria-label", "yuan off");
  const done = Object.assign(text("button", "Done", "secondary"), { type: "button", onclick: () => followedUp(followUp) });
  const form = document.createElement("form");
  form.className = "row-form";
  form.append(amount, text("button", "Send coupon"), done);
  form.onsubmit = e => { e.preventDefault(); sendCoupon(followUp, Math.round(Number(amount.value) * 100), form); };
  li.append(text("span", "", "what"), text("span", new Date(followUp.at).toLocaleString(), "muted"), form);
  return li;
}

// A coupon for the member, worth using on the product they looked at (it asks a spend of at least its list price),
// then the follow-up is done. A refused coupon leaves the follow-up as it was. Each row sends its coupons once until
// answered: the same amount again after an answer that never came is that same grant (idempotent on its id and
// terms), not a second coupon.
function sendCoupon(followUp, amountOff, form) {
  const row = form.closest("li");
  row.sendCoupon ??= onceUntilAnswered();
  return submitting(form, $("follow-up-error"), async () => {
    await row.sendCoupon(
      amountOff,
      () => ({
        couponId: newId("follow-up"), amountOff, minSpend: Math.max(amountOff, product(followUp.sku)?.listPrice ?? 0),
        expiresAt: new Date(Date.now() + couponDays * 86_400_000).toISOString(),
      }),
      grant => api(`/api/members/${encodeURIComponent(followUp.memberId)}/coupons`, { method: "POST", body: JSON.stringify(grant) }));
    $("follow-up-note").textContent = `Sent ${followUp.memberName} a ${yuan(amountOff)} coupon.`;
    await followedUp(followUp);
  });
}

async function followedUp(followUp) {
  try {
    await api(guidePath(`/follow-ups/${encodeURIComponent(followUp.memberId)}/${encodeURIComponent(followUp.sku)}`), { method: "DELETE" });
    await refreshFollowUps();
  } catch (error) {
    showFollowUpError(error);
  }
}

function showFollowUpError(error) { $("follow-up-error").textContent = error?.message ?? ""; }

// A sale rung up at the store's till, counted to this guide (and to the member named, for their points). Ringing up the
// same again after an answer that never came is that same sale (the same saleId); a refusal (an unknown member) rings up
// nothing. The sale's id is the brand's, so it carries the store's, as docs/api.md asks of tills.
const ringUp = onceUntilAnswered();
function submitSale(e) {
  e.preventDefault();
  const amount = Math.round(Number($("sale-amount").value) * 100);
  const memberId = $("sale-member").value.trim() || undefined;
  return submitting($("sale-form"), $("sale-error"), async () => {
    $("sale-note").textContent = "";
    await ringUp(JSON.stringify([state.guideId, amount, memberId]),
      () => ({ saleId: `${state.storeId}:${newId("sale")}`, guideId: state.guideId, memberId, amount }),
      sale => api(storePath("/sales"), { method: "POST", body: JSON.stringify(sale) }));
    $("sale-form").reset();
    $("sale-note").textContent = `Rang up ${yuan(amount)}.`;
    await refreshToday();
  });
}

// A product's link for the guide to send a customer (a chat, a moment): it opens the product on the guide's store's page,
// and what the member buys from it is the guide's sale (the order's guideId), whoever's customer they are.
function submitShare(e) {
  e.preventDefault();
  return submitting($("share-form"), $("share-error"), async () => {
    $("share-note").textContent = "";
    $("share-link").hidden = $("share-copy").hidden = true;
    const item = await api(storePath(`/page/${encodeURIComponent($("share-sku").value.trim())}`));
    const link = new URL("/store", location.origin);
    link.search = new URLSearchParams({ store: state.storeId, sku: item.sku, guide: state.guideId }).toString();
    $("share-note").textContent = `${item.name} · ${yuan(item.price)}${item.promotion ? ` · ${item.promotion}` : ""}`;
    Object.assign($("share-link"), { href: link.href, textContent: link.href, hidden: false });
    $("share-copy").hidden = !navigator.clipboard;
  });
}

function copyShareLink() {
  navigator.clipboard.writeText($("share-link").href)
    .then(() => { $("share-note").textContent = "Link copied."; }, error => { $("share-error").textContent = error.message; });
}

// What the guide's store still has to ship or hand over, whoever's customer bought it (all, or only what is shipped or
// picked up: a counter's staff hand over, the stock room ships): the oldest, and whether more wait.
async function refreshFulfilment() {
  const query = new URLSearchParams({ take: String(fulfilmentShown + 1) });
  if ($("fulfilment-mode").value) query.set("mode", $("fulfilment-mode").value);
  const asked = ++state.fulfilmentReads;
  const oldest = await api(storePath(`/fulfilment?${query}`));
  if (asked !== state.fulfilmentReads) return; // a later read (another choice of orders) answers instead
  state.fulfilment = withFound(oldest.slice(0, fulfilmentShown));
  $("fulfilment-more").hidden = oldest.length <= fulfilmentShown;
  renderFulfilment();
}

// The pick-up found by its code (findPickup) stays on top, also when it is not among the oldest, until it is handed over
// or another is found.
function withFound(items) {
  const found = state.found;
  return found && !items.some(item => item.fulfilmentId === found.fulfilmentId) ? [found, ...items] : items;
}

function renderFulfilment() {
  listRows($("fulfilment"), "fulfilment", state.fulfilment, item => item.fulfilmentId, fulfilmentRow, (li, item) => {
    const lines = item.lines.map(line => `${line.quantity} × ${product(line.sku)?.name ?? line.sku}`).join(", ");
    li.querySelector(".what").textContent = `${item.mode === "pickup" ? "Pick up" : "Ship"} · ${lines}`;
  });
  $("fulfilment-empty").hidden = state.fulfilment.length > 0;
}

// A row: Shipped, or Hand over — on the pick-up code the member shows for an order; a reservation confirmed through the
// stock routes has no code, so the member shows the reservation itself.
function fulfilmentRow(item, key) {
  const li = document.createElement("li");
  li.dataset.fulfilment = key;
  const source = item.orderId ? `order ${item.orderId}` : `reservation ${item.lines[0].reservationId}`;
  li.append(text("span", "", "what"), text("span", `${source} · paid ${new Date(item.confirmedAt).toLocaleString()}`, "muted"));

  const pickup = item.mode === "pickup";
  const askCode = pickup && item.orderId;
  const form = document.createElement("form");
  form.className = "row-form";
  const code = Object.assign(document.createElement("input"), { required: true, autocomplete: "off", inputMode: "numeric", placeholder: "code" });
  code.setAttribute("aria-label", "pick-up code");
  if (askCode) form.append(code);
  form.append(text("button", pickup ? "Hand over" : "Shipped"));
  form.onsubmit = e => { e.preventDefault(); fulfil(item, askCode ? code.value.trim() : undefined, form); };
  li.append(form);
  return li;
}

// The member at the counter shows their pick-up code: the order it is, found among the store's (GET …/pickups?code=),
// is marked, its code filled in, for the guide to fetch the goods and hand them over.
function findPickup(e) {
  e.preventDefault();
  return submitting($("pickup-form"), $("fulfilment-error"), async () => {
    $("fulfilment-note").textContent = "";
    const code = $("pickup-code").value.trim();
    const found = await api(storePath(`/pickups?code=${encodeURIComponent(code)}`));
    state.found = found;
    state.fulfilment = withFound(state.fulfilment);
    renderFulfilment();
    const row = $("fulfilment").querySelector(`li[data-fulfilment="${CSS.escape(found.fulfilmentId)}"]`);
    for (const marked of $("fulfilment").querySelectorAll("li.found")) marked.classList.remove("found");
    row.classList.add("found");
    row.querySelector("input").value = code;
    row.scrollIntoView({ block: "nearest" });
    row.querySelector("button").focus();
    $("pickup-code").value = "";
    $("fulfilment-note").textContent = `Order ${found.orderId}: fetch the goods, then Hand over.`;
  });
}

// Fulfilling is idempotent: doing it again after an answer that never came answers the same. A refusal (a wrong code)
// changes nothing.
function fulfil(item, pickupCode, form) {
  return submitting(form, $("fulfilment-error"), async () => {
    $("fulfilment-note").textContent = "";
    const line = item.lines[0];
    const path = item.orderId
      ? `/orders/${encodeURIComponent(item.orderId)}/fulfil`
      : `/reservations/${encodeURIComponent(line.sku)}/${encodeURIComponent(line.reservationId)}/fulfil`;
    await api(storePath(path), { method: "POST", body: item.orderId ? JSON.stringify({ pickupCode }) : undefined });
    if (state.found?.fulfilmentId === item.fulfilmentId) state.found = null;
    const done = item.mode === "pickup" ? "Handed over" : "Shipped";
    $("fulfilment-note").textContent = `${done} ${item.orderId ? `order ${item.orderId}` : `reservation ${line.reservationId}`}.`;
    await refreshFulfilment();
  });
}

async function refreshTasks() {
  const tasks = await api(guidePath("/tasks"));
  $("tasks").replaceChildren(...tasks.map(task => {
    const li = document.createElement("li");
    li.dataset.task = task.taskId;
    const bar = progressBar(task.title, `${task.progress} / ${task.target}`, task.progress / task.target, task.status === "done");
    const due = task.status === "open" ? `due ${new Date(task.dueAt).toLocaleString()}` : task.status;
    li.append(bar, text("span", `${task.coins} coins · ${due}`, "muted task-status"));
    if (task.kind === "forward-material" && task.status === "open") {
      li.append(Object.assign(text("button", "Forward"), { type: "button", onclick: e => reportForward(task, e.target) }));
    }
    return li;
  }));
  $("tasks-empty").hidden = tasks.length > 0;
}

// One forward of the material (the guide shared it): each click counts once — but a click after an answer that never
// came reports that same forward again (its id kept per task until answered), not another.
const forwards = new Map(); // task id → onceUntilAnswered
async function reportForward(task, button) {
  $("task-error").textContent = "";
  button.disabled = true;
  if (!forwards.has(task.taskId)) forwards.set(task.taskId, onceUntilAnswered());
  try {
    await forwards.get(task.taskId)(task.taskId, () => ({ forwardId: newId("forward") }),
      forward => api(guidePath(`/tasks/${encodeURIComponent(task.taskId)}/forwards`), { method: "POST", body: JSON.stringify(forward) }));
  } catch (error) {
    $("task-error").textContent = error.message;
  }
  await Promise.all([refreshTasks(), refreshToday()]);
}

// An operator gives the guide a task from headquarters, due in so many days; giving the same again after an answer
// that never came is that same task (the same taskId and due time). A refusal shows its reason and gives nothing.
const giveTask = onceUntilAnswered();
function submitTask(e) {
  e.preventDefault();
  const [kind, title, target, coins, days] = [$("task-kind").value, $("task-title").value.trim(), Number($("task-target").value), Number($("task-coins").value), Number($("task-days").value)];
  return submitting($("task-form"), $("task-form-error"), async () => {
    await giveTask(JSON.stringify([state.guideId, kind, title, target, coins, days]),
      () => ({ taskId: newId("task"), kind, title, target, coins, dueAt: new Date(Date.now() + days * 86_400_000).toISOString() }),
      task => api(guidePath("/tasks"), { method: "POST", body: JSON.stringify(task) }));
    $("task-form").reset();
    $("give-task").open = false;
    await refreshTasks();
  });
}

async function refreshRooms() {
  const rooms = await api(`/api/live-rooms?guideId=${encodeURIComponent(state.guideId)}`);
  const as = state.role === "ops" ? "ops" : "host";
  $("rooms").replaceChildren(...rooms.map(room => {
    const li = document.createElement("li");
    li.dataset.room = room.roomId;
    const link = text("a", room.title);
    link.href = `/live?room=${encodeURIComponent(room.roomId)}&as=${as}`;
    li.append(link, text("span", `${room.status} · ${room.viewers} watching · ${yuan(room.gmv)}`, "muted"));
    return li;
  }));
  $("rooms-empty").hidden = rooms.length > 0;
}

// The customers, latest bound first, a page at a time. The list starts again when their number changes or the page
// reconnects; two restarts close together (a new customer and a reconnection) list no one twice.
const customers = pagedList($("customers"), $("more-customers"), $("customers-empty"), async after => {
  const query = new URLSearchParams({ take: String(customersPerPage) });
  if (after) query.set("after", after);
  const page = await api(guidePath(`/customers/page?${query}`));
  return {
    next: page.next,
    rows: page.customers.map(customer => {
      const li = document.createElement("li");
      li.dataset.member = customer.memberId;
      li.append(
        text("span", customer.name, "name"),
        text("span", `${customer.tier} · ${yuan(customer.paidSpend)} spent · ${customer.points} points`, "muted"),
        text("span", customer.tags.join(", "), "muted tags"));
      return li;
    }),
  };
});

function showAlert(alert) {
  $("alerts").prepend(text("li", `${new Date().toLocaleTimeString()} · ${alert.text}`));
  while ($("alerts").children.length > alertsShown) $("alerts").lastChild.remove();
}

// What each alert names, read again.
const refreshFor = {
  "browse-without-buy": () => refreshFollowUps(),
  // A purchase ends its SKU's follow-up. One shipped or picked up here joins the store's orders, which the store's own
  // alert (StoreAlert) reads, for any guide's customer.
  "order-paid": () => Promise.all([refreshToday(), refreshRooms(), refreshFollowUps()]),
  "target-reached": () => refreshToday(),
  "task": () => Promise.all([refreshTasks(), refreshToday()]),
};

function refreshAll() {
  return Promise.all([refreshToday(), refreshFulfilment(), refreshFollowUps(), refreshTasks(), refreshRooms(), customers.first()]);
}

// The guide's pushes, never giving up reconnecting. At each connection it watches the store's queue (WatchStore), which
// tells of orders to ship or hand over whoever's customer bought; an operator viewing the guide also watches the
// guide's alerts (WatchGuide), as the guide receives them.
async function connect() {
  state.watch = await watchHub("/hubs/notifications", hubTokenSigningInAgain(() => state.token, signInAgain), connection => {
    connection.on("GuideAlert", alert => {
      showAlert(alert);
      (refreshFor[alert.kind] ?? refreshAll)().catch(() => {});
    });
    connection.on("StoreAlert", alert => {
      showAlert(alert);
      refreshFulfilment().catch(() => {});
    });
    // The guide moved to another store (the server stopped this connection watching the old one): the page follows.
    connection.on("StoreWatchEnded", () => refreshToday().then(refreshFulfilment).catch(() => {}));
  }, connection => Promise.all([
    state.role === "ops" ? connection.invoke("WatchGuide", state.guideId) : null,
    connection.invoke("WatchStore", state.storeId),
  ]), () => refreshAll().catch(() => {}));
}

async function start() {
  await signIn(null);
  for (;;) {
    try {
      await refreshToday();
      break;
    } catch (error) {
      if (!refusedToken(error)) {
        $("title").textContent = error.message;
        showConnection("failed", false);
        return;
      }
      // Refused: the page asked for another token meanwhile (api), which the next read uses.
    }
  }

  $("guide-view").hidden = false;
  // A page after a customer who has since moved to another guide is refused: the list starts again.
  $("more-customers").onclick = () => customers.more().catch(() => customers.first().catch(() => {}));
  $("give-task").hidden = state.role !== "ops";
  $("task-form").onsubmit = submitTask;
  $("sale-form").onsubmit = submitSale;
  $("share-form").onsubmit = submitShare;
  $("pickup-form").onsubmit = findPickup;
  $("fulfilment-mode").onchange = () => refreshFulfilment().catch(error => { $("fulfilment-error").textContent = error.message; });
  $("share-copy").onclick = copyShareLink;
  $("days").ontoggle = () => refreshDays().catch(() => {});
  suggestProducts(api, $("share-sku"), $("share-options"), () => state.storeId);
  await Promise.all([refreshFulfilment(), refreshFollowUps(), refreshTasks(), refreshRooms(), customers.first()]).catch(() => {});
  setInterval(() => Promise.all([refreshToday(), refreshFulfilment()]).catch(() => {}), 30_000);
  await connect().catch(() => showConnection("offline", false));
}

start();
