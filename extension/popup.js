// The toolbar popup: the per-site switch and whether lexlint serve answers.
'use strict';

const box = document.getElementById('site');
const status = document.getElementById('status');

(async () => {
  const [tab] = await chrome.tabs.query({active: true, currentWindow: true});
  let host = '';
  try {
    host = new URL(tab.url).hostname;
  } catch {
    // a page without a host name
  }
  document.getElementById('host').textContent = host || 'this page';
  const {disabledSites} = await chrome.storage.local.get({disabledSites: []});
  box.checked = !disabledSites.includes(host);
  box.addEventListener('change', async () => {
    const {disabledSites} = await chrome.storage.local.get({disabledSites: []});
    const rest = disabledSites.filter((h) => h !== host);
    await chrome.storage.local.set({disabledSites: box.checked ? rest : [...rest, host]});
  });
  const answer = (await askWorker({type: 'ping'})) || {message: 'the extension did not answer: reload it in chrome://extensions'};
  status.className = answer.ok ? 'ok' : 'bad';
  status.textContent = answer.ok ? 'lexlint serve is running.' : answer.message;
})();
