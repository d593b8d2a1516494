package feed

import (
	"strings"

	"github.com/gleanerhq/gleaner/internal/model"
)

// people parses author strings as feeds write them (see parsePerson) and
// drops empty ones and repeats.
func people(raw ...string) []model.Person {
	var out []model.Person
	for _, s := range raw {
		out = appendPerson(out, parsePerson(s))
	}
	return out
}

// appendPerson tidies p and appends it unless it is empty or already in
// ps (same name and email, ignoring case). A structured person whose name
// holds an address ("Jane <jane@example.org>") is split as parsePerson does.
func appendPerson(ps []model.Person, p model.Person) []model.Person {
	p.Name = collapseSpace(p.Name)
	p.Email = strings.TrimPrefix(strings.TrimSpace(p.Email), "mailto:")
	p.URL = strings.TrimSpace(p.URL)
	if p.Email == "" && p.Name != "" {
		parsed := parsePerson(p.Name)
		p.Name, p.Email = parsed.Name, parsed.Email
	}
	if p == (model.Person{}) {
		return ps
	}
	for _, q := range ps {
		if strings.EqualFold(q.Name, p.Name) && strings.EqualFold(q.Email, p.Email) {
			return ps
		}
	}
	return append(ps, p)
}

// parsePerson reads one author string: "Name <email>", "email (Name)",
// "Name (email)", a bare address, or a bare name.
func parsePerson(s string) model.Person {
	s = collapseSpace(s)
	if s == "" {
		return model.Person{}
	}
	if strings.HasSuffix(s, ">") {
		if i := strings.LastIndexByte(s, '<'); i >= 0 {
			if email := strings.TrimSpace(s[i+1 : len(s)-1]); isEmail(email) {
				return model.Person{Name: trimName(s[:i]), Email: email}
			}
		}
	}
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndexByte(s, '('); i > 0 {
			outer, inner := strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:len(s)-1])
			switch {
			case isEmail(outer) && !isEmail(inner):
				return model.Person{Name: trimName(inner), Email: outer}
			case isEmail(inner) && !isEmail(outer):
				return model.Person{Name: trimName(outer), Email: inner}
			}
		}
	}
	if e := strings.TrimPrefix(s, "mailto:"); isEmail(e) {
		return model.Person{Email: e}
	}
	return model.Person{Name: s}
}

// trimName drops the spaces and quotes around a display name.
func trimName(s string) string {
	return strings.Trim(strings.TrimSpace(s), `"' `)
}

// isEmail reports whether s is shaped like a bare address: one '@' with
// text on both sides and no spaces or brackets.
func isEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	return at > 0 && at < len(s)-1 && strings.Count(s, "@") == 1 && !strings.ContainsAny(s, " <>()\"")
}
