// Package transcript reads lexlint's inputs: reply drafts, chat transcripts,
// helpdesk exports (JSONL, CSV, Zendesk, Intercom, Freshdesk, LiveChat) and
// canned-response libraries. Every format becomes a stream of Messages that
// say who wrote them (agent, customer, bot, system) and where they came from,
// with the parts that are not the writer's own prose (quoted replies, markup,
// code) marked so the engine skips them.
package transcript
