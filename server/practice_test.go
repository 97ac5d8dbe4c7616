package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/lexlint/lexlint/internal/browser"
	"github.com/lexlint/lexlint/lexicon"
	"github.com/lexlint/lexlint/practice"
)

// testQuiz makes a quiz of the built-in English lexicon and a desk
// sentence that looks like markup, which must show as text.
func testQuiz(t *testing.T, eng *Engine, items int, cert bool) *practice.Quiz {
	t.Helper()
	q, err := practice.Make(context.Background(), eng.Linter, eng.Lexicons, practice.MakeOptions{Language: "en", Items: items,
		Certification: cert, PassMark: 0.8, Now: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		Desk: []string{`You should have checked the <b>invoice</b> & <img src=x onerror=alert(1)> before you paid.`}})
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func post(t *testing.T, url, body string) (int, map[string]any) {
	t.Helper()
	res, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	var out map[string]any
	json.Unmarshal(data, &out)
	return res.StatusCode, out
}

// TestPracticeAPI: a rewrite is judged, nonsense is not accepted, and a
// tampered or malformed quiz, or a practice quiz sent for certification, is
// refused with what is wrong.
func TestPracticeAPI(t *testing.T) {
	eng := engine(t, lexicon.BuiltinRefs()...)
	srv := httptest.NewServer(New(eng, Config{}))
	defer srv.Close()
	for answer, want := range map[string]bool{
		"ok": false, "": false,
		"We refund within 30 days; what I can do for you now is start the refund of your order.": true,
	} {
		body, _ := json.Marshal(JudgeRequest{Lang: "en", Text: "That's company policy, refunds take 30 days for your order.", Answer: answer})
		code, v := post(t, srv.URL+"/v1/practice/judge", string(body))
		if code != 200 || v["accepted"] != want {
			t.Errorf("judge %q: %d %v", answer, code, v)
		}
	}
	q := testQuiz(t, eng, 6, false)
	var buf bytes.Buffer
	practice.WriteQuiz(&buf, q)
	if code, v := post(t, srv.URL+"/v1/practice/open", buf.String()); code != 200 || v["digest"] != q.Digest {
		t.Errorf("open: %d %v", code, v)
	}
	tampered := strings.Replace(buf.String(), `"answer": 1`, `"answer": 0`, 1)
	for body, want := range map[string]string{
		tampered:                       "changed after it was made",
		`{"format": "lexlint-quiz/1",`: "ends early",
		`[]`:                           "should be a JSON object",
	} {
		if code, v := post(t, srv.URL+"/v1/practice/open", body); code != 400 || !strings.Contains(fmt.Sprint(v["error"]), want) {
			t.Errorf("open %.40q: %d %v; want %q", body, code, v, want)
		}
	}
	cert, _ := json.Marshal(map[string]any{"quiz": json.RawMessage(buf.String()), "agent": "Sanne", "answers": []any{}})
	if code, v := post(t, srv.URL+"/v1/practice/certify", string(cert)); code != 400 || !strings.Contains(fmt.Sprint(v["error"]), "--certification") {
		t.Errorf("certify a practice quiz: %d %v", code, v)
	}
	res, err := http.Get(srv.URL + "/v1/practice/quiz?lang=nl")
	if err != nil {
		t.Fatal(err)
	}
	var nl practice.Quiz
	json.NewDecoder(res.Body).Decode(&nl)
	res.Body.Close()
	if nl.Language != "nl" || len(nl.Items) < 20 || nl.Check() != nil {
		t.Errorf("the Dutch quiz from the lexicons: %s, %d items, %v", nl.Language, len(nl.Items), nl.Check())
	}
}

// page is what the test reads of the practice page.
type page struct {
	Kind, ID, Counter, Feedback, Model, Why, Sentence string
	Children                                          int
}

const readPage = `(() => { const q = (s) => document.querySelector(s); const t = (s) => q(s) ? q(s).textContent : "";
	return {kind: q("#item").dataset.kind || "", id: q("#item").dataset.id || "", counter: t("#counter"),
	feedback: q("#feedback").hidden ? "" : q("#feedback").className, model: t("#feedback .model"), why: t("#feedback .why"),
	sentence: t("#sentence") + [...document.querySelectorAll("#options button")].map((b) => b.textContent).join("\n"),
	children: q("#sentence").children.length + [...document.querySelectorAll("#options button")].reduce((n, b) => n + b.children.length, 0)}; })()`

// answer answers the shown item right or wrong; in a Spot it item, after
// the right reply (or any, in a test), it marks the wording's words (or,
// answering wrong, none).
func answer(t *testing.T, ctx context.Context, it *practice.Item, right, cert bool) {
	t.Helper()
	var err error
	switch it.Kind {
	case practice.KindRewrite:
		text := "ok"
		if right {
			text = it.Model
		}
		err = chromedp.Do(ctx, chromedp.SetValue("#answer", text), chromedp.Click("#submit"))
	default:
		i := it.Answer
		if !right {
			i = (i + 1) % len(it.Options)
		}
		err = chromedp.Do(ctx, chromedp.Click(fmt.Sprintf(`#options button[data-i="%d"]`, i)))
		if err == nil && it.Kind == practice.KindSpot && (right || cert) {
			want, _ := json.Marshal(strings.Fields(strings.ToLower(strings.NewReplacer(",", " ", ".", " ", "!", " ", "?", " ").Replace(it.Words))))
			if !right {
				want = []byte("[]")
			}
			mark := chromedp.Evaluate[bool](fmt.Sprintf(`(() => { const want = %s;
				document.querySelectorAll("#words button.word").forEach((b) => { if (want.includes(b.textContent.toLowerCase())) b.click(); });
				return true; })()`, want))
			err = chromedp.Do(ctx, chromedp.WaitVisible("#words-check"), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := mark(ctx, tg)
				return err
			}), chromedp.Click("#words-check"))
		}
	}
	if err != nil {
		t.Fatal(err)
	}
}

func waitPage(t *testing.T, ctx context.Context, cond string) page {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("waiting for %s: %v", cond, err)
	}
	p, err := chromedp.Run(ctx, chromedp.Evaluate[page](readPage))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestPracticeInBrowser runs a session in Chromium: a wrong answer shows
// why and the model answer, a right one says so, a reload resumes the
// session with the Leitner boxes kept, quiz text shows as text, and the
// session ends with a score per category.
func TestPracticeInBrowser(t *testing.T) {
	eng := engine(t, lexicon.BuiltinRefs()...)
	q := testQuiz(t, eng, 12, false)
	srv := httptest.NewServer(New(eng, Config{Quiz: q}))
	defer srv.Close()
	items := map[string]*practice.Item{}
	for _, it := range q.Items {
		items[it.ID] = it
	}
	ctx, consoleErrors := browser.Start(t, 1000, 1000)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/practice.html"), chromedp.WaitVisible("#begin"), chromedp.Click("#begin")); err != nil {
		t.Fatal(err)
	}
	markup := false
	see := func(p page) {
		if strings.Contains(p.Sentence, "<b>invoice</b> & <img src=x") {
			markup = p.Children == 0
		}
	}
	p := waitPage(t, ctx, `!document.getElementById("item").hidden`)
	see(p)
	first := items[p.ID]
	answer(t, ctx, first, false, false)
	p = waitPage(t, ctx, `!document.getElementById("feedback").hidden`)
	if p.Feedback != "wrong" || (first.Kind == practice.KindRewrite && p.Model != "A model answer: "+first.Model) || !strings.Contains(p.Why, first.Reason) {
		t.Errorf("wrong answer to %s: %+v", first.Kind, p)
	}
	screenshot(t, ctx, "practice-feedback.png")
	chromedp.Do(ctx, chromedp.Click("#next"))
	p = waitPage(t, ctx, `document.getElementById("feedback").hidden`)
	see(p)
	second := items[p.ID]
	answer(t, ctx, second, true, false)
	if p = waitPage(t, ctx, `!document.getElementById("feedback").hidden`); p.Feedback != "right" {
		t.Errorf("right answer to %s: %+v", second.Kind, p)
	}
	// Reload: the session resumes at its third item, the boxes kept.
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	p = waitPage(t, ctx, `!document.getElementById("item").hidden && document.getElementById("counter").textContent !== ""`)
	boxes, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](fmt.Sprintf(`JSON.parse(localStorage.getItem("lexlint-practice:%s")).boxes`, q.Digest)))
	if err != nil {
		t.Fatal(err)
	}
	box := func(id string) float64 { m, _ := boxes[id].(map[string]any); v, _ := m["box"].(float64); return v }
	if p.Counter != "3 of 12" || box(first.ID) != 1 || box(second.ID) != 2 {
		t.Errorf("after reload: at %q, boxes %v", p.Counter, boxes)
	}
	for range 10 {
		see(p)
		it := items[p.ID]
		answer(t, ctx, it, true, false)
		waitPage(t, ctx, `!document.getElementById("feedback").hidden || !document.getElementById("end").hidden`)
		chromedp.Do(ctx, chromedp.Click("#next"))
		p = waitPage(t, ctx, `(document.getElementById("feedback").hidden && !document.getElementById("item").hidden) || !document.getElementById("end").hidden`)
	}
	total, err := chromedp.Run(ctx, chromedp.Text("#total"))
	if err != nil || total != "11 of 12 right." {
		t.Errorf("total %q (%v)", total, err)
	}
	rows, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#scores tbody tr").length`))
	if rows < 4 {
		t.Errorf("%d categories scored", rows)
	}
	if !markup {
		t.Error("the desk sentence with markup was not shown as text in this session")
	}
	if errs := consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
	screenshot(t, ctx, "practice-end.png")
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	if browser.Artifacts() != "" {
		shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		browser.Keep(t, name, shot)
	}
}

// TestCertificationInBrowser takes a certification quiz in Chromium with
// the right answers: the server grades and signs the result, the page says
// passed, and the result it offers for download checks out with the key.
func TestCertificationInBrowser(t *testing.T) {
	eng := engine(t, lexicon.BuiltinRefs()...)
	q := testQuiz(t, eng, 6, true)
	key := []byte("team key")
	srv := httptest.NewServer(New(eng, Config{Quiz: q, PracticeKey: key}))
	defer srv.Close()
	ctx, consoleErrors := browser.Start(t, 1000, 900)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/practice.html"), chromedp.WaitVisible("#agent"),
		chromedp.SendKeys("#agent", "Sanne"), chromedp.Click("#begin")); err != nil {
		t.Fatal(err)
	}
	for i := range q.Items {
		p := waitPage(t, ctx, fmt.Sprintf(`!document.getElementById("item").hidden && document.getElementById("counter").textContent === "%d of 6"`, i+1))
		it := q.Items[i]
		if p.ID != it.ID {
			t.Fatalf("item %d is %s, want %s", i+1, p.ID, it.ID)
		}
		right := i != 0 // one wrong of six: 5/6 = 83% passes a pass mark of 80%
		answer(t, ctx, it, right, true)
	}
	waitPage(t, ctx, `!document.getElementById("certificate").hidden`)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](`({verdict: document.getElementById("verdict").textContent,
		cls: document.getElementById("verdict").className, result: document.getElementById("certificate").dataset.result})`))
	if err != nil {
		t.Fatal(err)
	}
	r, err := practice.ReadResult(strings.NewReader(got["result"]), "result.json", key)
	if err != nil {
		t.Fatal(err)
	}
	if got["cls"] != "passed" || !strings.HasPrefix(got["verdict"], "Passed: 83%") || !r.Passed || r.Points != 5 || r.Agent != "Sanne" || r.QuizDigest != q.Digest {
		t.Errorf("verdict %q (%s), result %+v", got["verdict"], got["cls"], r)
	}
	if errs := consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
	screenshot(t, ctx, "practice-certificate.png")
	// This server certifies with its own quiz only.
	var buf bytes.Buffer
	practice.WriteQuiz(&buf, testQuiz(t, eng, 3, true))
	body, _ := json.Marshal(map[string]any{"quiz": json.RawMessage(buf.String()), "agent": "Sanne", "answers": []any{}})
	if code, v := post(t, srv.URL+"/v1/practice/certify", string(body)); code != 400 || !strings.Contains(fmt.Sprint(v["error"]), "certifies with the quiz") {
		t.Errorf("certify with another quiz: %d %v", code, v)
	}
}

// TestPracticeDutchInBrowser: without --quiz the page gets a quiz made
// from the lexicons, in the language asked, with Dutch interface texts.
func TestPracticeDutchInBrowser(t *testing.T) {
	srv := httptest.NewServer(New(engine(t, lexicon.BuiltinRefs()...), Config{}))
	defer srv.Close()
	ctx, consoleErrors := browser.Start(t, 1000, 800)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/practice.html?lang=nl"), chromedp.WaitVisible("#begin"), chromedp.Click("#begin")); err != nil {
		t.Fatal(err)
	}
	waitPage(t, ctx, `!document.getElementById("item").hidden`)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](`({lang: document.documentElement.lang, title: document.getElementById("title").textContent,
		counter: document.getElementById("counter").textContent, prompt: document.getElementById("prompt").textContent})`))
	if err != nil {
		t.Fatal(err)
	}
	if got["lang"] != "nl" || got["title"] != "Oefenen met servicetaal" || !strings.HasPrefix(got["counter"], "1 van 20") ||
		!strings.Contains(got["prompt"], "Herschrijf deze zin") {
		t.Errorf("Dutch page: %v", got)
	}
	if errs := consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}
