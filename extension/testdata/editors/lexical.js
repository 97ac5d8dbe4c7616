// Lexical with rich text and history, as its "vanilla JS" guide sets it up.
import {createEditor, $getRoot} from 'lexical';
import {registerRichText, HeadingNode, QuoteNode} from '@lexical/rich-text';
import {registerHistory, createEmptyHistoryState} from '@lexical/history';

const editor = createEditor({namespace: 'lexlint-test', nodes: [HeadingNode, QuoteNode], onError: (e) => console.error(e)});
const el = document.getElementById('editor');
editor.setRootElement(el);
registerRichText(editor);
registerHistory(editor, createEmptyHistoryState(), 300);
window.editor = {
  root: () => el,
  text: () => editor.getEditorState().read(() => $getRoot().getTextContent()),
};
