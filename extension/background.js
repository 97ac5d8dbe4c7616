// lexlint's service worker: the only part of the extension that talks to
// lexlint serve, so a helpdesk page's Content-Security-Policy does not
// matter and the page never sees the server or the token. A newer check
// from the same editor cancels the one in flight.
//
// It never sends the pairing token, and sends a draft only to a server that
// proved it holds the token: each request starts with GET /v1/hello and a
// fresh nonce, whose answer must carry an HMAC of the nonce under the
// token; the request is then signed with the server's one-time challenge,
// and the reply is used only if its signature checks out. Whatever else
// answers at the configured address (another program on a development
// port) gets neither the token nor a draft.
'use strict';

const DEFAULTS = {server: 'http://127.0.0.1:8080', token: ''};
const inflight = new Map(); // tab:frame:editor -> AbortController
const OFFLINE = 'lexlint is not running: start it with: lexlint serve';

chrome.runtime.onMessage.addListener((msg, sender, reply) => {
  if (sender.id !== chrome.runtime.id) return false;
  if (msg.type === 'check' && typeof msg.text === 'string') {
    check(msg, sender).then(reply);
    return true;
  }
  if (msg.type === 'count' && sender.tab) {
    badge(sender.tab.id, msg.count, msg.worst);
  }
  if (msg.type === 'ping') {
    ping().then(reply);
    return true;
  }
  return false;
});

async function settings() {
  return chrome.storage.local.get(DEFAULTS);
}

// Refused is what a request ends with when the server is not lexlint or
// the token is missing: nothing was sent but the hello.
class Refused extends Error {
  constructor(answer) {
    super(answer.message);
    this.answer = answer;
  }
}

const utf8 = new TextEncoder();

function hex(buf) {
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function hmac(token, ...parts) {
  const key = await crypto.subtle.importKey('raw', utf8.encode(token), {name: 'HMAC', hash: 'SHA-256'}, false, ['sign']);
  const chunks = parts.map((p) => (typeof p === 'string' ? utf8.encode(p) : new Uint8Array(p)));
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length + 1, -1));
  let at = 0;
  chunks.forEach((c, i) => {
    if (i) all[at++] = 10; // "\n" between the parts
    all.set(c, at);
    at += c.length;
  });
  return hex(await crypto.subtle.sign('HMAC', key, all));
}

function nonce() {
  const raw = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...raw)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

// hello asks the server to prove it holds the token and returns its
// one-time challenge.
async function hello(server, token, signal) {
  const n = nonce();
  const resp = await fetch(new URL('/v1/hello?nonce=' + n, server), {credentials: 'omit', signal});
  const body = await resp.json().catch(() => null);
  const ok = resp.ok && body && body.server === 'lexlint' && typeof body.challenge === 'string' && body.challenge !== '' &&
    typeof body.proof === 'string' && body.proof === await hmac(token, 'lexlint hello', n, body.challenge);
  if (!ok) {
    throw new Refused({error: 'impostor', message: `the server at ${server} is not lexlint serve with your pairing token (or an older lexlint): ` +
      'nothing was sent to it; check the address and the token in the extension\'s options'});
  }
  return body.challenge;
}

// post sends a signed request to lexlint serve and returns its verified
// reply as {status, body}.
async function post(path, body, signal) {
  const {server, token} = await settings();
  if (!token) {
    throw new Refused({error: 'token', message: 'lexlint serve wants the pairing token it printed: paste it in the extension\'s options'});
  }
  const challenge = await hello(server, token, signal);
  const text = JSON.stringify(body);
  const sig = await hmac(token, 'lexlint request', challenge, 'POST ' + path, text);
  const resp = await fetch(new URL(path, server), {
    method: 'POST', credentials: 'omit', signal, body: text,
    headers: {'Content-Type': 'application/json', Authorization: `Lexlint ${challenge}:${sig}`},
  });
  const raw = await resp.arrayBuffer();
  if (resp.headers.get('Lexlint-Signature') !== await hmac(token, 'lexlint reply', challenge, String(resp.status), raw)) {
    throw new Refused({error: 'impostor', message: `the answer from ${server} is not signed by lexlint serve: it was not used`});
  }
  let parsed = null;
  try {
    parsed = JSON.parse(new TextDecoder().decode(raw));
  } catch {
    // an error without a body
  }
  return {status: resp.status, ok: resp.ok, body: parsed};
}

async function check(msg, sender) {
  const key = `${sender.tab ? sender.tab.id : 0}:${sender.frameId || 0}:${msg.editor}`;
  if (inflight.has(key)) inflight.get(key).abort();
  const ctl = new AbortController();
  inflight.set(key, ctl);
  try {
    const resp = await post('/v1/check', {text: msg.text, lang: 'auto'}, ctl.signal);
    if (!resp.ok) return failure(resp.status, resp.body);
    return {result: resp.body};
  } catch (e) {
    if (e.name === 'AbortError') return {aborted: true};
    if (e instanceof Refused) return e.answer;
    return {error: 'offline', message: OFFLINE};
  } finally {
    if (inflight.get(key) === ctl) inflight.delete(key);
  }
}

function failure(status, body) {
  if (status === 401) return {error: 'token', message: 'lexlint serve wants the pairing token it printed: paste it in the extension\'s options'};
  return {error: 'server', message: `lexlint serve answered ${status}: ${body && typeof body.error === 'string' ? body.error : 'an error'}`};
}

async function ping() {
  try {
    const resp = await post('/v1/check', {text: 'ping', lang: 'auto'});
    if (resp.ok) return {ok: true};
    return failure(resp.status, resp.body);
  } catch (e) {
    if (e instanceof Refused) return e.answer;
    return {error: 'offline', message: OFFLINE};
  }
}

const COLORS = {error: '#c62828', warning: '#b26a00', suggestion: '#1565c0'};

function badge(tabId, count, worst) {
  chrome.action.setBadgeText({tabId, text: count > 0 ? String(count) : ''});
  chrome.action.setBadgeBackgroundColor({tabId, color: COLORS[worst] || COLORS.suggestion});
}
