package serve

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
)

// hub is a fake WebSub hub that records the pings it gets and fails the
// topics listed in fail.
type hub struct {
	mu     sync.Mutex
	topics []string
	fail   map[string]bool
}

func (h *hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		http.Error(w, "want a form POST", http.StatusBadRequest)
		return
	}
	if err := r.ParseForm(); err != nil || r.PostForm.Get("hub.mode") != "publish" || len(r.PostForm["hub.url"]) != 1 {
		http.Error(w, "want hub.mode=publish and one hub.url", http.StatusBadRequest)
		return
	}
	topic := r.PostForm.Get("hub.url")
	h.mu.Lock()
	h.topics = append(h.topics, topic)
	h.mu.Unlock()
	if h.fail[topic] {
		http.Error(w, "topic not found", http.StatusUnprocessableEntity)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (h *hub) got() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.topics)
}

func TestPingHub(t *testing.T) {
	fake := &hub{}
	srv := httptest.NewTLSServer(fake)
	defer srv.Close()
	topics := []string{"https://feeds.example.org/all.atom", "https://feeds.example.org/country/KP.json?x=1&y=2"}
	if err := PingHub(context.Background(), srv.Client(), srv.URL+"/hub", topics); err != nil {
		t.Fatal(err)
	}
	if got := fake.got(); !slices.Equal(got, topics) {
		t.Errorf("hub got %q, want %q", got, topics)
	}
}

func TestPingHubFailures(t *testing.T) {
	bad := "https://feeds.example.org/bad.rss"
	fake := &hub{fail: map[string]bool{bad: true}}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	topics := []string{"https://feeds.example.org/a.atom", bad, "https://feeds.example.org/c.json"}
	err := PingHub(context.Background(), srv.Client(), srv.URL, topics)
	if err == nil {
		t.Fatal("PingHub succeeded, want the failed topic reported")
	}
	if msg := err.Error(); !strings.Contains(msg, bad) || !strings.Contains(msg, "422") || !strings.Contains(msg, "topic not found") ||
		strings.Contains(msg, "a.atom") {
		t.Errorf("error = %q, want it to name %s, the status and the hub's message only", msg, bad)
	}
	if got := fake.got(); !slices.Equal(got, topics) {
		t.Errorf("hub got %q, want every topic tried: %q", got, topics)
	}
}

func TestPingHubNothingToDo(t *testing.T) {
	fake := &hub{}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	if err := PingHub(context.Background(), srv.Client(), srv.URL, nil); err != nil || len(fake.got()) != 0 {
		t.Errorf("PingHub(no topics) = %v with %d pings, want nil and none", err, len(fake.got()))
	}
}

func TestPingHubCancelled(t *testing.T) {
	fake := &hub{}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := PingHub(ctx, srv.Client(), srv.URL, []string{"https://feeds.example.org/a.atom", "https://feeds.example.org/b.atom"})
	if err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Errorf("PingHub(cancelled) = %v, want context canceled", err)
	}
	if len(fake.got()) != 0 {
		t.Errorf("hub was pinged after cancel")
	}
}

// TestPingHubSlowHub checks that a hub that does not answer is given up
// on when the context ends.
func TestPingHubSlowHub(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { cancel() }()
	if err := PingHub(ctx, srv.Client(), srv.URL, []string{"https://feeds.example.org/a.atom"}); err == nil {
		t.Errorf("PingHub to a hub that never answers succeeded")
	}
}

func TestPingHubBadURL(t *testing.T) {
	for _, hub := range []string{"", "hub.example", "ftp://hub.example/", "https://"} {
		if err := PingHub(context.Background(), nil, hub, []string{"https://feeds.example.org/a.atom"}); err == nil {
			t.Errorf("PingHub(%q) succeeded", hub)
		}
	}
}
