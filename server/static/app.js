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

  // The pairing token comes in the address's fragment (lexlint serve prints
  // http://HOST:PORT/#token=...), which browsers never send to a server; it
  // is kept for this tab only and taken out of the address bar and history.
  const fromURL = new URLSearchParams(location.hash.slice(1)).get("token");
  if (fromURL) {
    sessionStorage.setItem("lexlint-token", fromURL);
    history.replaceState(null, "", location.pathname + location.search);
  }

  function escapeHTML(s) {
    return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  const rank = { error: 3, warning: 2, suggestion: 1 };

  // renderBackdrop marks every finding, also where findings overlap: the
  // text is cut at every finding's start and end, and each piece covered
  // by findings is a mark with the worst severity among them, listing them
  // all in data-i (and class "overlap" where there are several).
  function renderBackdrop() {
    const text = draft.value;
    const marked = findings.map((f, i) => ({ f, i })).filter(({ f }) => f.char_end_offset > f.char_offset);
    const cuts = [...new Set([0, text.length, ...marked.flatMap(({ f }) => [f.char_offset, f.char_end_offset])])]
      .filter((c) => c <= text.length).sort((a, b) => a - b);
    let html = "";
    for (let k = 0; k + 1 < cuts.length; k++) {
      const [from, to] = [cuts[k], cuts[k + 1]];
      const piece = escapeHTML(text.slice(from, to));
      const over = marked.filter(({ f }) => f.char_offset <= from && f.char_end_offset >= to);
      if (!over.length) {
        html += piece;
        continue;
      }
      const worst = over.reduce((a, b) => (rank[b.f.severity] > rank[a.f.severity] ? b : a)).f.severity;
      html += `<mark class="${worst}${over.length > 1 ? " overlap" : ""}" data-i="${over.map((o) => o.i).join(" ")}">${piece}</mark>`;
    }
    backdrop.innerHTML = html + "\n";
    backdrop.scrollTop = draft.scrollTop;
  }

  function activate(i, on) {
    backdrop.querySelectorAll(`mark[data-i~="${i}"]`).forEach((m) => m.classList.toggle("active", on));
  }

  // countWords says how many findings there are in words agents use: the
  // errors are to fix, the warnings to consider, the suggestions ideas.
  function countWords(list) {
    const n = (sev) => list.filter((f) => f.severity === sev).length;
    const parts = [];
    if (n("error")) parts.push(`${n("error")} to fix`);
    if (n("warning")) parts.push(`${n("warning")} to consider`);
    if (n("suggestion")) parts.push(`${n("suggestion")} ${n("suggestion") === 1 ? "idea" : "ideas"}`);
    return parts.join(", ");
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
      summary.textContent = "This lexlint needs its pairing token: open the address lexlint serve printed, or paste the token.";
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
    summary.textContent = n === 0 ? "Nothing to change: this reply reads well." :
      `${countWords(findings)} (${body.lang === "undecided" ? "language undecided" : body.lang}).`;
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
