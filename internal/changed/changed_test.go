package changed

import (
	"slices"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	diff := `diff --git a/replies/refund.txt b/replies/refund.txt
index 1111111..2222222 100644
--- a/replies/refund.txt
+++ b/replies/refund.txt
@@ -1,4 +1,5 @@
 Hi Sam,
-That is policy.
+That's company policy.
+No problem!
 Kind regards,
 Jo
@@ -10,0 +12,2 @@ Jo
+PS: calm down.
+
diff --git a/old.txt b/old.txt
deleted file mode 100644
--- a/old.txt
+++ /dev/null
@@ -1 +0,0 @@
-gone
diff --git "a/my reply \303\251.md" "b/my reply \303\251.md"
--- "a/my reply \303\251.md"
+++ "b/my reply \303\251.md"
@@ -3 +3 @@
-a
+b
--- a/plain diff.txt	2026-12-04 10:00:00
+++ b/plain diff.txt	2026-12-04 10:01:00
@@ -0,0 +1 @@
+new
`
	l, err := Parse(strings.NewReader(diff))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]int{
		"replies/refund.txt": {2, 3, 12, 13},
		"my reply é.md":      {3},
		"plain diff.txt":     {1},
	}
	if len(l.files) != len(want) {
		t.Errorf("files %v", l.files)
	}
	for name, lines := range want {
		f := l.files[name]
		if f == nil {
			t.Errorf("%s: not in the change", name)
			continue
		}
		var got []int
		for n := range f.lines {
			got = append(got, n)
		}
		slices.Sort(got)
		if !slices.Equal(got, lines) {
			t.Errorf("%s: lines %v, want %v", name, got, lines)
		}
	}
	dir := "/w"
	for _, tt := range []struct {
		path     string
		from, to int
		want     bool
	}{
		{"/w/replies/refund.txt", 2, 2, true},
		{"/w/replies/refund.txt", 1, 1, false},
		{"/w/replies/refund.txt", 4, 12, true},
		{"/w/replies/refund.txt", 5, 11, false},
		{"/w/old.txt", 1, 1, false},
		{"/w/elsewhere.txt", 1, 1, false},
	} {
		if got := l.Any(dir, tt.path, tt.from, tt.to); got != tt.want {
			t.Errorf("%s %d-%d: %v, want %v", tt.path, tt.from, tt.to, got, tt.want)
		}
	}
	if _, err := Parse(strings.NewReader("+++ b/x\n@@ broken @@\n")); err == nil {
		t.Error("a bad hunk header parsed")
	}
}
