// The VS Code client of lexlint lsp: it starts the language server for
// the files the setting lexlint.files names (drafts, Markdown, lexicons,
// the configuration and canned-response libraries by default) and for
// untitled plain text and Markdown; everything else (what is checked,
// diagnostics, quick fixes, hover, watching lexicon files) is the
// server's. Other YAML and JSON files (workflows, package.json) are not
// handed to it at all.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

// The languages whose documents may be lexlint's, as VS Code names them;
// package.json's activationEvents list the same. Which of their files
// the server sees is lexlint.files.
const languages = ['plaintext', 'markdown', 'yaml', 'json'];

let client;

// documentSelector turns the glob patterns of lexlint.files into the
// documents the client hands to the server.
function documentSelector(patterns) {
  return [
    ...patterns.map((pattern) => ({ scheme: 'file', pattern })),
    { scheme: 'untitled', language: 'plaintext' },
    { scheme: 'untitled', language: 'markdown' },
  ];
}

async function start() {
  const settings = vscode.workspace.getConfiguration('lexlint');
  const command = settings.get('path') || 'lexlint';
  const server = { command, args: ['lsp'], transport: TransportKind.stdio };
  const options = { documentSelector: documentSelector(settings.get('files') || []) };
  client = new LanguageClient('lexlint', 'lexlint', server, options);
  try {
    await client.start();
  } catch (err) {
    vscode.window.showErrorMessage(
      `lexlint: could not start "${command} lsp" (${err.message}). Install lexlint ` +
        '(go install github.com/lexlint/lexlint/cmd/lexlint@latest) or set lexlint.path.');
  }
}

async function activate(context) {
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration(async (event) => {
    if (event.affectsConfiguration('lexlint')) {
      // A new path or new patterns: start again with them.
      if (client) {
        await client.stop();
      }
      await start();
    }
  }));
  context.subscriptions.push({ dispose: () => deactivate() });
  await start();
}

function deactivate() {
  const c = client;
  client = undefined;
  return c ? c.stop() : undefined;
}

module.exports = { activate, deactivate, languages, documentSelector };
