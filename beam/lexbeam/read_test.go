package lexbeam

import (
	"bufio"
	"io"
	"strings"
	"testing"
)

// TestSparse: the lines of a few conversations come out at their own
// line numbers, as eachLine numbers the lines of the whole file.
func TestSparse(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines []Line
		want  string
	}{
		{"none", nil, ""},
		{"first", []Line{{1, "a"}}, "a\n"},
		{"gaps", []Line{{2, "b"}, {5, "e"}}, "\nb\n\n\ne\n"},
		{"far", []Line{{200000, "z"}}, strings.Repeat("\n", 199999) + "z\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data, err := io.ReadAll(&sparse{lines: tc.lines, next: 1})
			if err != nil || string(data) != tc.want {
				t.Fatalf("got %q (%v), want %q", data, err, tc.want)
			}
			var got []Line
			eachLine(bufio.NewReader(strings.NewReader(string(data))), func(n int, line []byte) error {
				if len(line) > 0 {
					got = append(got, Line{n, string(line)})
				}
				return nil
			})
			if len(got) != len(tc.lines) {
				t.Fatalf("read back %v, want %v", got, tc.lines)
			}
			for i := range got {
				if got[i] != tc.lines[i] {
					t.Fatalf("read back %v, want %v", got, tc.lines)
				}
			}
		})
	}
}

// TestEachLine numbers lines as lexlint's JSONL reader does: CRLF and a
// last line without its newline.
func TestEachLine(t *testing.T) {
	var got []string
	eachLine(bufio.NewReader(strings.NewReader("a\r\n\nc")), func(n int, line []byte) error {
		got = append(got, string(rune('0'+n))+":"+string(line))
		return nil
	})
	if strings.Join(got, " ") != "1:a 2: 3:c" {
		t.Errorf("got %q", got)
	}
}
