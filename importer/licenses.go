package importer

import (
	"strings"

	"github.com/commonplace/commonplace/license"
)

// licenseID recognises a licence as files name it: an SPDX id ("CC-BY-4.0"), a licence deed URL
// ("https://creativecommons.org/licenses/by/4.0/deed.es") or a short name ("CC BY 4.0").
// Anything else is returned as written, so the app can show it and treat it as unknown.
func licenseID(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if l, err := license.Lookup(s); err == nil {
		return l.ID
	}
	key := urlKey(s)
	for _, l := range license.All() {
		if strings.EqualFold(l.Name, s) || (l.URL != "" && urlKey(l.URL) == key) {
			return l.ID
		}
	}
	if l, err := license.Lookup(strings.ReplaceAll(s, " ", "-")); err == nil { // "CC BY-SA 4.0"
		return l.ID
	}
	return s
}

// urlKey compares licence URLs without scheme, "www.", a trailing slash or a deed page.
func urlKey(u string) string {
	u = strings.ToLower(strings.TrimSpace(u))
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	u = strings.TrimPrefix(u, "www.")
	if i := strings.Index(u, "/deed"); i >= 0 {
		u = u[:i]
	}
	if i := strings.Index(u, "/legalcode"); i >= 0 {
		u = u[:i]
	}
	return strings.TrimRight(u, "/")
}

// isKnownLicense reports whether id is a licence of the catalogue.
func isKnownLicense(id string) bool {
	_, err := license.Lookup(id)
	return err == nil
}
