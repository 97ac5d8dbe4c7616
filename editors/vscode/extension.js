// The VS Code client of lexlint lsp: it starts the language server for
// plain text, Markdown, YAML and JSON documents; everything else (what is
// checked, diagnostics, quick fixes, hover, watching lexicon files) is
// the server's.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

// The languages lexlint lsp checks, as VS Code names them; package.json's
// activationEvents list the same.
const languages = ['plaintext', 'markdown', 'yaml', 'json'];

let client;

async function activate(context) {
  const command = vscode.workspace.getConfiguration('lexlint').get('path') || 'lexlint';
  const server = { command, args: ['lsp'], transport: TransportKind.stdio };
  const options = {
    documentSelector: languages.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
  };
  client = new LanguageClient('lexlint', 'lexlint', server, options);
  context.subscriptions.push(client);
  try {
    await client.start();
  } catch (err) {
    vscode.window.showErrorMessage(
      `lexlint: could not start "${command} lsp" (${err.message}). Install lexlint ` +
        '(go install github.com/lexlint/lexlint/cmd/lexlint@latest) or set lexlint.path.');
  }
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate, languages };
