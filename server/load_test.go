package server

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lexlint/lexlint/lexicon"
)

// BenchmarkServeLoad sends 10,000 checks of a 1 KB draft, 32 at a time,
// over loopback, and reports the p50 and p99 latency and requests/s. The
// count and the time are bounded; nothing leaves this machine.
func BenchmarkServeLoad(b *testing.B) {
	srv := httptest.NewServer(New(engine(b, lexicon.BuiltinRefs()...), Config{MaxConcurrent: 64}))
	defer srv.Close()
	draft := strings.Repeat("Hi Sam, thanks for waiting. I'm sorry, but that's company policy: you must send the receipt first. ", 11)[:1024]
	body, _ := json.Marshal(CheckRequest{Text: draft})
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 32}, Timeout: 10 * time.Second}
	const requests, workers = 10000, 32
	for b.Loop() {
		latencies := make([]time.Duration, requests)
		next := make(chan int)
		var wg sync.WaitGroup
		var failed sync.Once
		start := time.Now()
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					t0 := time.Now()
					resp, err := client.Post(srv.URL+"/v1/check", "application/json", bytes.NewReader(body))
					if err != nil || resp.StatusCode != http.StatusOK {
						failed.Do(func() { b.Errorf("request %d: %v %v", i, err, resp) })
						if resp != nil {
							resp.Body.Close()
						}
						continue
					}
					if i == 0 { // check one answer; the rest are only read
						var out CheckResponse
						if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || len(out.Findings) == 0 {
							failed.Do(func() { b.Errorf("answer: %v %+v", err, out) })
						}
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					latencies[i] = time.Since(t0)
				}
			}()
		}
		for i := range requests {
			next <- i
		}
		close(next)
		wg.Wait()
		elapsed := time.Since(start)
		sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
		b.ReportMetric(float64(latencies[requests/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(latencies[requests*99/100].Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(requests)/elapsed.Seconds(), "req/s")
	}
}
