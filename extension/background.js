// lexlint's service worker: the only part of the extension that talks to
// lexlint serve, so a helpdesk page's Content-Security-Policy does not
// matter and the page never sees the server or the token. A newer check
// from the same editor cancels the one in flight.
'use strict';

const DEFAULTS = {server: 'http://127.0.0.1:8080', token: ''};
const inflight = new Map(); // tab:frame:editor -> AbortController

chrome.runtime.onMessage.addListener((msg, sender, reply) => {
  if (msg.type === 'check') {
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

async function post(path, body, signal) {
  const {server, token} = await settings();
  const headers = {'Content-Type': 'application/json'};
  if (token) headers.Authorization = 'Bearer ' + token;
  return fetch(new URL(path, server), {method: body ? 'POST' : 'GET', headers, body: body && JSON.stringify(body), signal});
}

async function check(msg, sender) {
  const key = `${sender.tab ? sender.tab.id : 0}:${sender.frameId || 0}:${msg.editor}`;
  if (inflight.has(key)) inflight.get(key).abort();
  const ctl = new AbortController();
  inflight.set(key, ctl);
  try {
    const resp = await post('/v1/check', {text: msg.text, lang: 'auto'}, ctl.signal);
    const body = await resp.json().catch(() => null);
    if (!resp.ok) return failure(resp.status, body);
    return {result: body};
  } catch (e) {
    if (e.name === 'AbortError') return {aborted: true};
    return {error: 'offline', message: 'lexlint is not running: start it with: lexlint serve'};
  } finally {
    if (inflight.get(key) === ctl) inflight.delete(key);
  }
}

function failure(status, body) {
  if (status === 401) return {error: 'token', message: 'lexlint serve wants the pairing token it printed: paste it in the extension\'s options'};
  return {error: 'server', message: `lexlint serve answered ${status}: ${body && body.error ? body.error : 'an error'}`};
}

async function ping() {
  try {
    const resp = await post('/v1/check', {text: 'ping', lang: 'auto'});
    if (resp.ok) return {ok: true};
    return failure(resp.status, await resp.json().catch(() => null));
  } catch (e) {
    return {error: 'offline', message: 'lexlint is not running: start it with: lexlint serve'};
  }
}

const COLORS = {error: '#c62828', warning: '#b26a00', suggestion: '#1565c0'};

function badge(tabId, count, worst) {
  chrome.action.setBadgeText({tabId, text: count > 0 ? String(count) : ''});
  chrome.action.setBadgeBackgroundColor({tabId, color: COLORS[worst] || COLORS.suggestion});
}
