// Package duckdb runs SQL on DuckDB for tests that read back the Parquet
// files lexlint writes. DuckDB is reached through its Node.js package
// (@duckdb/node-api), installed with npm into the user's cache, outside
// the repository, on first use: the Go module stays free of cgo.
package duckdb

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Version is the @duckdb/node-api release the tests install.
const Version = "1.5.6-r.1"

// script runs the queries of its JSON argument in one in-memory database
// and prints each one's rows as JSON objects (BIGINT as strings, lists as
// arrays, maps as lists of {key, value}).
const script = `import { DuckDBInstance } from '@duckdb/node-api';
const queries = JSON.parse(process.argv[2]);
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const out = [];
for (const q of queries) out.push((await con.runAndReadAll(q)).getRowObjectsJson());
console.log(JSON.stringify(out));
`

// Query runs SQL queries in one DuckDB session and returns the rows of
// each. Without Node.js and npm the test is skipped, except in CI
// (CI=true), whose .ci/run installs them.
func Query(t testing.TB, queries ...string) [][]map[string]any {
	t.Helper()
	dir := install(t)
	arg, _ := json.Marshal(queries)
	cmd := exec.Command("node", filepath.Join(dir, "query.mjs"), string(arg))
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("duckdb: %v\n%s", err, stderr.String())
	}
	var rows [][]map[string]any
	if err := json.Unmarshal(out, &rows); err != nil {
		t.Fatalf("duckdb: %v\n%s", err, out)
	}
	return rows
}

// install puts the package in the cache once and returns its folder.
func install(t testing.TB) string {
	t.Helper()
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s not installed: .ci/run installs Node.js and npm", tool)
			}
			t.Skipf("%s not installed (apt-get install nodejs npm)", tool)
		}
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "lexlint-test", "duckdb-node-"+Version)
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@duckdb", "node-api", "package.json")); err != nil {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"private": true, "type": "module"}`+"\n"), 0o644)
		cmd := exec.Command("npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "@duckdb/node-api@"+Version)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("npm install @duckdb/node-api@%s: %v\n%s", Version, err, out)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "query.mjs"), []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Quote quotes a string as an SQL literal.
func Quote(s string) string {
	return "'" + string(bytes.ReplaceAll([]byte(s), []byte("'"), []byte("''"))) + "'"
}
