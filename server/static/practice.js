// lexlint's practice page: quizzes of three kinds (rewrite a flagged
// sentence, spot the reply that sounds wrong, choose the better rewrite),
// spaced repetition with Leitner boxes kept in the browser, and
// certification tests graded and signed by lexlint serve. Every text from
// a quiz is set as text (textContent), never as HTML.
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const TEXTS = {
    en: {
      title: "Practice", intro: "Short sessions that build the habit: rewrite flagged sentences, spot the reply a customer would hear as rigid or blaming, pick the better rewrite. Items you miss come back sooner.",
      introCert: "A test for certification: answer every item; your result is graded and signed by lexlint.",
      check: "Check a reply", open: "Open a quiz file", start: "Start a session", startCert: "Start the test", name: "Your name",
      progress: (d, n, m) => `${n} items: ${d} due now, ${m} mastered.`, counter: (i, n) => `${i} of ${n}`,
      rewrite: "Rewrite", spot: "Spot it", choice: "Better choice",
      promptRewrite: "Rewrite this sentence so it keeps its message but loses the flagged wording.",
      promptSpot: "Which of these replies would a customer hear as rigid, negative or blaming, and which words make it so?",
      promptChoice: "Which rewrite is better?", answerLabel: "Your rewrite", submit: "Check", next: "Next", finish: "See your score",
      right: "Right.", wrong: "Not yet.", bonus: "Extra point: you used encouraged wording", model: "A model answer: ",
      words: "The words: ", why: "Why: ", kept: "The other one keeps ",
      whichWords: "Right reply. Which words make it sound that way? Mark them, then check.", checkWords: "Check the words",
      wordsMarked: "You marked: ",
      problems: { "empty": "Write a rewrite first.", "not-sentence": "That is not a sentence yet: write the whole reply.",
        "still-there": (p) => `Still there: “${p.match}”.`, "new-warning": (p) => `New wording to avoid: “${p.match}” (${p.message})`,
        "content-lost": (p) => `The sentence's content got lost: keep words such as ${p.words.slice(0, 5).map((w) => "“" + w + "”").join(", ")}.` },
      endTitle: "Session done", endCert: "Test done", total: (p, m) => `${p} of ${m} right.`, category: "Category", score: "Score",
      passed: (s, m) => `Passed: ${s}% (pass mark ${m}%).`, failed: (s, m) => `Not passed: ${s}% (pass mark ${m}%).`,
      download: "Download the result", print: "Print", again: "Another session", retry: "Take the test again",
      needName: "Enter your name first.", unreachable: "lexlint is not reachable: is lexlint serve running?",
      token: "This lexlint needs its pairing token: open the address lexlint serve printed, or paste the token.",
      signed: (a, d) => `${a}, ${d}`,
    },
    nl: {
      title: "Oefenen", intro: "Korte sessies die er een gewoonte van maken: herschrijf gemarkeerde zinnen, herken het antwoord dat star of verwijtend klinkt, kies de betere herschrijving. Wat je mist, komt eerder terug.",
      introCert: "Een toets voor certificering: beantwoord elke vraag; je resultaat wordt door lexlint nagekeken en ondertekend.",
      check: "Een antwoord controleren", open: "Een quizbestand openen", start: "Begin een sessie", startCert: "Begin de toets", name: "Je naam",
      progress: (d, n, m) => `${n} vragen: ${d} nu aan de beurt, ${m} beheerst.`, counter: (i, n) => `${i} van ${n}`,
      rewrite: "Herschrijven", spot: "Herken het", choice: "Betere keuze",
      promptRewrite: "Herschrijf deze zin: dezelfde boodschap, zonder de gemarkeerde formulering.",
      promptSpot: "Welk van deze antwoorden klinkt voor een klant star, negatief of verwijtend, en door welke woorden?",
      promptChoice: "Welke herschrijving is beter?", answerLabel: "Jouw herschrijving", submit: "Controleer", next: "Volgende", finish: "Bekijk je score",
      right: "Goed.", wrong: "Nog niet.", bonus: "Extra punt: je gebruikte een aanbevolen formulering", model: "Een voorbeeldantwoord: ",
      words: "De woorden: ", why: "Waarom: ", kept: "De andere houdt ",
      whichWords: "Goed antwoord. Welke woorden laten het zo klinken? Markeer ze en controleer.", checkWords: "Controleer de woorden",
      wordsMarked: "Jij markeerde: ",
      problems: { "empty": "Schrijf eerst een herschrijving.", "not-sentence": "Dat is nog geen zin: schrijf het hele antwoord.",
        "still-there": (p) => `Nog steeds aanwezig: “${p.match}”.`, "new-warning": (p) => `Nieuwe formulering om te vermijden: “${p.match}” (${p.message})`,
        "content-lost": (p) => `De inhoud van de zin is verloren gegaan: houd woorden als ${p.words.slice(0, 5).map((w) => "“" + w + "”").join(", ")}.` },
      endTitle: "Sessie klaar", endCert: "Toets klaar", total: (p, m) => `${p} van ${m} goed.`, category: "Categorie", score: "Score",
      passed: (s, m) => `Geslaagd: ${s}% (norm ${m}%).`, failed: (s, m) => `Niet geslaagd: ${s}% (norm ${m}%).`,
      download: "Download het resultaat", print: "Afdrukken", again: "Nog een sessie", retry: "Doe de toets opnieuw",
      needName: "Vul eerst je naam in.", unreachable: "lexlint is niet bereikbaar: draait lexlint serve?",
      token: "Deze lexlint vraagt om zijn koppeltoken: open het adres dat lexlint serve toonde, of plak het token.",
      signed: (a, d) => `${a}, ${d}`,
    },
  };
  const INTERVALS = [1, 2, 4, 8, 16]; // sessions between reviews, by box
  const SESSION = { min: 10, max: 20, size: 15 };
  let T = TEXTS.en;
  let quiz = null;
  let state = null; // this quiz's progress in localStorage
  let result = null; // a certification result

  const fromURL = new URLSearchParams(location.hash.slice(1)).get("token");
  if (fromURL) {
    sessionStorage.setItem("lexlint-token", fromURL);
    history.replaceState(null, "", location.pathname + location.search);
  }

  async function api(method, path, body) {
    const headers = {};
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const token = sessionStorage.getItem("lexlint-token");
    if (token) headers.Authorization = "Bearer " + token;
    let res;
    try {
      res = await fetch(path, { method, headers, body: body === undefined ? undefined : (typeof body === "string" ? body : JSON.stringify(body)) });
    } catch (e) {
      throw new Error(T.unreachable);
    }
    if (res.status === 401) {
      $("auth").hidden = false;
      throw new Error(T.token);
    }
    const data = await res.json();
    if (!res.ok) throw new Error(data.error || `lexlint answered ${res.status}`);
    return data;
  }

  function showError(msg) {
    $("error").textContent = msg;
    $("error").hidden = !msg;
  }

  const storeKey = () => "lexlint-practice:" + quiz.digest;
  function load() {
    try {
      state = JSON.parse(localStorage.getItem(storeKey()) || "null");
    } catch (e) {
      state = null;
    }
    if (!state || typeof state !== "object" || typeof state.boxes !== "object") state = { session: 0, boxes: {}, current: null };
  }
  function save() { localStorage.setItem(storeKey(), JSON.stringify(state)); }
  const box = (id) => (state.boxes[id] || { box: 1, due: 0 });

  function setTexts() {
    document.documentElement.lang = quiz.language;
    const cert = quiz.mode === "certification";
    $("title").textContent = quiz.title || T.title;
    document.title = "lexlint: " + (quiz.title || T.title);
    $("intro").textContent = cert ? T.introCert : T.intro;
    $("to-check").textContent = T.check;
    $("open-label").textContent = T.open;
    $("agent-label").textContent = T.name;
    $("answer-label").textContent = T.answerLabel;
    $("submit").textContent = T.submit;
    $("th-category").textContent = T.category;
    $("th-score").textContent = T.score;
    $("download").textContent = T.download;
    $("print").textContent = T.print;
  }

  // startScreen shows how far the agent is, and the button to begin (or
  // resumes a session under way).
  function startScreen() {
    setTexts();
    ["item", "end"].forEach((id) => { $(id).hidden = true; });
    $("start").hidden = false;
    const cert = quiz.mode === "certification";
    $("who").hidden = !cert;
    $("begin").textContent = cert ? T.startCert : T.start;
    if (cert) {
      $("progress").textContent = `${quiz.items.length} · ${Math.round(quiz.pass_mark * 100)}%`;
      return;
    }
    const due = quiz.items.filter((it) => box(it.id).due <= state.session).length;
    const mastered = quiz.items.filter((it) => box(it.id).box >= INTERVALS.length).length;
    $("progress").textContent = T.progress(due, quiz.items.length, mastered);
    if (state.current && state.current.pos < state.current.ids.length) show();
  }

  // pick chooses a session's items: those due, lowest box first, then the
  // least known of the rest, 10 to 20 of them (fewer when the quiz has).
  function pick() {
    const order = new Map(quiz.items.map((it, i) => [it.id, i]));
    const byBox = (a, b) => box(a.id).box - box(b.id).box || order.get(a.id) - order.get(b.id);
    const due = quiz.items.filter((it) => box(it.id).due <= state.session).sort(byBox);
    const rest = quiz.items.filter((it) => box(it.id).due > state.session).sort(byBox);
    const size = Math.min(quiz.items.length, Math.max(SESSION.min, Math.min(SESSION.max, due.length || SESSION.size)));
    return due.concat(rest).slice(0, size).map((it) => it.id);
  }

  function begin() {
    showError("");
    if (quiz.mode === "certification") {
      if (!$("agent").value.trim()) { showError(T.needName); return; }
      state.current = { ids: quiz.items.map((it) => it.id), pos: 0, scores: {}, answers: [], cert: true, agent: $("agent").value.trim() };
    } else {
      state.session++;
      state.current = { ids: pick(), pos: 0, scores: {}, answers: [] };
    }
    save();
    show();
  }

  const itemOf = (id) => quiz.items.find((it) => it.id === id);

  function show() {
    const cur = state.current;
    const it = itemOf(cur.ids[cur.pos]);
    if (!it) { finish(); return; }
    $("start").hidden = true; $("end").hidden = true; $("item").hidden = false;
    $("item").dataset.kind = it.kind;
    $("item").dataset.id = it.id;
    $("counter").textContent = T.counter(cur.pos + 1, cur.ids.length);
    $("kind").textContent = T[it.kind];
    $("category").textContent = it.category;
    $("prompt").textContent = { rewrite: T.promptRewrite, spot: T.promptSpot, choice: T.promptChoice }[it.kind];
    $("sentence").hidden = it.kind !== "rewrite";
    $("sentence").textContent = it.text || "";
    $("rewrite").hidden = it.kind !== "rewrite";
    $("answer").value = "";
    $("answer").disabled = false;
    $("submit").disabled = false;
    $("feedback").hidden = true;
    $("feedback").textContent = "";
    $("next").hidden = true;
    $("words").hidden = true;
    $("words").textContent = "";
    const opts = $("options");
    opts.textContent = "";
    (it.options || []).forEach((text, i) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "option";
      b.dataset.i = String(i);
      b.textContent = text;
      b.addEventListener("click", () => choose(it, i));
      opts.appendChild(b);
    });
    if (it.kind === "rewrite") $("answer").focus();
  }

  function line(parent, label, text, cls) {
    const p = document.createElement("p");
    if (cls) p.className = cls;
    if (label) {
      const b = document.createElement("b");
      b.textContent = label;
      p.appendChild(b);
    }
    p.appendChild(document.createTextNode(text));
    parent.appendChild(p);
    return p;
  }

  // record keeps an answer: the item's box and the session's score; in a
  // test, only the answer (the server grades it).
  function record(it, right, answer) {
    const cur = state.current;
    cur.answers.push(answer);
    if (!cur.cert) {
      const b = box(it.id);
      const next = right ? Math.min(b.box + 1, INTERVALS.length) : 1;
      state.boxes[it.id] = { box: next, due: state.session + INTERVALS[next - 1] };
      const sc = cur.scores[it.category] || { points: 0, max: 0 };
      sc.max++;
      if (right) sc.points++;
      cur.scores[it.category] = sc;
    }
    cur.pos++;
    save();
    $("next").textContent = cur.pos < cur.ids.length ? T.next : T.finish;
    $("next").hidden = false;
    $("next").focus();
  }

  function feedback(right, it) {
    const fb = $("feedback");
    fb.hidden = false;
    fb.className = right ? "right" : "wrong";
    fb.textContent = "";
    line(fb, "", right ? T.right : T.wrong, "verdict");
    return fb;
  }

  // words splits and folds words as the server does (practice.wordsOf).
  const words = (s) => s.split(/[^\p{L}\p{N}'’]+/u).map((w) => w.toLowerCase().replace(/’/g, "'").replace(/^'+|'+$/g, "")).filter(Boolean);

  // wordsMatch mirrors practice.WordsMatch: half the wording marked, and
  // half the marked words in it.
  function wordsMatch(marked, want) {
    const m = words(marked), w = words(want);
    if (!m.length || !w.length) return false;
    const hit = w.filter((x) => m.includes(x)).length, good = m.filter((x) => w.includes(x)).length;
    return hit * 2 >= w.length && good * 2 >= m.length;
  }

  function choose(it, i) {
    const buttons = [...$("options").querySelectorAll("button")];
    if (buttons.some((b) => b.disabled)) return;
    buttons.forEach((b) => { b.disabled = true; });
    buttons[i].classList.add("chosen");
    if (it.kind === "spot" && (i === it.answer || state.current.cert)) { askWords(it, i); return; }
    settle(it, i, "");
  }

  // askWords lets the agent mark the words of the reply they chose.
  function askWords(it, i) {
    const panel = $("words");
    panel.hidden = false;
    panel.textContent = "";
    if (!state.current.cert) line(panel, "", T.whichWords, "which");
    const chips = document.createElement("div");
    chips.className = "chips";
    it.options[i].split(/([^\p{L}\p{N}'’]+)/u).filter(Boolean).forEach((piece) => {
      if (!words(piece).length) { chips.appendChild(document.createTextNode(piece)); return; }
      const b = document.createElement("button");
      b.type = "button";
      b.className = "word";
      b.textContent = piece;
      b.setAttribute("aria-pressed", "false");
      b.addEventListener("click", () => {
        const on = b.getAttribute("aria-pressed") !== "true";
        b.setAttribute("aria-pressed", String(on));
        b.classList.toggle("on", on);
      });
      chips.appendChild(b);
    });
    panel.appendChild(chips);
    const check = document.createElement("button");
    check.type = "button";
    check.id = "words-check";
    check.textContent = T.checkWords;
    check.addEventListener("click", () => {
      panel.querySelectorAll("button").forEach((b) => { b.disabled = true; });
      settle(it, i, [...chips.querySelectorAll("button.on")].map((b) => b.textContent).join(" "));
    });
    panel.appendChild(check);
  }

  // settle scores a choice (and the words marked in a Spot it reply).
  function settle(it, i, marked) {
    const buttons = [...$("options").querySelectorAll("button")];
    const right = i === it.answer && (it.kind !== "spot" || wordsMatch(marked, it.words));
    const answer = { id: it.id, choice: i, words: marked };
    if (state.current.cert) { record(it, right, answer); next(); return; }
    buttons[it.answer].classList.add(it.kind === "spot" ? "wrong" : "right");
    if (i !== it.answer) buttons[i].classList.add(it.kind === "spot" ? "right" : "wrong");
    const fb = feedback(right, it);
    if (it.kind === "spot") {
      line(fb, T.words, "“" + it.words + "”", "words");
      if (marked) line(fb, T.wordsMarked, "“" + marked + "”", "marked");
    } else line(fb, T.kept, "“" + it.words + "”.", "words");
    line(fb, T.why, it.reason, "why");
    record(it, right, answer);
  }

  async function submit() {
    const it = itemOf(state.current.ids[state.current.pos]);
    const answer = $("answer").value;
    if (state.current.cert) { record(it, false, { id: it.id, text: answer, choice: -1 }); next(); return; }
    $("submit").disabled = true;
    let v;
    try {
      v = await api("POST", "/v1/practice/judge", { lang: quiz.language, text: it.text, answer });
    } catch (e) {
      showError(e.message);
      $("submit").disabled = false;
      return;
    }
    showError("");
    if (!v.accepted && v.problems.length === 1 && v.problems[0].kind === "empty") {
      const fb = feedback(false, it);
      line(fb, "", T.problems.empty, "problem");
      $("submit").disabled = false;
      return;
    }
    $("answer").disabled = true;
    const fb = feedback(v.accepted, it);
    if (v.accepted && v.points > 1) line(fb, "", `${T.bonus}: ${v.encouraged.map((e) => "“" + e + "”").join(", ")}.`, "bonus");
    if (!v.accepted) {
      const ul = document.createElement("ul");
      v.problems.forEach((p) => {
        const li = document.createElement("li");
        li.className = "problem";
        const say = T.problems[p.kind];
        li.textContent = typeof say === "function" ? say(p) : (say || p.kind);
        ul.appendChild(li);
      });
      fb.appendChild(ul);
      line(fb, T.why, it.reason, "why");
    }
    line(fb, T.model, it.model, "model");
    record(it, v.accepted, { id: it.id, text: answer, choice: -1 });
  }

  function next() {
    if (state.current.pos < state.current.ids.length) show();
    else finish();
  }

  async function finish() {
    const cur = state.current;
    $("item").hidden = true; $("start").hidden = true; $("end").hidden = false;
    $("again").textContent = cur && cur.cert ? T.retry : T.again;
    $("certificate").hidden = true;
    let scores = cur ? cur.scores : {};
    if (cur && cur.cert) {
      $("end-title").textContent = T.endCert;
      try {
        result = await api("POST", "/v1/practice/certify", { quiz, agent: cur.agent, answers: cur.answers });
      } catch (e) {
        showError(e.message);
        return;
      }
      scores = result.categories;
      const share = Math.round(result.share * 100), mark = Math.round(result.pass_mark * 100);
      $("verdict").textContent = (result.passed ? T.passed : T.failed)(share, mark) + " " + T.signed(result.agent, result.finished);
      $("verdict").className = result.passed ? "passed" : "failed";
      $("certificate").hidden = false;
      $("certificate").dataset.result = JSON.stringify(result);
    } else {
      $("end-title").textContent = T.endTitle;
    }
    const cats = Object.keys(scores).sort();
    const points = cats.reduce((n, c) => n + scores[c].points, 0), max = cats.reduce((n, c) => n + scores[c].max, 0);
    $("total").textContent = T.total(points, max);
    const body = $("scores").querySelector("tbody");
    body.textContent = "";
    cats.forEach((c) => {
      const tr = document.createElement("tr");
      tr.dataset.category = c;
      [c, `${scores[c].points} / ${scores[c].max}`].forEach((t) => {
        const td = document.createElement("td");
        td.textContent = t;
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    if (cur) { state.current = null; save(); }
  }

  function download() {
    const blob = new Blob([JSON.stringify(result, null, 2) + "\n"], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `result-${result.agent.replace(/[^\p{L}\p{N}_-]+/gu, "_")}.json`;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  function use(q) {
    quiz = q;
    T = TEXTS[q.language] || TEXTS.en;
    result = null;
    load();
    startScreen();
  }

  async function openFile(file) {
    try {
      use(await api("POST", "/v1/practice/open", await file.text()));
      showError("");
    } catch (e) {
      showError(e.message);
    }
  }

  $("begin").addEventListener("click", begin);
  $("submit").addEventListener("click", submit);
  $("next").addEventListener("click", next);
  $("again").addEventListener("click", startScreen);
  $("download").addEventListener("click", download);
  $("print").addEventListener("click", () => window.print());
  $("quiz-file").addEventListener("change", (ev) => { if (ev.target.files[0]) openFile(ev.target.files[0]); });
  $("save-token").addEventListener("click", () => {
    sessionStorage.setItem("lexlint-token", $("token").value);
    $("auth").hidden = true;
    init();
  });

  async function init() {
    const lang = new URLSearchParams(location.search).get("lang");
    try {
      use(await api("GET", "/v1/practice/quiz" + (lang ? "?lang=" + encodeURIComponent(lang) : "")));
    } catch (e) {
      showError(e.message);
    }
  }
  init();
})();
