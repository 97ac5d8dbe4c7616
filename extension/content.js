// lexlint's content script: finds the reply box the agent types in
// (textarea, text input or contenteditable, also in an editor's about:blank
// or srcdoc frame, where it runs in the frame), sends its text to the
// service worker for a check, and draws the findings as an overlay that
// never touches the editor's DOM. Marks are placed from the text's client
// rectangles: a hidden mirror of a textarea or input, Range.getClientRects()
// for contenteditable; they follow scrolling, resizing and editors that
// re-render their DOM. A card shows a finding's category, reason and
// suggestions on hover, or with Alt+Enter at the caret; a suggestion is put
// in through the editor's own input path (see Editor.replace) so its model,
// its undo and its framework's state stay right. The keys it handles stop
// at the window: no editor sees them.
//
// The page must learn nothing from it: a box is checked only after the
// user typed in it (trusted key, paste or drop events, which scripts
// cannot make), the overlay lives in a closed shadow root that is added
// only then, nothing is dispatched to the page but the input events of a
// suggestion the user applies, and the server's fields are put in as text
// and known class names only.
(() => {
  'use strict';
  if (window.__lexlintLoaded) return;
  window.__lexlintLoaded = true;

  const DEBOUNCE_MS = 250;
  const editors = new Map(); // element -> Editor
  let enabled = true;
  let nextId = 1;
  let layer, card, shadow;
  const SEVERITIES = ['error', 'warning', 'suggestion'];
  const severity = (f) => (SEVERITIES.includes(f.severity) ? f.severity : 'suggestion');
  // The boxes the user typed in (or pasted or dropped text in): only
  // those are checked.
  const userActed = new WeakSet();

  // The overlay: one fixed, click-through element whose shadow root holds
  // the marks and the card, so page styles do not reach them.
  function overlay() {
    if (shadow) return;
    const host = document.createElement('lexlint-overlay');
    host.style.cssText = 'all: initial; position: fixed; left: 0; top: 0; width: 0; height: 0; z-index: 2147483647; pointer-events: none;';
    shadow = host.attachShadow({mode: 'closed'});
    shadow.innerHTML = `<style>
      .mark { position: fixed; pointer-events: none; border-bottom: 2px solid; box-sizing: border-box; }
      .mark.error { border-color: #c62828; background: rgba(198, 40, 40, .10); }
      .mark.warning { border-color: #e08a00; background: rgba(224, 138, 0, .10); }
      .mark.suggestion { border-color: #1e88e5; background: rgba(30, 136, 229, .08); }
      .mark.current { outline: 2px solid #1e88e5; }
      .mirror { position: fixed; visibility: hidden; overflow: hidden; pointer-events: none; }
      .pill { position: fixed; pointer-events: auto; font: 12px/1.4 system-ui, sans-serif; color: #555; background: #f4f4f4;
              border: 1px solid #ddd; border-radius: 10px; padding: 1px 8px; white-space: nowrap; }
      .card { position: fixed; pointer-events: auto; box-sizing: border-box; max-width: 360px; font: 13px/1.45 system-ui, sans-serif; color: #222;
              background: #fff; border: 1px solid #ccc; border-radius: 6px; box-shadow: 0 4px 16px rgba(0,0,0,.18); padding: 8px 10px; }
      .card .head { font-weight: 600; margin-bottom: 4px; }
      .card .head .error { color: #c62828; } .card .head .warning { color: #b26a00; } .card .head .suggestion { color: #1565c0; }
      .card button { display: block; width: 100%; text-align: left; margin-top: 4px; font: inherit; padding: 3px 6px;
                     border: 1px solid #bbb; border-radius: 4px; background: #f7fbff; cursor: pointer; }
      .card button:focus { outline: 2px solid #1e88e5; }
      .card .keys { color: #777; font-size: 11px; margin-top: 6px; }
    </style><div class="layer"></div>`;
    layer = shadow.querySelector('.layer');
    document.documentElement.appendChild(host);
  }

  // Editable elements: the outermost contenteditable, or a textarea or a
  // text input that can be edited.
  function editable(node) {
    if (!(node instanceof Element)) return null;
    if (node instanceof HTMLTextAreaElement) return node.readOnly || node.disabled ? null : node;
    if (node instanceof HTMLInputElement) {
      return ['text', 'search', 'email', 'url', ''].includes(node.type) && !node.readOnly && !node.disabled ? node : null;
    }
    if (!node.isContentEditable) return null;
    let root = node;
    while (root.parentElement && root.parentElement.isContentEditable) root = root.parentElement;
    return root;
  }

  class Editor {
    constructor(el) {
      this.el = el;
      this.id = nextId++;
      this.rich = !(el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement);
      this.checked = null; // the text the findings are for
      this.answered = null; // the text of the last answer
      this.findings = [];
      this.habits = [];
      this.status = '';
      this.seq = 0;
      this.timer = 0;
      this.marks = [];
      this.resize = new ResizeObserver(() => schedule());
      this.resize.observe(el);
      if (this.rich) {
        this.mutations = new MutationObserver(() => this.changed());
        this.mutations.observe(el, {childList: true, subtree: true, characterData: true});
      } else {
        this.onInput = () => this.changed();
        el.addEventListener('input', this.onInput);
        el.addEventListener('scroll', schedule, {passive: true});
      }
    }

    // text returns the editor's text; for contenteditable also the text
    // nodes it came from, with their offsets in it (UTF-16, as the server's
    // char offsets are).
    text() {
      if (!this.rich) return this.el.value;
      const parts = [];
      this.nodes = [];
      let length = 0;
      const block = /^(P|DIV|LI|H[1-6]|BLOCKQUOTE|PRE|TR|UL|OL)$/;
      const walk = (node) => {
        for (let n = node.firstChild; n; n = n.nextSibling) {
          if (n.nodeType === Node.TEXT_NODE) {
            this.nodes.push({node: n, start: length});
            parts.push(n.data);
            length += n.data.length;
          } else if (n.nodeName === 'BR') {
            parts.push('\n');
            length++;
          } else if (n.nodeType === Node.ELEMENT_NODE) {
            const isBlock = block.test(n.nodeName);
            if (isBlock && length > 0 && parts[parts.length - 1] !== '\n') {
              parts.push('\n');
              length++;
            }
            walk(n);
          }
        }
      };
      walk(this.el);
      return parts.join('');
    }

    changed() {
      const text = this.text();
      if (text === this.checked) return schedule();
      if (this.checked !== null) this.shift(this.checked, text);
      this.checked = text;
      schedule();
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.check(text), DEBOUNCE_MS);
    }

    // pending reports whether a check of the text as it is now is still
    // to come.
    pending() {
      return this.userTyped() && (this.answered !== this.checked || this.text() !== this.checked);
    }

    // userTyped reports whether the user typed in the box: only then is
    // its text sent.
    userTyped() {
      return userActed.has(this.el);
    }

    // shift keeps the marks before and after an edit where they were in the
    // text, dropping those the edit touched, until the new check answers.
    shift(before, after) {
      let p = 0;
      while (p < before.length && p < after.length && before[p] === after[p]) p++;
      let s = 0;
      while (s < before.length - p && s < after.length - p && before[before.length - 1 - s] === after[after.length - 1 - s]) s++;
      const delta = after.length - before.length;
      this.findings = this.findings.filter((f) => f.end <= p || f.start >= before.length - s).map((f) =>
        f.start >= before.length - s ? {...f, start: f.start + delta, end: f.end + delta} : f);
    }

    async check(text) {
      if (!this.userTyped()) return;
      const seq = ++this.seq;
      let answer;
      try {
        answer = await chrome.runtime.sendMessage({type: 'check', editor: this.id, text});
      } catch (e) {
        answer = {error: 'extension', message: 'the extension was reloaded: reload the page'};
      }
      if (seq !== this.seq || !answer || answer.aborted || text !== this.checked) return;
      this.answered = text;
      overlay();
      if (answer.error) {
        this.status = String(answer.message);
        this.findings = [];
        this.habits = [];
      } else {
        this.status = '';
        const all = answer.result.findings;
        this.findings = all.filter((f) => f.match !== '').map((f) => ({...f, start: f.char_offset, end: f.char_end_offset}));
        this.habits = all.filter((f) => f.match === '');
      }
      // An open card stays on its finding, now one of the answer's.
      if (card && card.ed === this) {
        const same = this.findings.find((f) => f.rule === card.finding.rule && f.start === card.finding.start && f.end === card.finding.end);
        if (same) card.finding = same;
      }
      render();
      if (this.wantCard) {
        this.wantCard = false;
        if (this.findings.length && isFocused(this.el)) cardAtCaret(this);
      }
      const worst = SEVERITIES.find((s) => this.findings.some((f) => severity(f) === s));
      chrome.runtime.sendMessage({type: 'count', count: this.findings.length, worst}).catch(() => {});
    }

    // rects returns the client rectangles of the text from start to end.
    rects(start, end) {
      if (this.rich) {
        const range = this.range(start, end);
        return range ? [...range.getClientRects()] : [];
      }
      const m = this.mirror();
      const node = m.firstChild;
      if (!node || end > node.data.length) return [];
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, end);
      return [...range.getClientRects()];
    }

    range(start, end) {
      if (!this.nodes) this.text();
      const at = (offset, isEnd) => {
        for (const n of this.nodes) {
          const len = n.node.data.length;
          if (offset >= n.start && (offset < n.start + len || isEnd && offset === n.start + len)) return [n.node, offset - n.start];
        }
        return null;
      };
      const a = at(start, false);
      const b = at(end, true);
      if (!a || !b || !a[0].isConnected || !b[0].isConnected) return null;
      const range = document.createRange();
      range.setStart(a[0], a[1]);
      range.setEnd(b[0], b[1]);
      return range;
    }

    // mirror lays out a copy of a textarea's or input's text with its
    // box and font, over it, scrolled as it is.
    mirror() {
      overlay();
      if (!this.mirrorEl) {
        this.mirrorEl = document.createElement('div');
        this.mirrorEl.className = 'mirror';
        shadow.appendChild(this.mirrorEl);
      }
      const m = this.mirrorEl;
      const cs = getComputedStyle(this.el);
      for (const p of ['font-family', 'font-size', 'font-weight', 'font-style', 'letter-spacing', 'word-spacing', 'text-indent',
        'text-transform', 'line-height', 'tab-size', 'direction', 'padding-top', 'padding-right', 'padding-bottom', 'padding-left',
        'border-top-width', 'border-right-width', 'border-bottom-width', 'border-left-width', 'text-align', 'overflow-wrap', 'word-break']) {
        m.style.setProperty(p, cs.getPropertyValue(p));
      }
      m.style.borderStyle = 'solid';
      m.style.boxSizing = 'content-box';
      const input = this.el instanceof HTMLInputElement;
      m.style.whiteSpace = input || this.el.getAttribute('wrap') === 'off' ? 'pre' : 'pre-wrap';
      const r = this.el.getBoundingClientRect();
      const padX = parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight);
      const padY = parseFloat(cs.paddingTop) + parseFloat(cs.paddingBottom);
      m.style.left = r.left + 'px';
      m.style.top = r.top + 'px';
      m.style.width = (this.el.clientWidth - padX) + 'px';
      m.style.height = (this.el.clientHeight - padY) + 'px';
      if (input) m.style.lineHeight = (this.el.clientHeight - padY) + 'px';
      if (m.textContent !== this.el.value) m.textContent = this.el.value;
      m.scrollTop = this.el.scrollTop;
      m.scrollLeft = this.el.scrollLeft;
      return m;
    }

    // clip is the part of the viewport where the editor shows its text.
    clip() {
      const r = this.el.getBoundingClientRect();
      const left = r.left + this.el.clientLeft;
      const top = r.top + this.el.clientTop;
      return {left, top, right: left + this.el.clientWidth, bottom: top + this.el.clientHeight};
    }

    caret() {
      if (!this.rich) return this.el.selectionStart;
      const sel = this.el.getRootNode().getSelection ? this.el.getRootNode().getSelection() : getSelection();
      if (!sel || !sel.rangeCount || !this.el.contains(sel.anchorNode)) return -1;
      this.text();
      const n = this.nodes.find((x) => x.node === sel.anchorNode);
      return n ? n.start + sel.anchorOffset : -1;
    }

    // replace puts text in place of start..end as typing would, through
    // the editor's own input path so that its model, its undo and its
    // change events stay right. A textarea takes execCommand('insertText').
    // A rich editor is first offered a beforeinput event of type
    // insertReplacementText with the words as its target range, as a
    // spelling correction is: editors that keep their own model (CKEditor
    // 5, Lexical) apply it there and cancel the event. Where none does,
    // execCommand('insertText') edits the DOM as typing does and the
    // editor reads the change from it (ProseMirror, Quill, Draft.js).
    // Before either, the editor is given the time to take in the focus
    // and the new selection (selectionchange comes as a task of its own;
    // Draft.js and Lexical read it then and would put the text at their
    // old selection otherwise).
    async replace(start, end, text) {
      this.el.focus();
      if (!this.rich) {
        this.el.setSelectionRange(start, end);
        if (!document.execCommand('insertText', false, text) || this.el.value.slice(start, start + text.length) !== text) {
          this.el.setRangeText(text, start, end, 'end');
          this.el.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertReplacementText', data: text}));
        }
        return;
      }
      const doc = this.el.ownerDocument;
      const before = this.text();
      const select = () => {
        const range = this.text() === before && this.range(start, end);
        if (!range) return null;
        const sel = doc.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        return range;
      };
      await settle(doc);
      if (!select()) return;
      await settle(doc);
      const range = select(); // again, where the editor drew its selection anew
      if (!range) return;
      if (this.offer(range, text) || this.text() !== before || !select()) return;
      if (!this.insertText(text)) {
        range.deleteContents();
        range.insertNode(document.createTextNode(text));
        this.el.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertReplacementText', data: text}));
      }
    }

    // insertText runs execCommand('insertText') with the input event that
    // follows it told as a replacement (insertReplacementText, with the
    // text as its dataTransfer), as the browser tells a spelling
    // correction: editors that keep their own undo levels record one for
    // it (TinyMCE adds a level for a replacement, not for typing, whose
    // level it adds when the typing ends).
    insertText(text) {
      const doc = this.el.ownerDocument;
      const win = doc.defaultView;
      const hide = (e) => { if (e.inputType === 'insertText') e.stopImmediatePropagation(); };
      win.addEventListener('input', hide, true);
      let done;
      try {
        done = doc.execCommand('insertText', false, text);
      } finally {
        win.removeEventListener('input', hide, true);
      }
      if (done) {
        const data = new DataTransfer();
        data.setData('text/plain', text);
        this.el.dispatchEvent(new InputEvent('input', {bubbles: true, composed: true, inputType: 'insertReplacementText', dataTransfer: data}));
      }
      return done;
    }

    // offer dispatches a cancelable beforeinput event that asks the editor
    // to put text in place of range, and reports whether the editor took
    // it (cancelled the event: a browser does nothing for a script's
    // beforeinput, so an editor that handles it must).
    offer(range, text) {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      const target = new StaticRange({startContainer: range.startContainer, startOffset: range.startOffset,
        endContainer: range.endContainer, endOffset: range.endOffset});
      const e = new InputEvent('beforeinput', {bubbles: true, cancelable: true, composed: true,
        inputType: 'insertReplacementText', data: text, dataTransfer: data, targetRanges: [target]});
      return !range.startContainer.parentNode.dispatchEvent(e);
    }

    detach() {
      this.resize.disconnect();
      if (this.mutations) this.mutations.disconnect();
      if (this.onInput) this.el.removeEventListener('input', this.onInput);
      this.el.removeEventListener('scroll', schedule);
      if (this.mirrorEl) this.mirrorEl.remove();
    }
  }

  // settle waits for the selectionchange the last change of the selection
  // queued (at most 50 ms), then for the next frame.
  function settle(doc) {
    return new Promise((ok) => {
      let done = false;
      const end = () => {
        if (done) return;
        done = true;
        doc.removeEventListener('selectionchange', end);
        requestAnimationFrame(() => setTimeout(ok, 0));
      };
      doc.addEventListener('selectionchange', end);
      setTimeout(end, 50);
    });
  }

  // Drawing, once per animation frame whatever asked for it.
  let frame = 0;
  function schedule() {
    if (!frame) frame = requestAnimationFrame(() => { frame = 0; render(); });
  }

  function render() {
    if (!layer) return;
    layer.textContent = '';
    for (const ed of editors.values()) {
      if (!ed.el.isConnected) continue;
      if (ed.rich && ed.text() !== ed.checked) continue; // re-rendered with other text: a check is coming
      const clip = ed.clip();
      ed.marks = [];
      for (const f of ed.findings) {
        for (const r of ed.rects(f.start, f.end)) {
          const left = Math.max(r.left, clip.left);
          const right = Math.min(r.right, clip.right);
          const top = Math.max(r.top, clip.top);
          const bottom = Math.min(r.bottom, clip.bottom);
          if (right <= left || bottom <= top || r.width === 0) continue;
          const m = document.createElement('div');
          m.className = 'mark';
          m.classList.add(severity(f));
          if (card && card.finding === f) m.classList.add('current');
          m.style.cssText = `left:${left}px;top:${top}px;width:${right - left}px;height:${bottom - top}px`;
          m.dataset.rule = f.rule;
          layer.appendChild(m);
          ed.marks.push({f, rect: {left, top, right, bottom}});
        }
      }
      pill(ed, clip);
    }
    if (card) placeCard();
  }

  // pill says, quietly, which good habits the reply lacks, or why nothing
  // is checked.
  // It sits just outside the box, under its bottom right corner (or over
  // its top one where the viewport ends), so it hides none of the text.
  function pill(ed, clip) {
    const text = ed.status || (ed.habits.length ? 'missing ' + ed.habits.map((h) => h.category).join(', ') : '');
    if (!text || !isFocused(ed.el)) return;
    const p = document.createElement('div');
    p.className = 'pill';
    p.textContent = 'lexlint: ' + text;
    p.title = ed.status || ed.habits.map((h) => h.message).join('\n');
    layer.appendChild(p);
    const box = ed.el.getBoundingClientRect();
    p.style.left = Math.max(0, Math.min(box.right, innerWidth) - p.offsetWidth) + 'px';
    let top = box.bottom + 2;
    if (top + p.offsetHeight > innerHeight) top = Math.max(0, box.top - p.offsetHeight - 2);
    p.style.top = top + 'px';
  }

  // isFocused reports whether el or an element in it has the focus, also
  // where el is in a shadow root (the document's active element is then
  // the shadow host).
  function isFocused(el) {
    let active = document.activeElement;
    while (active && active.shadowRoot && active.shadowRoot.activeElement) active = active.shadowRoot.activeElement;
    return !!active && (active === el || el.contains(active));
  }

  // The card of one finding.
  function openCard(ed, f, byKeyboard) {
    overlay();
    closeCard(false);
    const el = document.createElement('div');
    el.className = 'card';
    el.setAttribute('role', 'dialog');
    el.setAttribute('aria-label', 'lexlint: ' + f.category);
    const head = document.createElement('div');
    head.className = 'head';
    const sev = document.createElement('span');
    sev.classList.add(severity(f));
    sev.textContent = severity(f);
    const cat = document.createElement('span');
    cat.className = 'cat';
    cat.textContent = '[' + f.category + '] “' + f.match + '”';
    head.append(sev, ' ', cat);
    const why = document.createElement('div');
    why.className = 'reason';
    why.textContent = f.message;
    el.append(head, why);
    const options = f.replacements && f.replacements.length ? f.replacements : f.suggestions || [];
    for (const s of options) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = s;
      b.addEventListener('mousedown', (e) => e.preventDefault()); // keep the editor's selection
      b.addEventListener('click', () => apply(ed, f, s));
      el.appendChild(b);
    }
    const keys = document.createElement('div');
    keys.className = 'keys';
    keys.textContent = 'Alt+Enter opens · ↑↓ choose · Enter applies · ←→ other findings · Esc closes';
    el.appendChild(keys);
    el.addEventListener('mouseleave', () => { if (!card.keyboard) closeCard(false); });
    shadow.appendChild(el);
    card = {el, ed, finding: f, keyboard: byKeyboard, opened: performance.now()};
    render();
    if (byKeyboard) (el.querySelector('button') || el).focus();
  }

  // placeCard puts the card below its mark, or above it where there is
  // no room below, always inside the part of the viewport the user sees
  // (in a short frame, over the mark rather than out of reach above or
  // below the frame's edges or the top page's; a card taller than that
  // scrolls).
  function placeCard() {
    const hit = card.ed.marks.find((m) => m.f === card.finding);
    if (!hit) {
      // A keyboard card whose marks are being redrawn (a check is coming)
      // waits for them.
      if (card.keyboard && card.ed.findings.includes(card.finding)) return;
      return closeCard(false);
    }
    const r = hit.rect;
    const el = card.el;
    const v = seen();
    el.style.maxHeight = Math.max(40, v.bottom - v.top - 8) + 'px';
    el.style.overflow = 'auto';
    el.style.left = Math.max(v.left, Math.min(r.left, v.right - el.offsetWidth - 8)) + 'px';
    const h = el.offsetHeight;
    let top = r.bottom + 4;
    if (top + h > v.bottom) top = r.top - h - 4 >= v.top ? r.top - h - 4 : v.bottom - h - 4;
    el.style.top = Math.max(v.top, top) + 'px';
  }

  // seen is the part of this document's viewport that the user sees: in a
  // frame of the same origin (an editor's about:blank or srcdoc frame), the
  // part that the pages around it do not scroll or clip away.
  function seen() {
    const v = {left: 0, top: 0, right: innerWidth, bottom: innerHeight};
    let w = window;
    let dx = 0;
    let dy = 0;
    try {
      while (w.frameElement) {
        const f = w.frameElement;
        const r = f.getBoundingClientRect();
        dx += r.left + f.clientLeft;
        dy += r.top + f.clientTop;
        w = w.parent;
        v.left = Math.max(v.left, -dx);
        v.top = Math.max(v.top, -dy);
        v.right = Math.min(v.right, w.innerWidth - dx);
        v.bottom = Math.min(v.bottom, w.innerHeight - dy);
      }
    } catch {
      // a frame of another origin: its own viewport
    }
    return v.right > v.left && v.bottom > v.top ? v : {left: 0, top: 0, right: innerWidth, bottom: innerHeight};
  }

  function closeCard(refocus) {
    if (!card) return;
    const {el, ed} = card;
    card = null;
    el.remove();
    if (refocus) ed.el.focus();
    schedule();
  }

  // cardKey handles a key pressed in the card and reports whether it did.
  function cardKey(e) {
    const {ed, finding: f} = card;
    const buttons = [...card.el.querySelectorAll('button')];
    const i = buttons.indexOf(shadow.activeElement);
    if (e.key === 'Escape') {
      closeCard(true);
    } else if (e.key === 'Enter' && i >= 0) {
      buttons[i].click();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const n = buttons.length;
      if (n) buttons[(i + (e.key === 'ArrowDown' ? 1 : n - 1)) % n].focus();
    } else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      const list = ed.findings;
      const j = list.indexOf(f);
      const next = list[(j + (e.key === 'ArrowRight' ? 1 : list.length - 1)) % list.length];
      if (next) openCard(ed, next, true);
    } else {
      return false;
    }
    return true;
  }

  function apply(ed, f, text) {
    closeCard(false);
    ed.replace(f.start, f.end, text);
  }

  // Events.
  function attach(el) {
    if (!enabled || editors.has(el)) return editors.get(el);
    const ed = new Editor(el);
    editors.set(el, ed);
    ed.changed();
    return ed;
  }

  // What the user does (not what scripts do: their events are not
  // trusted, and execCommand fires no key events) lets a box be checked.
  for (const type of ['keydown', 'paste', 'drop', 'compositionend']) {
    document.addEventListener(type, (e) => {
      if (!e.isTrusted) return;
      const el = editable(e.composedPath()[0]);
      if (el) userActed.add(el);
    }, true);
  }

  // The last time the user pressed a key or a mouse button.
  let userAt = 0;
  for (const type of ['keydown', 'pointerdown']) {
    addEventListener(type, (e) => { if (e.isTrusted) userAt = performance.now(); }, true);
  }

  document.addEventListener('focusin', (e) => {
    // An editor that takes the focus back from a card the keyboard opened,
    // by itself (Lexical does, putting its selection back in the page when
    // an update ends), gives it back to the card.
    if (card && card.keyboard && userAt < card.opened && card.ed.el.contains(e.composedPath()[0])) {
      const b = card.el.querySelector('button');
      if (b) queueMicrotask(() => b.focus());
    }
    const el = editable(e.composedPath()[0]);
    if (el) attach(el);
    schedule();
  }, true);
  // An editor that had the focus before the script ran, or while the site
  // was switched off, is found when it is typed in.
  document.addEventListener('input', (e) => {
    const el = editable(e.composedPath()[0]);
    if (el && !editors.has(el)) attach(el);
  }, true);
  document.addEventListener('focusout', schedule, true);
  document.addEventListener('scroll', schedule, {capture: true, passive: true});
  addEventListener('resize', schedule);

  // The keys the extension handles stop here: no editor sees them. The
  // listener is the window's, in the capture phase, which comes before any
  // the editors add to their elements or to the document; so does the
  // key's keyup. Alt+Enter pressed while a check is coming (the text
  // changed since the last answer) opens the card when the answer is in.
  let swallowUp = '';
  addEventListener('keydown', (e) => {
    if (!e.isTrusted) return;
    if (card && e.composedPath().includes(card.el) && cardKey(e)) return swallow(e);
    if (!(e.altKey && e.key === 'Enter') || e.ctrlKey || e.metaKey) return;
    const el = editable(e.composedPath()[0]);
    const ed = el && editors.get(el);
    if (!ed) return;
    if (ed.pending()) {
      ed.wantCard = true;
      return swallow(e);
    }
    if (!ed.findings.length) return;
    swallow(e);
    cardAtCaret(ed);
  }, true);
  addEventListener('keyup', (e) => {
    if (e.isTrusted && e.code === swallowUp) {
      swallowUp = '';
      e.stopImmediatePropagation();
    }
  }, true);

  function swallow(e) {
    e.preventDefault();
    e.stopImmediatePropagation();
    swallowUp = e.code;
  }

  function cardAtCaret(ed) {
    const at = ed.caret();
    const f = ed.findings.find((x) => x.end >= at) || ed.findings[0];
    openCard(ed, f, true);
  }

  document.addEventListener('mousemove', (e) => {
    if (card && card.keyboard) return;
    for (const ed of editors.values()) {
      const hit = ed.marks.find(({rect: r}) => e.clientX >= r.left && e.clientX <= r.right && e.clientY >= r.top && e.clientY <= r.bottom + 2);
      if (hit) {
        if (!card || card.finding !== hit.f) openCard(ed, hit.f, false);
        return;
      }
    }
    if (card && !card.el.matches(':hover')) closeCard(false);
  }, {passive: true});

  // The per-site switch.
  // In a frame the site is the top page's (an editor's about:blank or
  // srcdoc frame has no host of its own).
  const site = topSite();
  function topSite() {
    const up = location.ancestorOrigins;
    if (up && up.length) {
      try {
        return new URL(up[up.length - 1]).hostname;
      } catch {
        // an opaque origin: the frame's own
      }
    }
    try {
      return window.top.location.hostname;
    } catch {
      return location.hostname;
    }
  }
  function setEnabled(on) {
    enabled = on;
    if (on) {
      const el = editable(document.activeElement);
      if (el) attach(el);
      return;
    }
    closeCard(false);
    for (const ed of editors.values()) ed.detach();
    editors.clear();
    if (layer) layer.textContent = '';
  }
  chrome.storage.local.get({disabledSites: []}).then((s) => setEnabled(!s.disabledSites.includes(site)));
  chrome.storage.onChanged.addListener((changes) => {
    if (changes.disabledSites) setEnabled(!(changes.disabledSites.newValue || []).includes(site));
  });
})();
