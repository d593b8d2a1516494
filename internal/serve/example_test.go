package serve_test

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"

	"github.com/gleanerhq/gleaner/internal/serve"
)

func ExampleNew() {
	dir, _ := os.MkdirTemp("", "output")
	defer os.RemoveAll(dir)
	_ = os.WriteFile(filepath.Join(dir, "all.json"), []byte(`{"version": "https://jsonfeed.org/version/1.1", "items": []}`), 0o644)

	h, err := serve.New(dir, serve.Options{AllowedOrigins: []string{"https://partner.example"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := httptest.NewRequest("GET", "/all.json", nil)
	r.Header.Set("Origin", "https://partner.example")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	fmt.Println(w.Code, w.Header().Get("Content-Type"))
	fmt.Println(w.Header().Get("Access-Control-Allow-Origin"), w.Header().Get("Cache-Control"))

	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/../etc/passwd", nil))
	fmt.Println(w.Code)
	// Output:
	// 200 application/feed+json; charset=utf-8
	// https://partner.example public, max-age=300
	// 400
}
