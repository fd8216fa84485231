// A live room in the browser, as a member watching it — or, with ?as=host or ?as=ops, as its host guide or an
// operator, who moderate and sell. It keeps the room the way docs/api.md asks of every client: updates that arrive
// while a join is under way are kept; the snapshot is applied, then only updates with a greater seq, in order; a
// skipped seq (this connection fell behind and lost batches, or the room moved to another silo) means joining again
// for a fresh snapshot rather than showing a room with holes. Counts are totals, comments are kept by id. Without
// ?room= it lists the live rooms.
"use strict";

const params = new URLSearchParams(location.search);
const demoMembers = 1000; // the embedded demo's member-0001 … member-1000
const shownComments = 200;
const state = {
  roomId: params.get("room"),
  token: null, userId: null, role: null, connection: null,
  followOrders: null, // opens the member's order pushes (watchOrderUpdates), called as an order is shown
  room: null,      // the snapshot, with every update applied since
  seq: null,       // the last seq applied; null while a join is under way
  early: [],       // updates that came while joining
  comments: new Map(),
  joins: 0, joining: null, likesToSend: 0, position: null, positionAsked: null, devToken: false, buyingPinned: false,
  pinnedOffer: null, // the pinned product's price at the store nearest the member (offerNearMember)
};
const $ = id => document.getElementById(id);

// "An unexpected error occurred invoking 'Buy' on the server. HubException: sold-out: Sold out." → "sold-out: Sold out."
function reason(error) { return (error?.message ?? String(error)).replace(/^.*HubException: /s, ""); }
function showError(error) { $("room-error").textContent = error ? reason(error) : ""; }

// The room names its products by SKU only (an order names them itself); their names and list prices are asked once
// each, for the SKUs the page shows (the pinned one and those on sale; the whole shelf for the host's lists), and the
// page shows the SKU until the answer comes.
const product = productCache(path => api(path), () => renderSoon());
function productName(sku) { return product(sku)?.name ?? sku; }

// The host's whole shelf answers at once: the answers arriving together are shown in one render.
let renderDue = null;
function renderSoon() { renderDue ??= setTimeout(() => { renderDue = null; if (state.room) renderAll(); }, 50); }

const signInAgain = signingInOnce(signIn);
const api = apiSigningInAgain(() => state.token, signInAgain);

// Development hands out tokens: a member (the one in the address, else one of the demo's, kept in this browser), for
// ?as=host the room's host guide, for ?as=ops an operator. Elsewhere the page asks for a token and keeps it until it
// expires or the server refuses it (for ?as=ops it takes the one the ops dashboard keeps, if any).
async function signIn(refusal) {
  const as = params.get("as");
  const memberId = params.get("member") ?? localStorage.getItem("liveMember")
    ?? "member-" + String(1 + Math.floor(Math.random() * demoMembers)).padStart(4, "0");
  let token = as === "ops" ? await fetchDevToken("ops-live", "ops") : await fetchDevToken(memberId, "member");
  state.devToken = token !== null;
  if (token && as !== "ops") {
    localStorage.setItem("liveMember", memberId);
    if (as === "host" && state.roomId) {
      state.token = token;
      const room = await api(`/api/live-rooms/${encodeURIComponent(state.roomId)}`);
      token = await fetchDevToken(room.hostGuideId, "guide");
    }
  }

  if (!token) {
    token = await savedOrAskedToken((as === "ops" ? localStorage.getItem("opsToken") : null) ?? localStorage.getItem("liveToken"), refusal);
    localStorage.setItem("liveToken", token);
  }

  const claims = tokenClaims(token);
  Object.assign(state, { token, userId: claims.sub, role: claims.role });
  $("me").textContent = `you: ${claims.sub} (${claims.role})`;
}


async function listRooms() {
  $("rooms-view").hidden = false;
  const rooms = await api("/api/live-rooms?status=live");
  $("rooms").replaceChildren(...rooms.map(room => {
    const li = document.createElement("li");
    const link = text("a", room.title);
    link.href = "/live?room=" + encodeURIComponent(room.roomId);
    li.append(link, text("span", `${room.viewers} watching · ${yuan(room.gmv)}`, "muted"));
    return li;
  }));
  $("rooms-empty").hidden = rooms.length > 0;
  $("status").hidden = true;
}

// A member's orders on this page that change elsewhere show their new status without a reload, once there is one to
// show (the connection opens with the first); the room works without this connection.
function watchOrders() {
  if (state.role !== "member") return;
  state.followOrders = watchOrderUpdates(hubTokenSigningInAgain(() => state.token, signInAgain), $("orders"), api, order => showOrder(order));
  showEarlierOrders().catch(() => {});
}

// The member's orders in this room from before the page opened (a reload, another tab), so one still unpaid can be
// paid here: their latest 20 in this room, below any placed since, newest first.
async function showEarlierOrders() {
  const query = new URLSearchParams({ liveRoomId: state.roomId, take: "20" });
  const { orders } = await api(`/api/members/${encodeURIComponent(state.userId)}/orders?${query}`);
  for (const order of orders) {
    if (!$("orders").querySelector(`li[data-order="${CSS.escape(order.orderId)}"]`)) showOrder(order, false);
  }
}

async function connect() {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/live", { accessTokenFactory: hubTokenSigningInAgain(() => state.token, signInAgain) })
    .withAutomaticReconnect(reconnectForever)
    .build();
  connection.on("RoomUpdate", receive);
  connection.onreconnecting(() => { $("status").textContent = "reconnecting…"; });
  // A new connection watches nothing yet: join on it. The client fails a call under way before it reconnects, so a
  // join on the dropped connection is normally over by now; waiting for it keeps join() from handing that one back.
  connection.onreconnected(() => (state.joining ?? Promise.resolve()).finally(join));
  connection.onclose(() => { $("status").textContent = "disconnected"; });
  state.connection = connection;
  await startTryingAgain(connection, label => { $("status").textContent = label; });
  await join();
}

// One join at a time; a gap in what arrives while one is under way is checked once it has the snapshot.
function join() {
  state.joining ??= joinOnce().finally(() => { state.joining = null; });
  return state.joining;
}

async function joinOnce() {
  state.seq = null;
  state.early = [];
  let snapshot;
  try {
    snapshot = await state.connection.invoke("JoinRoom", state.roomId);
  } catch (error) {
    showError(error);
    // The cluster may not have answered ("unavailable: …"): the room is still there, try again shortly.
    if (/\bunavailable:/.test(error?.message ?? "")) setTimeout(join, 2000);
    return;
  }

  state.joins++;
  document.body.dataset.joins = state.joins;
  state.room = snapshot;
  state.seq = snapshot.seq;
  state.comments = new Map(snapshot.recentComments.map(c => [c.commentId, c]));
  showSlowModeInHostTools(snapshot.slowModeSeconds);
  renderAll();
  const early = state.early.filter(u => u.seq > snapshot.seq).sort((a, b) => a.seq - b.seq);
  state.early = [];
  for (const update of early) {
    if (update.seq !== state.seq + 1) {
      // Batches were lost between the snapshot and these: join again, once this join is over.
      setTimeout(join);
      return;
    }

    apply(update);
  }
}

function receive(update) {
  if (update.roomId !== state.roomId) return;
  if (state.seq === null) { state.early.push(update); return; }
  if (update.seq <= state.seq) return;
  if (update.seq !== state.seq + 1) { join(); return; }
  apply(update);
}

function apply(update) {
  state.seq = update.seq;
  const room = state.room;
  if (update.slowModeSeconds !== room.slowModeSeconds) showSlowModeInHostTools(update.slowModeSeconds);
  Object.assign(room, {
    viewers: update.viewers, likes: update.likes, pinnedSku: update.pinnedSku, flashSales: update.flashSales,
    status: update.status, couponDrops: update.couponDrops, slowModeSeconds: update.slowModeSeconds,
  });
  for (const comment of update.comments) state.comments.set(comment.commentId, comment);
  for (const id of update.deletedCommentIds) state.comments.delete(id);
  while (state.comments.size > shownComments) state.comments.delete(state.comments.keys().next().value);
  renderAll();
}

// Called when the page learns of a slow mode (a join, or a change in a batch), not with every batch: a choice the
// host is making in the list is not overwritten while they make it.
function showSlowModeInHostTools(seconds) {
  if ([...$("slow-seconds").options].some(o => o.value === String(seconds))) $("slow-seconds").value = String(seconds);
}

function isHost() { return state.role === "ops" || (state.role === "guide" && state.userId === state.room?.hostGuideId); }

function renderAll() {
  const room = state.room;
  document.title = room.title + " · live";
  $("title").textContent = room.title;
  $("status").textContent = room.status;
  $("status").className = "pill" + (room.status === "live" ? " live" : "");
  $("viewers").textContent = `${room.viewers} watching`;
  $("likes").textContent = `${room.likes} likes`;
  $("pinned").hidden = !room.pinnedSku;
  renderPinned();
  $("slow-note").hidden = !room.slowModeSeconds;
  $("slow-note").textContent = room.slowModeSeconds ? `Slow mode: one comment per ${room.slowModeSeconds} s` : "";
  renderSales();
  renderDrops();
  renderComments();
  renderHost();
}

// The product the host is showing. A member buys one unit of it as an order of the room, from the store nearest them
// and at that store's price, so that is the price the member is shown (the list price struck through beside a lower
// one); until it comes, the page shows the product's name alone. The host and ops, who do not buy, see the list price.
function renderPinned() {
  const sku = state.room.pinnedSku;
  $("pinned").replaceChildren();
  if (!sku) return;
  if (state.role !== "member") {
    const pinned = product(sku);
    $("pinned").append(text("span", "📌 " + (pinned ? `${pinned.name} · ${yuan(pinned.listPrice)}` : sku), "pinned-label"));
    return;
  }
  const offer = state.pinnedOffer?.sku === sku ? state.pinnedOffer : null;
  const label = text("span", "📌 " + (offer ? `${offer.name} · ${yuan(offer.price)}` : productName(sku)), "pinned-label");
  if (offer?.listPrice > offer?.price) label.append(" ", text("s", yuan(offer.listPrice), "muted"));
  if (offer?.promotion) label.append(" ", text("span", offer.promotion, "promotion muted"));
  const buy = text("button", state.buyingPinned ? "Buying…" : "Buy", "buy-pinned");
  buy.disabled = state.buyingPinned || state.room.status !== "live";
  buy.onclick = () => buyPinned(sku, "ship");
  const actions = text("span", "", "pinned-actions");
  actions.append(buy);
  $("pinned").append(label, actions);
  if (offer?.canPickup) {
    const pickUp = text("button", "Pick up", "pickup-pinned");
    pickUp.disabled = buy.disabled;
    pickUp.onclick = () => buyPinned(sku, "pickup");
    actions.append(pickUp);
    $("pinned").append(text("span", `Pick up at ${offer.storeName}, the store nearest you`, "pickup-store muted"));
  }
  offerNearMember(sku).then(found => {
    if (found !== state.pinnedOffer && state.room.pinnedSku === sku) { state.pinnedOffer = found; renderPinned(); }
  }, () => {});
}

function renderSales() {
  $("sales").replaceChildren(...state.room.flashSales.map(sale => {
    const li = document.createElement("li");
    li.dataset.sale = sale.saleId;
    const label = text("span", `⚡ ${productName(sale.sku)} ${yuan(sale.price)}`, "sale-label");
    const listPrice = product(sale.sku)?.listPrice;
    if (listPrice > sale.price) label.append(" ", text("s", yuan(listPrice), "muted"));
    const remaining = text("span", `${sale.remaining} of ${sale.quantity} left`, "remaining muted");
    li.append(label, remaining);
    if (state.role === "member") {
      const buy = text("button", sale.remaining > 0 && sale.status === "active" ? "Buy" : "Sold out", "buy");
      buy.disabled = !(sale.remaining > 0 && sale.status === "active" && state.room.status === "live");
      buy.onclick = () => buyOne(sale);
      li.append(buy);
    }
    return li;
  }));
}

// Coupons the host dropped: a member takes one (one each), theirs for a later order's couponId.
function renderDrops() {
  $("drops").replaceChildren(...(state.room.couponDrops ?? []).map(drop => {
    const li = document.createElement("li");
    li.dataset.drop = drop.dropId;
    li.append(text("span", `🎟 ${yuan(drop.amountOff)} off from ${yuan(drop.minSpend)}`), text("span", `${drop.remaining} of ${drop.quantity} left`, "remaining muted"));
    if (state.role === "member") {
      const claim = text("button", "Claim", "claim");
      claim.disabled = drop.remaining === 0 || state.room.status !== "live";
      claim.onclick = () => state.connection.invoke("ClaimCoupon", state.roomId, drop.dropId).then(showCoupon, showError);
      li.append(claim);
    }
    return li;
  }));
}

function showCoupon(coupon) {
  showError(null);
  if ($("coupons").querySelector(`li[data-coupon="${CSS.escape(coupon.couponId)}"]`)) return;
  const li = document.createElement("li");
  li.dataset.coupon = coupon.couponId;
  li.append(text("span", `Your coupon ${coupon.couponId}: ${yuan(coupon.amountOff)} off from ${yuan(coupon.minSpend)}`), text("span", "until " + new Date(coupon.expiresAt).toLocaleString(), "muted"));
  $("coupons").append(li);
}

function renderComments() {
  const list = $("comments");
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 24;
  list.replaceChildren(...[...state.comments.values()].map(c => {
    const li = document.createElement("li");
    li.dataset.id = c.commentId;
    li.append(text("span", c.name || c.userId, "who"), text("span", c.text, "text"));
    if (isHost()) {
      const remove = text("button", "✕", "delete");
      remove.title = "delete";
      remove.onclick = () => state.connection.invoke("DeleteComment", state.roomId, c.commentId).catch(showError);
      const mute = text("button", "mute 5 min", "mute");
      mute.onclick = () => state.connection.invoke("MuteUser", state.roomId, c.userId, 300).then(() => showError(null), showError);
      li.append(remove);
      if (c.userId !== state.userId) li.append(mute);
    }
    return li;
  }));
  if (atBottom) list.scrollTop = list.scrollHeight;
}

function renderHost() {
  $("host").hidden = !isHost();
  $("end-form").hidden = state.room.status !== "live";
  if ($("host").hidden) return;
  for (const select of [$("pin-sku"), $("sale-sku")]) {
    if (select.options.length !== state.room.shelf.length) {
      select.replaceChildren(...state.room.shelf.map(sku => { const o = text("option", sku); o.value = sku; return o; }));
    }
    for (const option of select.options) option.textContent = productName(option.value);
  }
}

// Where the buyer is, for the nearest store holding the sale's units: the address's ?lat=&lon=, else the browser's
// location if the member shares it, else a store of the room's region. Asked once, at the first buy. A member who
// neither allows nor refuses the browser's question must not hold up a flash-sale buy for long: after 3 s the buy goes
// ahead from a store of the region; an answer that comes later (the member allowed it late) is kept in state.position
// for the buys after it, and prices the pinned product from the store nearest the member now.
async function buyerPosition() {
  if (params.has("lat") && params.has("lon")) return { latitude: +params.get("lat"), longitude: +params.get("lon") };
  state.positionAsked ??= browserPosition(3000, shared => {
    state.position = shared;
    if (state.room) renderSoon();
  }).then(shared => shared ?? aStoreOfTheRoomsRegion());
  const answer = await state.positionAsked;
  return state.position ?? answer;
}

async function aStoreOfTheRoomsRegion() {
  const [nearby] = await api(`/api/stores/nearest?regionId=${encodeURIComponent(state.room.regionId)}&latitude=0&longitude=0&take=1`);
  return nearby ? { latitude: nearby.store.latitude, longitude: nearby.store.longitude } : { latitude: 0, longitude: 0 };
}

// Buying the same again after an answer that never came (the connection dropped) is the same order: the same orderId.
const buySaleUnit = onceUntilAnswered();
const buyPinnedUnit = onceUntilAnswered();

async function buyOne(sale) {
  showError(null);
  try {
    const { latitude, longitude } = await buyerPosition();
    const order = await buySaleUnit(sale.saleId, () => newId("o"),
      orderId => state.connection.invoke("Buy", state.roomId, sale.saleId, orderId, 1, latitude, longitude));
    showOrder(order);
  } catch (error) {
    showError(error);
  }
}

// What the pinned product costs the member: the store page's item at the store nearest them, whose price is the one
// the order will charge. Asked once per product and position; a position the member shares late asks again. One that
// fails (say the region does not sell the SKU) is not asked again by renders, which come many times a second in a busy
// room, but a buy asks again and shows the reason.
const offers = new Map(); // "sku latitude,longitude" → {answer: a promise of the offer (the item, its store's id, name and canPickup), failed}
async function offerNearMember(sku, askAgainIfFailed = false) {
  const position = await buyerPosition();
  const key = `${sku} ${position.latitude},${position.longitude}`;
  let offer = offers.get(key);
  if (!offer || (offer.failed && askAgainIfFailed)) {
    offer = { failed: false };
    offer.answer = askOffer(sku, position).catch(error => { offer.failed = true; throw error; });
    offers.set(key, offer);
  }
  return offer.answer;
}

async function askOffer(sku, position) {
  const regionId = state.room.regionId;
  const [nearest] = await api(`/api/stores/nearest?regionId=${encodeURIComponent(regionId)}&latitude=${position.latitude}&longitude=${position.longitude}&take=1`);
  if (!nearest) throw new Error(`no store in region ${regionId}`);
  const { storeId, name: storeName, canPickup } = nearest.store;
  const item = await api(`/api/stores/${encodeURIComponent(storeId)}/page/${encodeURIComponent(sku)}`);
  return { sku, storeId, storeName, canPickup, position, name: item.name, listPrice: item.listPrice, price: item.price, promotion: item.promotion };
}

// Not a flash sale: an order like the store page's, in the room's region, from the store whose price the page shows,
// and with the room's id, so it is the room's and its host's sale (docs/api.md, Attribution). Shipped from the
// nearest store that holds it, or picked up at that store, which must then hold it itself (else the answer names
// the nearest that do).
async function buyPinned(sku, mode) {
  showError(null);
  state.buyingPinned = true;
  renderPinned();
  try {
    const { storeId, position: { latitude, longitude } } = await offerNearMember(sku, true);
    showOrder(await buyPinnedUnit(JSON.stringify([sku, mode, storeId]),
      () => ({
        orderId: newId("o"), memberId: state.userId, regionId: state.room.regionId, storeId, lines: [{ sku, quantity: 1 }],
        mode, pickupStoreId: mode === "pickup" ? storeId : undefined, latitude, longitude, liveRoomId: state.roomId,
      }),
      order => api("/api/orders", { method: "POST", body: JSON.stringify(order) })));
  } catch (error) {
    showError(error);
  } finally {
    state.buyingPinned = false;
    renderPinned();
  }
}

// An order placed now goes on top; an earlier one (showEarlierOrders) below those already shown.
function showOrder(order, placedNow = true) {
  showOrderIn($("orders"), order, { placedNow, call: api, failed: showError });
  state.followOrders?.();
}

$("comment-form").onsubmit = async e => {
  e.preventDefault();
  const input = $("comment");
  showError(null);
  try {
    await state.connection.invoke("SendComment", state.roomId, newId("c"), input.value);
    input.value = "";
  } catch (error) {
    showError(error);
  }
};

// Taps are summed and sent at most five times a second (one call carries at most 100).
$("like").onclick = () => { state.likesToSend++; };
setInterval(() => {
  const count = Math.min(state.likesToSend, 100);
  if (count === 0 || state.seq === null || state.connection?.state !== signalR.HubConnectionState.Connected) return;
  state.likesToSend -= count;
  state.connection.invoke("Like", state.roomId, count).catch(showError);
}, 200);

$("pin-form").onsubmit = e => {
  e.preventDefault();
  state.connection.invoke("PinProduct", state.roomId, $("pin-sku").value).then(() => showError(null), showError);
};

$("drop-form").onsubmit = e => {
  e.preventDefault();
  const fen = id => Math.round(parseFloat($(id).value) * 100);
  state.connection.invoke("DropCoupon", state.roomId, newId("drop"), fen("drop-off"), fen("drop-min"), parseInt($("drop-quantity").value, 10))
    .then(() => showError(null), showError);
};

$("slow-form").onsubmit = e => {
  e.preventDefault();
  state.connection.invoke("SetSlowMode", state.roomId, parseInt($("slow-seconds").value, 10)).then(() => showError(null), showError);
};

$("sale-form").onsubmit = e => {
  e.preventDefault();
  const price = Math.round(parseFloat($("sale-price").value) * 100), quantity = parseInt($("sale-quantity").value, 10);
  state.connection.invoke("StartFlashSale", state.roomId, newId("sale"), $("sale-sku").value, price, quantity).then(() => showError(null), showError);
};

// Ending is for good: the unsold units of its sales go back to the region's stock.
$("end-form").onsubmit = async e => {
  e.preventDefault();
  if (!confirm("End the room for everyone? Its unsold flash-sale units go back to the stores.")) return;
  try {
    await api(`/api/live-rooms/${encodeURIComponent(state.roomId)}/end`, { method: "POST" });
    showError(null);
  } catch (error) {
    showError(error);
  }
};

// The host and ops see what the room has sold, its paid orders and GMV, asked every 5 s: the room's batches carry what
// viewers see, not its takings.
async function showRoomSales() {
  const stats = await api(`/api/live-rooms/${encodeURIComponent(state.roomId)}/stats`).catch(() => null);
  if (!stats) return;
  $("room-sales").textContent = `${stats.orders} paid · ${yuan(stats.gmv)}`;
  $("room-sales").hidden = false;
}

async function main(refusal) {
  try {
    await signIn(refusal);
    if (!state.roomId) { await listRooms(); return; }
    $("room-view").hidden = false;
    watchOrders();
    await connect();
    if (isHost()) { showRoomSales(); setInterval(showRoomSales, 5000); }
  } catch (error) {
    if (refusedToken(error) && !state.devToken) {
      localStorage.removeItem("liveToken");
      return main("The token was refused; sign in again.");
    }

    $("status").textContent = "error";
    $("room-view").hidden = false;
    showError(error);
  }
}

main();
