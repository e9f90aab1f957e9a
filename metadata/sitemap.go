package metadata

import (
	"encoding/xml"
	"fmt"
	"io"
	"time"
)

// SitemapURL is one page of a sitemap, with its translations as alternates.
type SitemapURL struct {
	Loc        string
	LastMod    time.Time
	Alternates []Alternate
}

// Alternate is the same content in another language (hreflang).
type Alternate struct {
	Lang string
	Href string
}

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	XHTML   string       `xml:"xmlns:xhtml,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string      `xml:"loc"`
	LastMod string      `xml:"lastmod,omitempty"`
	Links   []xhtmlLink `xml:"xhtml:link"`
}

type xhtmlLink struct {
	Rel      string `xml:"rel,attr"`
	HrefLang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// MaxSitemapURLs is the most URLs one sitemap file may list (sitemaps.org).
const MaxSitemapURLs = 50_000

// WriteSitemap writes a sitemaps.org urlset.
func WriteSitemap(w io.Writer, urls []SitemapURL) error {
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", XHTML: "http://www.w3.org/1999/xhtml"}
	for _, u := range urls {
		su := sitemapURL{Loc: u.Loc}
		if !u.LastMod.IsZero() {
			su.LastMod = u.LastMod.UTC().Format(time.RFC3339)
		}
		for _, a := range u.Alternates {
			su.Links = append(su.Links, xhtmlLink{Rel: "alternate", HrefLang: a.Lang, Href: a.Href})
		}
		set.URLs = append(set.URLs, su)
	}
	return writeXML(w, set)
}

type sitemapIndex struct {
	XMLName  xml.Name       `xml:"sitemapindex"`
	NS       string         `xml:"xmlns,attr"`
	Sitemaps []sitemapEntry `xml:"sitemap"`
}

type sitemapEntry struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// WriteSitemapIndex writes a sitemaps.org index of sitemap files.
func WriteSitemapIndex(w io.Writer, locs []string, lastMod time.Time) error {
	idx := sitemapIndex{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	for _, l := range locs {
		e := sitemapEntry{Loc: l}
		if !lastMod.IsZero() {
			e.LastMod = lastMod.UTC().Format(time.RFC3339)
		}
		idx.Sitemaps = append(idx.Sitemaps, e)
	}
	return writeXML(w, idx)
}

func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write XML: %w", err)
	}
	return enc.Close()
}
