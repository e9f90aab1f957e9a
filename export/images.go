package export

import (
	"bytes"
	"fmt"
	"image/png"
	"path"
	"strings"

	"github.com/commonplace/commonplace/interchange"
	"golang.org/x/image/webp"
)

// epubImageTypes are the image types every EPUB 3.2 reader must show. WebP came only with
// EPUB 3.3, so WebP pictures are converted to PNG for EPUB (epubcheck 4 refuses them otherwise).
var epubImageTypes = map[string]string{
	"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/svg+xml": ".svg",
}

// forEPUB returns the documents with their images in EPUB core types: WebP converted to PNG,
// anything else unreadable dropped (the text then shows its description).
func forEPUB(docs []interchange.Document) ([]interchange.Document, error) {
	out := make([]interchange.Document, len(docs))
	for d := range docs {
		out[d] = docs[d]
		out[d].Images = nil
		for _, img := range docs[d].Images {
			switch {
			case epubImageTypes[img.MediaType] != "":
				out[d].Images = append(out[d].Images, img)
			case img.MediaType == "image/webp":
				m, err := webp.Decode(bytes.NewReader(img.Data))
				if err != nil {
					continue // undecodable: left out, its alt text stays
				}
				var b bytes.Buffer
				if err := png.Encode(&b, m); err != nil {
					return nil, fmt.Errorf("convert %s to png: %w", img.Name, err)
				}
				// Keep the name the text refers to; the package path gets the new extension.
				img.MediaType, img.Data = "image/png", b.Bytes()
				out[d].Images = append(out[d].Images, img)
			}
		}
	}
	return out, nil
}

// packagedName is an image's file name inside a package, with the extension of its type.
func packagedName(img *interchange.Image) string {
	ext := epubImageTypes[img.MediaType]
	if ext == "" || strings.EqualFold(path.Ext(img.Name), ext) || (ext == ".jpg" && strings.EqualFold(path.Ext(img.Name), ".jpeg")) {
		return img.Name
	}
	return strings.TrimSuffix(img.Name, path.Ext(img.Name)) + ext
}
