//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestFixKeepsLinksAndOwners checks that --fix rewrites a symbolic link's
// target and keeps the link, refuses a file with other hard links (naming
// it, fixing the other files, exit 2), and keeps a file's owner and group.
func TestFixKeepsLinksAndOwners(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("testdata/input/fixable.txt")
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, src, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	target, linked, plain := write("target.txt"), write("linked.txt"), write("plain.txt")
	link := filepath.Join(dir, "link.txt")
	other := filepath.Join(dir, "other-name.txt")
	if err := os.Symlink("target.txt", link); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(linked, other); err != nil {
		t.Fatal(err)
	}
	owned := os.Getuid() == 0
	if owned {
		if err := os.Chown(plain, 1234, 5678); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut := lexlint(t, "", "check", "--fix", "--fail-on", "none", "--lang", "en", link, linked, plain)
	if code != 2 || !strings.Contains(errOut, "linked.txt: the file has other hard links") {
		t.Fatalf("exit %d, stderr: %s", code, errOut)
	}
	if !strings.Contains(out, "linked.txt") {
		t.Errorf("the findings of the file not fixed are not reported:\n%s", out)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", fi.Mode(), err)
	}
	want, _ := os.ReadFile("testdata/golden/fixed.txt")
	for _, p := range []string{target, plain} {
		if got, _ := os.ReadFile(p); string(got) != string(want) {
			t.Errorf("%s not fixed:\n%s", p, got)
		}
	}
	for _, p := range []string{linked, other} {
		if got, _ := os.ReadFile(p); string(got) != string(src) {
			t.Errorf("%s changed although it has two names", p)
		}
	}
	if owned {
		fi, _ := os.Stat(plain)
		if st := fi.Sys().(*syscall.Stat_t); st.Uid != 1234 || st.Gid != 5678 {
			t.Errorf("owner %d:%d, want 1234:5678", st.Uid, st.Gid)
		}
	}
}

// TestFixWriteError checks that a file that cannot be written (here in an
// immutable directory, which stops root too) is reported, the other files
// are still fixed and every file's findings reported, and the exit status
// is 2.
func TestFixWriteError(t *testing.T) {
	src, err := os.ReadFile("testdata/input/fixable.txt")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	stuck := filepath.Join(dir, "stuck")
	if err := os.Mkdir(stuck, 0o755); err != nil {
		t.Fatal(err)
	}
	locked, free := filepath.Join(stuck, "locked.txt"), filepath.Join(dir, "free.txt")
	for _, p := range []string{locked, free} {
		if err := os.WriteFile(p, src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := exec.Command("chattr", "+i", stuck).CombinedOutput(); err != nil {
		t.Skipf("chattr +i is not available here: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", stuck).Run() })
	code, out, errOut := lexlint(t, "", "check", "--fix", "--fail-on", "none", "--lang", "en", locked, free)
	if code != 2 || !strings.Contains(errOut, "not fixed: writing "+locked) {
		t.Fatalf("exit %d, stderr: %s", code, errOut)
	}
	if !strings.Contains(out, "locked.txt") {
		t.Errorf("the findings of the file not written are not reported:\n%s", out)
	}
	want, _ := os.ReadFile("testdata/golden/fixed.txt")
	if got, _ := os.ReadFile(free); string(got) != string(want) {
		t.Errorf("the other file was not fixed:\n%s", got)
	}
	if got, _ := os.ReadFile(locked); string(got) != string(src) {
		t.Errorf("the locked file changed")
	}
}
