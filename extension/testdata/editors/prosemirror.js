// ProseMirror with its basic schema, history and base keymap.
import {EditorState} from 'prosemirror-state';
import {EditorView} from 'prosemirror-view';
import {schema} from 'prosemirror-schema-basic';
import {history, undo, redo} from 'prosemirror-history';
import {keymap} from 'prosemirror-keymap';
import {baseKeymap} from 'prosemirror-commands';

const view = new EditorView(document.getElementById('editor'), {
  state: EditorState.create({schema, plugins: [history(), keymap({'Mod-z': undo, 'Mod-y': redo, 'Shift-Mod-z': redo}), keymap(baseKeymap)]}),
});
window.editor = {
  root: () => view.dom,
  text: () => view.state.doc.textBetween(0, view.state.doc.content.size, '\n'),
};
