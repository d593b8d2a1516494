package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// hubTimeout bounds one ping when PingHub is given no client.
const hubTimeout = 30 * time.Second

var defaultHubClient = &http.Client{Timeout: hubTimeout}

// PingHub tells the WebSub hub at hub that each of topics, the self URLs
// of feeds that advertise the hub, has new content, so that the hub
// fetches it and pushes it to subscribers. Each topic is one form-encoded
// POST (hub.mode=publish&hub.url=<topic>), the publish convention hubs
// share; any 2xx answer is success. Every topic is tried; the error joins
// the failures, each naming its topic. client nil means a client with a
// 30s timeout.
func PingHub(ctx context.Context, client *http.Client, hub string, topics []string) error {
	if len(topics) == 0 {
		return nil
	}
	if u, err := url.Parse(hub); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("ping hub %q: not an http(s) URL", hub)
	}
	if client == nil {
		client = defaultHubClient
	}
	var errs []error
	for _, topic := range topics {
		if err := ctx.Err(); err != nil {
			errs = append(errs, fmt.Errorf("ping hub %s for %s: %w", hub, topic, err))
			break
		}
		if err := pingOne(ctx, client, hub, topic); err != nil {
			errs = append(errs, fmt.Errorf("ping hub %s for %s: %w", hub, topic, err))
		}
	}
	return errors.Join(errs...)
}

func pingOne(ctx context.Context, client *http.Client, hub, topic string) error {
	form := url.Values{"hub.mode": {"publish"}, "hub.url": {topic}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hub, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // so the connection is reused
	if resp.StatusCode/100 != 2 {
		if m := strings.TrimSpace(string(msg)); m != "" {
			return fmt.Errorf("hub answered %s: %s", resp.Status, m)
		}
		return fmt.Errorf("hub answered %s", resp.Status)
	}
	return nil
}
