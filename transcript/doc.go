// Package transcript finds and reads lexlint's inputs: plain-text drafts and
// Markdown documents today, with the parts of them that are not prose (code,
// markup, link targets) marked so the engine skips them.
package transcript
