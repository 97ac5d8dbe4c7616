// Package lint is lexlint's matching engine. It compiles loaded lexicons
// into one token-level automaton per language and checks documents against
// it, returning findings with rule metadata and exact positions (line and
// column in characters, byte offsets in the original input).
//
// The engine does no I/O of its own: callers hand it documents, so the same
// Linter serves drafts, transcripts, reports and the web service. A Linter
// is safe for concurrent use.
package lint
