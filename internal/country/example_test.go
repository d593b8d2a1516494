package country_test

import (
	"fmt"

	"github.com/gleanerhq/gleaner/internal/country"
)

func ExampleTag() {
	d := country.Doc{
		Title: "Nigeria: church burned and pastor abducted in Niger State",
		Text: "KADUNA, Nigeria (Partner News) – Gunmen attacked a village church in Niger State.\n\n" +
			"Chad Williams, our West Africa director, said families had fled toward Cameroon.",
		Language: "en",
	}
	for _, code := range country.Tag(d) {
		fmt.Println(code, country.Name(code))
	}
	// Output: NG Nigeria
}

func ExampleName() {
	fmt.Println(country.Name("KP"))
	fmt.Println(country.Name("CI"))
	// Output:
	// North Korea
	// Côte d'Ivoire
}
