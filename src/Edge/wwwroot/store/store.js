// A store's own page in the mini-program, in the browser ("a thousand stores, a thousand faces"): what the store sells
// at its own price and promotion, with what the whole region has available, searched and a page at a time. Opening a
// product records a view (three without buying it, and the member's guide is asked to follow up, maybe with a coupon);
// the member buys it shipped — from the store nearest them that holds it — or picked up here, with a coupon of
// theirs, and pays. Their orders follow their status through their pushes (OrderUpdate on /hubs/notifications), and the
// product open what its region has available as others buy it (StockUpdate on /hubs/scoreboard).
// In development the page signs in as ?member= (else the member kept in this browser, the live page's too, else one
// of the demo's), at ?store= (else the member's last store, else the demo's sh-01); elsewhere it asks for the member's
// token. The member is taken to be at ?lat=&lon=, else where the browser says if they share it, else at the store.
// A guide's shared link (?sku=&guide=, made on the guide's page) opens that product, and the orders placed from it are
// the guide's sales.
"use strict";

const params = new URLSearchParams(location.search);
const demoMembers = 1000; // the embedded demo's member-0001 … member-1000
const itemsPerPage = 20;
const ordersShown = 5;
const state = {
  token: null, memberId: null, store: null, query: "",
  product: null, // the product open, as the store page gives it
  stockWatch: null, stockSeq: -1, // the connection following the open product's stock (a promise of what watches it again), once a product opens; the counts last shown (their seq)
  watched: null, // [regionId, sku] the hub connection watches
  position: null, positionAsked: null, // the member's, once the browser shared it
  followOrders: null, // opens the member's order pushes (watchOrderUpdates), called as an order is shown
};
const $ = id => document.getElementById(id);

const signInAgain = signingInOnce(signIn);
const api = apiSigningInAgain(() => state.token, signInAgain);
function storePath(suffix = "") { return `/api/stores/${encodeURIComponent(state.store.storeId)}${suffix}`; }
function memberPath(suffix = "") { return `/api/members/${encodeURIComponent(state.memberId)}${suffix}`; }

async function signIn(refusal) {
  const memberId = params.get("member") ?? localStorage.getItem("liveMember")
    ?? "member-" + String(1 + Math.floor(Math.random() * demoMembers)).padStart(4, "0");
  // In Development a fresh token is the Edge's to give, also when the last one was refused (it lapsed after 12 h).
  let token = await fetchDevToken(memberId, "member");
  if (token) {
    localStorage.setItem("liveMember", memberId);
  } else {
    token = await savedOrAskedToken(localStorage.getItem("storeToken"), refusal);
    localStorage.setItem("storeToken", token);
  }

  state.token = token;
  state.memberId = tokenClaims(token).sub;
}

// What the store sells, a page at a time; a new search starts the list again.
const items = pagedList($("items"), $("more-items"), $("items-empty"), async after => {
  const query = new URLSearchParams({ take: String(itemsPerPage) });
  if (state.query) query.set("q", state.query);
  if (after) query.set("after", after);
  const page = await api(storePath(`/page?${query}`));
  return {
    next: page.next,
    rows: page.items.map(item => {
      const li = document.createElement("li");
      li.dataset.sku = item.sku;
      const open = Object.assign(text("button", item.name, "open"), { type: "button", onclick: () => openProduct(item.sku) });
      const price = text("span", yuan(item.price), "price");
      if (item.price !== item.listPrice) price.append(" ", text("s", yuan(item.listPrice), "muted"));
      li.append(open, price, text("span", item.promotion ?? "", "promotion"), text("span", `${item.available} available`, "muted available"));
      return li;
    }),
  };
});

// A product opened: a view recorded for the member's guide, and the product shown.
function openProduct(sku) {
  api(memberPath("/browse"), { method: "POST", body: JSON.stringify({ sku, storeId: state.store.storeId }) }).catch(() => {});
  return showProduct(sku);
}

// The product read afresh (price and stock may have moved), with the member's coupons.
async function showProduct(sku) {
  $("product-error").textContent = "";
  try {
    state.product = await api(storePath(`/page/${encodeURIComponent(sku)}`));
  } catch (error) {
    $("product-error").textContent = error.message;
    return;
  }

  const item = state.product;
  $("product").hidden = false;
  $("product").dataset.sku = item.sku;
  $("product-name").textContent = item.name;
  $("product-price").textContent = yuan(item.price);
  $("product-list-price").textContent = item.price !== item.listPrice ? yuan(item.listPrice) : "";
  $("product-promotion").textContent = item.promotion ?? "";
  $("product-available").textContent = `${item.available} available in the region`;
  followProductStock();
  await refreshCoupons();
  $("product").scrollIntoView({ block: "nearest" });
}

// What the open product's region has available, followed as others buy it: in a flash sale the member sees it fall
// (the store page's figure trails the pools by up to a second; this is the pool's own). A push is a hint: the page works
// without this connection, and opening the product reads it afresh. The figure is marked data-live="on" while watched.
// The connection opens with the first product opened, not with the page: a member who only browses the list holds none
// for it. It keeps trying while it cannot connect; one refused its token is opened again at the next product.
function followProductStock() {
  if (state.stockWatch) {
    state.stockWatch.then(watch => watch()).catch(() => {});
    return;
  }

  state.stockWatch = watchHub("/hubs/scoreboard", hubTokenSigningInAgain(() => state.token, signInAgain),
    connection => connection.on("StockUpdate", showAvailable),
    connection => watchProductStock(connection).catch(() => {}),
    () => {},
    (_, live) => { if (!live) delete $("product-available").dataset.live; }); // the page has no pill; a watch marks the figure
  state.stockWatch.catch(() => { state.stockWatch = null; });
}

// The open product watched (and no other); its counts as they are now shown at once, then as they are pushed.
async function watchProductStock(connection) {
  if (!state.product) return;
  const [before, wanted] = [state.watched, [state.store.regionId, state.product.sku]];
  if (before && before[1] !== wanted[1]) connection.invoke("UnwatchStock", ...before).catch(() => {});
  Object.assign(state, { watched: wanted, stockSeq: -1 });
  delete $("product-available").dataset.live;
  showAvailable(await connection.invoke("WatchStock", ...wanted));
  if (state.product?.sku === wanted[1]) $("product-available").dataset.live = "on";
  else if (state.product) await watchProductStock(connection); // another opened meanwhile, maybe before the hub was up
}

// Counts pushed (or answered by the watch): shown when they are the open product's and newer than those shown.
function showAvailable({ seq, inventory }) {
  if (inventory.sku !== state.product?.sku || inventory.regionId !== state.store.regionId || seq <= state.stockSeq) return;
  state.stockSeq = seq;
  $("product-available").textContent = `${inventory.available} available in the region`;
}

// The member's coupons still to use, for the product's order (the server checks the order reaches the minimum).
async function refreshCoupons() {
  const profile = await api(memberPath());
  const usable = profile.coupons.filter(c => !c.usedByOrderId && new Date(c.expiresAt) > new Date());
  const chosen = $("coupon").value;
  $("coupon").replaceChildren(new Option("No coupon", ""), ...usable.map(c =>
    new Option(`${yuan(c.amountOff)} off orders from ${yuan(c.minSpend)}, until ${new Date(c.expiresAt).toLocaleDateString()}`, c.couponId)));
  $("coupon").value = usable.some(c => c.couponId === chosen) ? chosen : "";
}

// Buying the same again after an answer that never came is the same order (the same orderId).
const placeOrder = onceUntilAnswered();
$("buy-form").onsubmit = e => {
  e.preventDefault();
  const { sku } = state.product;
  const [quantity, mode, couponId] = [Number($("quantity").value), $("mode").value, $("coupon").value || undefined];
  return submitting($("buy-form"), $("product-error"), async () => {
    const where = await position();
    const order = await placeOrder(
      JSON.stringify([sku, quantity, mode, couponId]),
      () => ({
        orderId: newId("o"), memberId: state.memberId, regionId: state.store.regionId, storeId: state.store.storeId,
        lines: [{ sku, quantity }], mode, pickupStoreId: mode === "pickup" ? state.store.storeId : undefined, ...where, couponId,
        guideId: params.get("guide") ?? undefined, // a guide's shared link: the sale is theirs
      }),
      request => api("/api/orders", { method: "POST", body: JSON.stringify(request) }));
    showOrder(order, true);
    await showProduct(sku); // not another view: the member bought it
  });
};

// Where the member is, for the store nearest them that holds the goods: the address's ?lat=&lon=, else the browser's
// location if they share it (asked at the first buy, waited for at most 3 s, and kept), else this store's.
async function position() {
  if (params.has("lat") && params.has("lon")) return { latitude: +params.get("lat"), longitude: +params.get("lon") };
  state.positionAsked ??= browserPosition(3000, shared => { state.position = shared; });
  await state.positionAsked;
  return state.position ?? { latitude: state.store.latitude, longitude: state.store.longitude };
}

// A paid order spends its coupon, a cancelled one gives it back: the product's coupons are read again.
function showOrder(order, placedNow) {
  showOrderIn($("orders"), order, {
    placedNow, call: api,
    failed: error => { $("order-error").textContent = error.message; },
    changed: () => {
      $("order-error").textContent = "";
      if (state.product) refreshCoupons().catch(() => {});
      refreshToCollect().catch(() => {});
    },
  });
  while ($("orders").children.length > ordersShown) $("orders").lastChild.remove();
  $("orders-empty").hidden = true;
  state.followOrders();
}

// What the member paid for to pick up here, each with the code to show at the counter: read at the start, after each
// change on this page, and at every order update (one paid on the live page, handed over at the counter). Every paid
// order, page after page up to a thousand (most members have one page): one to collect here may be older than many paid
// since, shipped or picked up elsewhere.
async function refreshToCollect() {
  const here = [];
  let before = null;
  for (let page = 0; page < 10; page++) {
    const { orders, next } = await api(memberPath(`/orders?status=paid&take=100${before ? `&before=${encodeURIComponent(before)}` : ""}`));
    here.push(...orders.filter(order => order.mode === "pickup" && order.pickupStoreId === state.store.storeId));
    if (!next) break;
    before = next;
  }
  $("to-collect").replaceChildren(...here.map(order => {
    const li = document.createElement("li");
    li.dataset.order = order.orderId;
    li.append(text("span", order.pickupCode, "code"), text("span", order.lines.map(l => `${l.name} ×${l.quantity}`).join(", "), "muted"));
    return li;
  }));
  $("to-collect-panel").hidden = here.length === 0;
  if (here.length > 0) state.followOrders();
}

async function showRecentOrders() {
  const { orders } = await api(memberPath(`/orders?take=${ordersShown}`));
  for (const order of orders) showOrder(order, false);
  $("orders-empty").hidden = orders.length > 0;
}

$("search").onsubmit = e => {
  e.preventDefault();
  state.query = $("q").value.trim();
  items.first().catch(error => { $("items-empty").hidden = false; $("items-empty").textContent = error.message; });
};
$("more-items").onclick = () => items.more().catch(() => {});

async function start() {
  await signIn(null);
  let profile;
  for (;;) {
    try {
      profile = await api(memberPath());
      break;
    } catch (error) {
      if (!refusedToken(error)) {
        $("title").textContent = error.message;
        return;
      }
      // Refused: the page asked for another token meanwhile (api), which the next read uses.
    }
  }

  const storeId = params.get("store") ?? profile.lastStoreId ?? "sh-01";
  try {
    state.store = await api(`/api/stores/${encodeURIComponent(storeId)}`);
  } catch (error) {
    $("title").textContent = error.message;
    return;
  }

  $("title").textContent = state.store.name;
  $("me").textContent = profile.name;
  $("mode").querySelector("option[value='pickup']").disabled = !state.store.canPickup;
  $("store-view").hidden = false;
  // An order listed here that changes elsewhere (paid in another tab, lapsed unpaid, fulfilled) shows so without a
  // reload, and what there is to collect here is read again: heard once the member has an order here to show.
  state.followOrders = watchOrderUpdates(hubTokenSigningInAgain(() => state.token, signInAgain), $("orders"), api,
    order => showOrder(order, false), () => refreshToCollect().catch(() => {}));
  await Promise.all([items.first(), showRecentOrders(), refreshToCollect(), params.has("sku") ? openProduct(params.get("sku")) : null]).catch(() => {});
}

start();
