// lexlint's draft page: checks the draft as the agent types (debounced),
// highlights findings, explains them, and applies a suggestion on request.
(() => {
  "use strict";
  const draft = document.getElementById("draft");
  const backdrop = document.getElementById("backdrop");
  const list = document.getElementById("findings");
  const summary = document.getElementById("summary");
  const coverage = document.getElementById("coverage");
  const lang = document.getElementById("lang");
  const auth = document.getElementById("auth");
  const tokenInput = document.getElementById("token");
  let findings = [];
  let timer = null;
  let seq = 0;
  const habits = ["greeting", "empathy", "ownership", "closing"];

  function escapeHTML(s) {
    return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  function renderBackdrop() {
    const text = draft.value;
    let html = "";
    let last = 0;
    const marks = findings.filter((f) => f.char_end_offset > f.char_offset)
      .sort((a, b) => a.char_offset - b.char_offset);
    marks.forEach((f) => {
      if (f.char_offset < last) return;
      html += escapeHTML(text.slice(last, f.char_offset));
      html += `<mark class="${f.severity}" data-i="${findings.indexOf(f)}">${escapeHTML(text.slice(f.char_offset, f.char_end_offset))}</mark>`;
      last = f.char_end_offset;
    });
    html += escapeHTML(text.slice(last)) + "\n";
    backdrop.innerHTML = html;
    backdrop.scrollTop = draft.scrollTop;
  }

  function activate(i, on) {
    const m = backdrop.querySelector(`mark[data-i="${i}"]`);
    if (m) m.classList.toggle("active", on);
  }

  function caseLike(original, text) {
    const letters = original.replace(/[^\p{L}]/gu, "");
    if (letters.length > 1 && letters === letters.toUpperCase()) return text.toUpperCase();
    if (letters && letters[0] === letters[0].toUpperCase()) return text.charAt(0).toUpperCase() + text.slice(1);
    return text.charAt(0).toLowerCase() + text.slice(1);
  }

  function apply(f, text) {
    const before = draft.value;
    if (before.slice(f.char_offset, f.char_end_offset) !== f.match && f.char_end_offset > f.char_offset) {
      check(); // the draft changed meanwhile; look again
      return;
    }
    const replacement = f.char_end_offset > f.char_offset ? caseLike(f.match, text) : text + (f.category === "closing" ? "" : " ");
    const at = f.char_end_offset > f.char_offset ? f.char_offset : (f.category === "closing" ? before.length : 0);
    const end = f.char_end_offset > f.char_offset ? f.char_end_offset : at;
    const sep = f.category === "closing" && at > 0 && !before.endsWith("\n") ? "\n" : "";
    draft.value = before.slice(0, at) + sep + replacement + before.slice(end);
    const caret = at + sep.length + replacement.length;
    draft.focus();
    draft.setSelectionRange(caret, caret);
    check();
  }

  function renderFindings() {
    list.innerHTML = "";
    findings.forEach((f, i) => {
      const li = document.createElement("li");
      li.className = f.severity;
      li.tabIndex = 0;
      li.setAttribute("aria-label", `${f.severity}: ${f.match || f.category} — ${f.message}`);
      const what = f.match ? `“${f.match}”` : `no ${f.category} yet`;
      li.innerHTML = `<span class="sev">${escapeHTML(f.severity)}</span> <span class="match">${escapeHTML(what)}</span>
        <p class="why">${escapeHTML(f.message)}</p><div class="alts" role="group" aria-label="Replace with"></div>`;
      const alts = li.querySelector(".alts");
      const options = f.fix ? [f.fix, ...f.suggestions.filter((s) => s !== f.fix)] : f.suggestions;
      options.forEach((s) => {
        const b = document.createElement("button");
        b.type = "button";
        b.className = "apply";
        b.textContent = s;
        b.setAttribute("aria-label", `Replace ${f.match ? "“" + f.match + "”" : ""} with “${s}”`);
        b.addEventListener("click", () => apply(f, s));
        alts.appendChild(b);
      });
      li.addEventListener("mouseenter", () => activate(i, true));
      li.addEventListener("mouseleave", () => activate(i, false));
      li.addEventListener("focusin", () => activate(i, true));
      li.addEventListener("focusout", () => activate(i, false));
      list.appendChild(li);
    });
  }

  function renderCoverage(cov) {
    coverage.innerHTML = "";
    habits.forEach((h) => {
      const li = document.createElement("li");
      const yes = (cov[h] || 0) > 0;
      li.className = yes ? "yes" : "no";
      li.textContent = `${yes ? "✓" : "–"} ${h}`;
      li.setAttribute("aria-label", `${h}: ${yes ? "present" : "not yet"}`);
      coverage.appendChild(li);
    });
  }

  async function check() {
    const mine = ++seq;
    const text = draft.value;
    if (!text.trim()) {
      findings = [];
      renderBackdrop(); renderFindings(); renderCoverage({});
      summary.textContent = "Start typing to check your reply.";
      return;
    }
    const headers = { "Content-Type": "application/json" };
    const token = sessionStorage.getItem("lexlint-token");
    if (token) headers.Authorization = "Bearer " + token;
    let res;
    try {
      res = await fetch("/v1/check", { method: "POST", headers, body: JSON.stringify({ text, lang: lang.value }) });
    } catch (e) {
      summary.textContent = "lexlint is not reachable: is lexlint serve running?";
      return;
    }
    if (mine !== seq) return; // a newer check is under way
    if (res.status === 401) {
      auth.hidden = false;
      summary.textContent = "This lexlint needs an access token.";
      return;
    }
    const body = await res.json();
    if (!res.ok) {
      summary.textContent = body.error || `lexlint answered ${res.status}`;
      return;
    }
    findings = body.findings;
    renderBackdrop(); renderFindings(); renderCoverage(body.coverage);
    const n = findings.length;
    summary.textContent = n === 0 ? "No suggestions: this reply reads well." :
      `${n} suggestion${n === 1 ? "" : "s"} (${body.lang === "undecided" ? "language undecided" : body.lang}).`;
  }

  function schedule() {
    renderBackdrop();
    clearTimeout(timer);
    timer = setTimeout(check, 250);
  }

  draft.addEventListener("input", schedule);
  draft.addEventListener("scroll", () => { backdrop.scrollTop = draft.scrollTop; });
  lang.addEventListener("change", check);
  document.getElementById("copy").addEventListener("click", async () => {
    const done = (msg) => { document.getElementById("copied").textContent = msg; };
    try {
      await navigator.clipboard.writeText(draft.value);
      done("Copied.");
    } catch (e) {
      draft.select();
      done(document.execCommand("copy") ? "Copied." : "Select the text and copy it.");
    }
  });
  document.getElementById("save-token").addEventListener("click", () => {
    sessionStorage.setItem("lexlint-token", tokenInput.value);
    auth.hidden = true;
    check();
  });
  renderCoverage({});
})();
