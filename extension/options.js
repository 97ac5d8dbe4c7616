// The options page: the server address and the pairing token, tested on save.
'use strict';

const form = document.getElementById('form');
const server = document.getElementById('server');
const token = document.getElementById('token');
const status = document.getElementById('status');

chrome.storage.local.get({server: 'http://127.0.0.1:8080', token: ''}).then((s) => {
  server.value = s.server;
  token.value = s.token;
});

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  let url;
  try {
    url = new URL(server.value.trim() || 'http://127.0.0.1:8080');
  } catch {
    return say(false, 'The server address is not a URL: use http://127.0.0.1:8080 or the address lexlint serve printed.');
  }
  await chrome.storage.local.set({server: url.origin, token: token.value.trim()});
  const answer = (await askWorker({type: 'ping'})) || {message: 'the extension did not answer: reload it in chrome://extensions'};
  say(answer.ok, answer.ok ? 'Saved. lexlint serve answers at ' + url.origin + '.' : answer.message);
});

function say(ok, text) {
  status.className = ok ? 'ok' : 'bad';
  status.textContent = text;
}
