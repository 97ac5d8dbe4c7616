// askWorker sends a message to the extension's service worker and returns
// its answer. Right after the extension is unpacked or updated the worker
// may not have started or added its listener yet ("Receiving end does not
// exist"): askWorker waits for it to be active and asks again, for up to
// five seconds, instead of taking that for an answer.
'use strict';

async function askWorker(msg) {
  const wait = (ms) => new Promise((ok) => setTimeout(ok, ms));
  if (navigator.serviceWorker) await Promise.race([navigator.serviceWorker.ready, wait(2000)]);
  const until = Date.now() + 5000;
  for (;;) {
    try {
      const answer = await chrome.runtime.sendMessage(msg);
      if (answer !== undefined || Date.now() > until) return answer;
    } catch (e) {
      if (Date.now() > until || !/receiving end does not exist|could not establish connection/i.test(String(e && e.message))) throw e;
    }
    await wait(100);
  }
}
