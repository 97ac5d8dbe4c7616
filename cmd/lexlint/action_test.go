package main

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// action is the part of action.yml the tests read.
type action struct {
	Inputs map[string]struct {
		Default string `yaml:"default"`
	} `yaml:"inputs"`
	Runs struct {
		Using string       `yaml:"using"`
		Steps []actionStep `yaml:"steps"`
	} `yaml:"runs"`
}

type actionStep struct {
	Name    string            `yaml:"name"`
	ID      string            `yaml:"id"`
	If      string            `yaml:"if"`
	Run     string            `yaml:"run"`
	Uses    string            `yaml:"uses"`
	Shell   string            `yaml:"shell"`
	WorkDir string            `yaml:"working-directory"`
	Env     map[string]string `yaml:"env"`
	With    map[string]string `yaml:"with"`
}

func readAction(t *testing.T) *action {
	t.Helper()
	data, err := os.ReadFile("action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var a action
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	if a.Runs.Using != "composite" {
		t.Fatalf("runs.using %q", a.Runs.Using)
	}
	return &a
}

// runner runs an action's steps as GitHub's runner does: each step's env
// and if evaluated from the inputs, the github context and the outputs of
// the steps before; scripts in bash with GITHUB_OUTPUT, GITHUB_PATH and
// GITHUB_STEP_SUMMARY files; a step runs only when every step before it
// succeeded (the action has no always()). Steps that use another action
// are recorded with their evaluated with:.
type runner struct {
	t         *testing.T
	inputs    map[string]string
	github    map[string]string
	workspace string
	temp      string // RUNNER_TEMP
	path      string // the PATH the steps get
	env       []string

	outputs map[string]map[string]string // step id: outputs
	ran     []stepRun
	summary string // the file GITHUB_STEP_SUMMARY names
}

type stepRun struct {
	name   string
	code   int
	output string
	with   map[string]string // for uses: steps
}

func newRunner(t *testing.T, a *action, workspace string) *runner {
	r := &runner{t: t, inputs: map[string]string{}, github: map[string]string{"event_name": "push", "repository": "acme/support"},
		workspace: workspace, temp: t.TempDir(), outputs: map[string]map[string]string{}}
	for name, in := range a.Inputs {
		r.inputs[name] = in.Default
	}
	r.summary = filepath.Join(r.temp, "summary.md")
	return r
}

// run runs the steps and returns whether all that ran succeeded.
func (r *runner) run(a *action) bool {
	t := r.t
	for _, step := range a.Runs.Steps {
		if step.If != "" && !r.cond(step.If) {
			continue
		}
		if step.Uses != "" {
			with := map[string]string{}
			for k, v := range step.With {
				with[k] = r.expr(v)
			}
			r.ran = append(r.ran, stepRun{name: step.Name, with: with})
			continue
		}
		if step.Shell != "bash" {
			t.Fatalf("step %q: shell %q, want bash (every runner has it)", step.Name, step.Shell)
		}
		outFile := filepath.Join(r.temp, "output-"+step.ID)
		os.WriteFile(outFile, nil, 0o644)
		cmd := exec.Command("bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", step.Run)
		cmd.Dir = filepath.Join(r.workspace, r.expr(step.WorkDir))
		cmd.Env = append(os.Environ(), "PATH="+r.path, "NO_COLOR=1", "GITHUB_WORKSPACE="+r.workspace,
			"GITHUB_OUTPUT="+outFile, "GITHUB_PATH="+filepath.Join(r.temp, "path"), "GITHUB_STEP_SUMMARY="+r.summary,
			"RUNNER_TEMP="+r.temp, "RUNNER_OS="+map[string]string{"linux": "Linux", "darwin": "macOS", "windows": "Windows"}[runtime.GOOS],
			"RUNNER_ARCH="+map[string]string{"amd64": "X64", "arm64": "ARM64"}[runtime.GOARCH])
		cmd.Env = append(cmd.Env, r.env...)
		for k, v := range step.Env {
			cmd.Env = append(cmd.Env, k+"="+r.expr(v))
		}
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("%s: %v", step.Name, err)
		}
		r.ran = append(r.ran, stepRun{name: step.Name, code: code, output: string(out)})
		if step.ID != "" {
			r.outputs[step.ID] = map[string]string{}
			data, _ := os.ReadFile(outFile)
			for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
				if k, v, ok := strings.Cut(line, "="); ok {
					r.outputs[step.ID][k] = v
				}
			}
		}
		if code != 0 {
			return false
		}
	}
	return true
}

// step returns the run of the named step, or nil when it did not run.
func (r *runner) step(name string) *stepRun {
	for i := range r.ran {
		if r.ran[i].name == name {
			return &r.ran[i]
		}
	}
	return nil
}

// value is a context value: inputs.NAME, steps.ID.outputs.NAME,
// github.NAME (dotted names as they are) or a quoted string.
func (r *runner) value(term string) string {
	term = strings.TrimSpace(term)
	switch {
	case strings.HasPrefix(term, "inputs."):
		v, ok := r.inputs[strings.TrimPrefix(term, "inputs.")]
		if !ok {
			r.t.Fatalf("unknown input %s", term)
		}
		return v
	case strings.HasPrefix(term, "steps."):
		parts := strings.Split(term, ".")
		if len(parts) != 4 || parts[2] != "outputs" {
			r.t.Fatalf("unknown term %s", term)
		}
		return r.outputs[parts[1]][parts[3]]
	case strings.HasPrefix(term, "github."):
		return r.github[strings.TrimPrefix(term, "github.")]
	case strings.HasPrefix(term, "'") && strings.HasSuffix(term, "'"):
		return strings.Trim(term, "'")
	}
	r.t.Fatalf("unknown term %q", term)
	return ""
}

// expr replaces each ${{ ... }} in s with its value.
func (r *runner) expr(s string) string {
	return regexp.MustCompile(`\$\{\{(.*?)\}\}`).ReplaceAllStringFunc(s, func(e string) string {
		return r.value(e[3 : len(e)-2])
	})
}

// cond evaluates an if: of terms compared with == or !=, joined by &&.
func (r *runner) cond(s string) bool {
	for _, part := range strings.Split(s, "&&") {
		var ok bool
		switch {
		case strings.Contains(part, "=="):
			a, b, _ := strings.Cut(part, "==")
			ok = r.value(a) == r.value(b)
		case strings.Contains(part, "!="):
			a, b, _ := strings.Cut(part, "!=")
			ok = r.value(a) != r.value(b)
		default:
			r.t.Fatalf("unknown condition %q", s)
		}
		if !ok {
			return false
		}
	}
	return true
}

// release is a lexlint release laid out as GoReleaser lays it out: the
// version (without v) and the folder with the archives and checksums.txt.
type release struct {
	version, dir string
}

// testRelease returns the release the Action test installs: GoReleaser's
// snapshot when LEXLINT_SNAPSHOT names its dist folder (CI builds one:
// see .ci/run), else a release of this platform made here the way
// .goreleaser.yaml makes one (its archive name template, the version
// stamped with the same ldflags, checksums.txt).
func testRelease(t *testing.T) release {
	if dist := os.Getenv("LEXLINT_SNAPSHOT"); dist != "" {
		var meta struct {
			Version string `json:"version"`
		}
		data, err := os.ReadFile(filepath.Join(dist, "metadata.json"))
		if err != nil || json.Unmarshal(data, &meta) != nil || meta.Version == "" {
			t.Fatalf("LEXLINT_SNAPSHOT=%s: no GoReleaser metadata.json with a version (%v)", dist, err)
		}
		return release{version: meta.Version, dir: dist}
	}
	conf, err := os.ReadFile(".goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`name_template: "{{ .ProjectName }}_{{ .Version }}_{{ .Os }}_{{ .Arch }}"`, "-X main.releaseVersion={{ .Version }}", "name_template: checksums.txt"} {
		if !strings.Contains(string(conf), want) {
			t.Fatalf(".goreleaser.yaml has no %s: change testRelease with it", want)
		}
	}
	rel := release{version: "0.0.1-test", dir: t.TempDir()}
	bin := filepath.Join(t.TempDir(), "lexlint")
	build := exec.Command("go", "build", "-trimpath", "-o", bin, "-ldflags", "-X main.releaseVersion="+rel.version+" -X main.releaseCommit=0123456789abcdef", "./cmd/lexlint")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	name := fmt.Sprintf("lexlint_%s_%s_%s.tar.gz", rel.version, runtime.GOOS, runtime.GOARCH)
	writeTarGz(t, filepath.Join(rel.dir, name), map[string]string{"lexlint": bin, "README.md": "README.md"})
	sum := fileSHA256(t, filepath.Join(rel.dir, name))
	if err := os.WriteFile(filepath.Join(rel.dir, "checksums.txt"), []byte(sum+"  "+name+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return rel
}

func writeTarGz(t *testing.T, path string, files map[string]string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	for name, src := range files {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		tw.WriteHeader(&tar.Header{Name: name, Mode: 0o755, Size: int64(len(data))})
		tw.Write(data)
	}
	if tw.Close() != nil || gz.Close() != nil {
		t.Fatal("writing", path)
	}
}

func fileSHA256(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	io.Copy(h, f)
	return hex.EncodeToString(h.Sum(nil))
}

// serveRelease serves a release as GitHub does: VERSION/FILE below the
// returned base URL; files names files to serve in place of the
// release's (a tampered checksums.txt).
func serveRelease(t *testing.T, rel release, files map[string]string) string {
	mux := http.NewServeMux()
	mux.HandleFunc("/download/", func(w http.ResponseWriter, req *http.Request) {
		rest := strings.TrimPrefix(req.URL.Path, "/download/v"+rel.version+"/")
		if rest == req.URL.Path || strings.Contains(rest, "/") {
			http.NotFound(w, req)
			return
		}
		if body, ok := files[rest]; ok {
			io.WriteString(w, body)
			return
		}
		http.ServeFile(w, req, filepath.Join(rel.dir, rest))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL + "/download"
}

// noGoPath is a PATH of a folder with links to the tools the action's
// scripts use, as every runner has them (bash, curl, tar and so on), and
// no go.
func noGoPath(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, tool := range []string{"bash", "sh", "curl", "tar", "gzip", "awk", "sha256sum", "mkdir", "uname", "cat", "chmod"} {
		p, err := exec.LookPath(tool)
		if err != nil {
			t.Skipf("no %s: the runner's tools are not all here", tool)
		}
		if err := os.Symlink(p, filepath.Join(dir, tool)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestGitHubAction runs action.yml's steps in bash against a release served
// over HTTP (GoReleaser's snapshot in CI): the binary is installed without
// Go after its checksum is checked, lexlint checks once, and the
// annotations (at most 10 of each level), the step summary (every
// finding) and the SARIF log come from that run; the action fails at
// fail-on only after writing them, and uploads SARIF only when asked.
func TestGitHubAction(t *testing.T) {
	a := readAction(t)
	path := noGoPath(t)
	rel := testRelease(t)
	t.Run("run", func(t *testing.T) { testActionRun(t, a, rel, path) })
	t.Run("install fails", func(t *testing.T) { testActionInstallFails(t, a, rel, path) })
	t.Run("options", func(t *testing.T) { testActionOptions(t, a, rel, path) })
}

func testActionRun(t *testing.T, a *action, rel release, path string) {
	wd, _ := os.Getwd()
	r := newRunner(t, a, wd)
	r.path = path
	r.inputs["version"] = "v" + rel.version
	r.inputs["release-url"] = serveRelease(t, rel, nil)
	r.inputs["paths"], r.inputs["fail-on"] = "examples/", "warning"
	r.inputs["sarif-file"] = filepath.Join(r.temp, "out.sarif")
	if r.run(a) {
		t.Fatalf("the action passed; the examples have warnings: %+v", r.ran)
	}
	install := r.step("Install lexlint")
	if install == nil || install.code != 0 || !strings.Contains(install.output, "lexlint v"+rel.version) {
		t.Fatalf("install: %+v", install)
	}
	check := r.step("Check")
	if check == nil || check.code != 0 || r.outputs["check"]["exit-code"] != "1" {
		t.Fatalf("check: %+v %v", check, r.outputs["check"])
	}
	ann := r.step("Annotate")
	levels := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(ann.output), "\n") {
		if strings.HasPrefix(line, "::") {
			levels[strings.SplitN(line, " ", 2)[0]]++
		}
	}
	// The examples hold more than 10 errors and notices (capped at 10 each,
	// GitHub's limit per step) and fewer warnings (all shown).
	if levels["::error"] != 10 || levels["::warning"] == 0 || levels["::warning"] > 10 || levels["::notice"] != 10 ||
		!strings.Contains(ann.output, "::warning file=examples/drafts/refund-en.txt,line=5,col=33,") {
		t.Errorf("annotations %v:\n%s", levels, ann.output)
	}
	sarif, err := os.ReadFile(r.inputs["sarif-file"])
	if err != nil || !strings.Contains(string(sarif), `"ruleId":"en.rigid.company-policy"`) || !strings.Contains(string(sarif), `"version": "v`+rel.version) {
		t.Errorf("the SARIF log %v:\n%.300s", err, sarif)
	}
	results := strings.Count(string(sarif), `{"ruleId":`)
	summary, _ := os.ReadFile(r.summary)
	if rows := strings.Count(string(summary), "\n| examples/"); rows != results || results <= 30 ||
		!strings.Contains(string(summary), "GitHub shows at most 10 annotations of each level per step") {
		t.Errorf("%d results, %d summary rows:\n%.800s", results, rows, summary)
	}
	if res := r.step("Result"); res == nil || res.code != 1 {
		t.Errorf("result: %+v", res)
	}
	if r.step("Upload SARIF") != nil {
		t.Error("SARIF was uploaded without upload-sarif")
	}
}

// testActionInstallFails checks that a failed install says why and
// stops the action: a checksum that does not match, an empty version, a
// version with no release, install: go without Go.
func testActionInstallFails(t *testing.T, a *action, rel release, path string) {
	archive := fmt.Sprintf("lexlint_%s_%s_%s.tar.gz", rel.version, runtime.GOOS, runtime.GOARCH)
	tampered := serveRelease(t, rel, map[string]string{"checksums.txt": strings.Repeat("ab", 32) + "  " + archive + "\n"})
	tests := []struct {
		name   string
		inputs map[string]string
		want   string
	}{
		{"checksum", map[string]string{"version": "v" + rel.version, "release-url": tampered}, "but checksums.txt says abab"},
		{"empty version", map[string]string{"version": ""}, "the version input is empty"},
		{"no release", map[string]string{"version": "v9.9.9", "release-url": tampered}, "is v9.9.9 a lexlint release?"},
		{"go without go", map[string]string{"install": "go"}, "install: go needs Go on the PATH"},
	}
	wd, _ := os.Getwd()
	for _, tt := range tests {
		r := newRunner(t, a, wd)
		r.path = path
		for k, v := range tt.inputs {
			r.inputs[k] = v
		}
		if r.run(a) {
			t.Errorf("%s: the action passed", tt.name)
			continue
		}
		if len(r.ran) != 1 || r.ran[0].code == 0 || !strings.Contains(r.ran[0].output, tt.want) {
			t.Errorf("%s: want only the install step, failing with %q; ran %+v", tt.name, tt.want, r.ran)
		}
	}
}

// testActionOptions checks working-directory (annotations and SARIF
// name files from the repository root), the upload (skipped with a notice
// on a pull request from a fork) and install: go with the job's own Go.
func testActionOptions(t *testing.T, a *action, rel release, path string) {
	wd, _ := os.Getwd()
	url := serveRelease(t, rel, nil)
	for _, fork := range []bool{false, true} {
		r := newRunner(t, a, wd)
		r.path = path
		r.inputs["version"], r.inputs["release-url"] = "v"+rel.version, url
		r.inputs["working-directory"], r.inputs["paths"], r.inputs["input"] = "examples", "macros/", "macros"
		r.inputs["upload-sarif"], r.inputs["fail-on"] = "true", "none"
		r.inputs["sarif-file"] = filepath.Join(r.temp, "out.sarif")
		r.github["event_name"] = "pull_request"
		r.github["event.pull_request.head.repo.full_name"] = "acme/support"
		if fork {
			r.github["event.pull_request.head.repo.full_name"] = "someone/support"
		}
		if !r.run(a) {
			t.Fatalf("fork %v: the action failed at fail-on none: %+v", fork, r.ran)
		}
		if ann := r.step("Annotate"); !strings.Contains(ann.output, "::warning file=examples/macros/returns.yaml,line=19") {
			t.Errorf("working-directory: annotations\n%s", ann.output)
		}
		sarif, _ := os.ReadFile(r.inputs["sarif-file"])
		if !strings.Contains(string(sarif), `"uri":"examples/macros/returns.yaml"`) || !strings.Contains(string(sarif), `"%SRCROOT%": {"uri": "file://`) {
			t.Errorf("working-directory: SARIF\n%.400s", sarif)
		}
		up := r.step("Upload SARIF")
		switch {
		case fork && (up != nil || !strings.Contains(r.step("Decide on the SARIF upload").output, "not uploading SARIF: a pull request from the fork someone/support")):
			t.Errorf("fork: upload %+v", up)
		case !fork && (up == nil || up.with["sarif_file"] != r.inputs["sarif-file"]):
			t.Errorf("same repository: upload %+v", up)
		}
	}
	// install: go runs the Go on the PATH (here one that records what it
	// is asked) and installs into the action's own folder.
	bin := t.TempDir()
	goLog := filepath.Join(bin, "go.log")
	fakeGo := "#!/bin/sh\necho \"GOBIN=$GOBIN $*\" >> " + goLog + "\nmkdir -p \"$GOBIN\" && printf '#!/bin/sh\\necho lexlint fake\\n' > \"$GOBIN/lexlint\" && chmod +x \"$GOBIN/lexlint\"\n"
	if err := os.WriteFile(filepath.Join(bin, "go"), []byte(fakeGo), 0o755); err != nil {
		t.Fatal(err)
	}
	r := newRunner(t, a, wd)
	r.path = bin + ":" + path
	r.inputs["install"], r.inputs["version"] = "go", "v1.2.3"
	r.inputs["sarif-file"] = filepath.Join(r.temp, "out.sarif")
	r.run(a)
	logged, _ := os.ReadFile(goLog)
	if want := "GOBIN=" + filepath.Join(r.temp, "lexlint-v1.2.3") + " install github.com/lexlint/lexlint/cmd/lexlint@v1.2.3\n"; string(logged) != want {
		t.Errorf("go was asked %q, want %q", logged, want)
	}
}

// TestVersionStory keeps one version everywhere a user reads one: the
// Action's version input and its header, the README's uses: and rev:
// pins, the pre-commit hooks' example, this release's documentation and
// the VS Code client's package.json. Bump them together, in the commit
// that is tagged.
func TestVersionStory(t *testing.T) {
	a := readAction(t)
	want := a.Inputs["version"].Default
	if !regexp.MustCompile(`^v\d+\.\d+\.\d+$`).MatchString(want) {
		t.Fatalf("action.yml's version default %q is not a release tag vX.Y.Z", want)
	}
	pins := regexp.MustCompile("lexlint(?:/cmd/lexlint)?@(v[0-9][^\\s\"'#`,]*)|\\brev: (v[0-9][^\\s\"'#`,]*)|\\*\\*(v\\d+\\.\\d+\\.\\d+)\\*\\*")
	for _, file := range []string{"action.yml", "README.md", ".pre-commit-hooks.yaml", "docs/releases.md", "examples/ci/github-actions.yml"} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		found := 0
		for _, m := range pins.FindAllStringSubmatch(string(data), -1) {
			found++
			if got := m[1] + m[2] + m[3]; got != want {
				t.Errorf("%s pins %s, action.yml's version is %s", file, got, want)
			}
		}
		if found == 0 {
			t.Errorf("%s names no version", file)
		}
	}
	var pkg struct{ Version string }
	data, err := os.ReadFile("editors/vscode/package.json")
	if err != nil || json.Unmarshal(data, &pkg) != nil {
		t.Fatalf("editors/vscode/package.json: %v", err)
	}
	if "v"+pkg.Version != want {
		t.Errorf("the VS Code client is %s, action.yml's version is %s", pkg.Version, want)
	}
}
