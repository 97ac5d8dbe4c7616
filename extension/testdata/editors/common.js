// What the real-editor tests read from each page: the editable element
// (maybe inside the editor's iframe) and where a word of it is shown, in
// the top page's coordinates. Each page sets window.editor = {root,
// text} once its editor is ready: root() is the editable element, text()
// the text from the editor's own model.
window.norm = (s) => s.replace(/\u00a0/g, ' ').replace(/\s+$/, '');

// wordBox is the box of the first occurrence of word in the editable
// element's text nodes, in the top page's coordinates.
window.wordBox = (word) => {
  const root = window.editor.root();
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const i = n.data.indexOf(word);
    if (i < 0) continue;
    const range = doc.createRange();
    range.setStart(n, i);
    range.setEnd(n, i + word.length);
    const r = range.getClientRects()[0];
    const off = frameOffset(doc);
    return {left: r.left + off.left, top: r.top + off.top, width: r.width, height: r.height};
  }
  return null;
};

// frameOffset is where doc's viewport starts in the top page.
window.frameOffset = (doc) => {
  const frame = doc.defaultView.frameElement;
  if (!frame) return {left: 0, top: 0};
  const r = frame.getBoundingClientRect();
  const up = frameOffset(frame.ownerDocument);
  return {left: up.left + r.left + frame.clientLeft, top: up.top + r.top + frame.clientTop};
};

// offers records, for each replacement offered as a beforeinput event,
// whether the editor took it (cancelled the event).
window.offers = [];
addEventListener('beforeinput', (e) => {
  if (e.inputType === 'insertReplacementText') offers.push(e.defaultPrevented);
});
