// What the Edge's browser pages (/ops, /live) share: money and element helpers, development tokens, a token's claims,
// and the sign-in form. A classic script, loaded before each page's own.
"use strict";

function yuan(fen) { return "¥" + (fen / 100).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 }); }
function text(tag, value, cls) { const e = document.createElement(tag); e.textContent = value; if (cls) e.className = cls; return e; }

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
