package sanitize_test

import (
	"fmt"

	"github.com/gleanerhq/gleaner/internal/sanitize"
)

func ExampleHTML() {
	fmt.Println(sanitize.HTML(`<p onclick="steal()">Pray for <a href="/nigeria">Nigeria</a><script>x()</script></p>`,
		"https://partner.example/news/story.html"))
	// Output:
	// <p>Pray for <a href="https://partner.example/nigeria" rel="noopener noreferrer nofollow">Nigeria</a></p>
}

func ExampleNew() {
	s := sanitize.New(sanitize.Options{VideoHosts: []string{"www.youtube-nocookie.com"}})
	fmt.Println(s.HTML(`<iframe src="https://www.youtube-nocookie.com/embed/abc" allowfullscreen></iframe>`, ""))
	// Output:
	// <iframe src="https://www.youtube-nocookie.com/embed/abc" allowfullscreen="" sandbox="allow-scripts allow-same-origin allow-presentation"></iframe>
}
