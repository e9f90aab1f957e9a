package a11ycheck

import (
	"path"
	"regexp"
	"strings"
)

// genericAlt are alt texts that only say "there is an image", in the languages covered.
var genericAlt = regexp.MustCompile(`^(?i:(an? |the |la |el |une? |l'|le |las |los |les |una? )?` +
	`(image|img|picture|pic|photo|photograph|graphic|figure|fig|icon|screenshot|screen shot|diagram|chart|logo|alt|alt text|placeholder|` +
	`imagen|foto|fotografía|figura|gráfico|icono|captura|captura de pantalla|diagrama|` +
	`photographie|illustration|icône|capture d'écran|schéma|graphique|` +
	`图片|图像|照片|插图|截图|صورة|رسم|شكل)` +
	`( ?[0-9]+)?)$`)

// fileLike matches alt texts that are a file name or a web address.
var fileLike = regexp.MustCompile(`(?i)^(\S+\.(png|jpe?g|gif|svg|webp|bmp|tiff?|avif|heic|ico)|(https?://|www\.)\S+|[\w-]+_[\w-]+|(img|image|dsc|pxl|screenshot)[-_ ]?\d+\S*)$`)

func (c *checker) checkImages() {
	for _, im := range c.images {
		name := path.Base(im.dest)
		alt := strings.TrimSpace(im.alt)
		switch {
		case alt == "":
			if im.inLink {
				continue // the link's own finding (no text) says it
			}
			c.add(ImageAltMissing, DetailNoAlt, im.start, im.end, im.dest, "image", shorten(name, 60))
		case poorAlt(alt, name):
			c.add(ImageAltPoor, DetailPoorAlt, im.start, im.end, alt+"|"+im.dest, "alt", shorten(alt, 60))
		}
		if animated(im.dest) {
			c.stats.Animated++
		}
	}
	for _, t := range c.tags {
		if t.name != "img" || t.end {
			continue
		}
		c.stats.Images++
		src := t.attrs["src"]
		if animated(src) {
			c.stats.Animated++
		}
		if t.attrs["role"] == "presentation" || t.attrs["role"] == "none" || t.attrs["aria-hidden"] == "true" {
			continue
		}
		alt, ok := t.attrs["alt"]
		label := t.attrs["aria-label"]
		switch {
		case !ok && label == "":
			c.add(ImageAltMissing, DetailNoAltAttribute, t.start, t.stop, src, "image", shorten(path.Base(src), 60))
		case ok && alt != "" && poorAlt(strings.TrimSpace(alt), path.Base(src)):
			c.add(ImageAltPoor, DetailPoorAlt, t.start, t.stop, alt+"|"+src, "alt", shorten(alt, 60))
		}
	}
}

// poorAlt reports alt text that is a file name, a web address, a word for "image", or the
// image's own file name.
func poorAlt(alt, fileName string) bool {
	if genericAlt.MatchString(alt) || fileLike.MatchString(alt) {
		return true
	}
	stem := strings.TrimSuffix(fileName, path.Ext(fileName))
	return stem != "" && stem != "." && strings.EqualFold(alt, stem) && strings.ContainsAny(stem, "-_0123456789")
}

func animated(src string) bool {
	ext := strings.ToLower(path.Ext(strings.SplitN(src, "?", 2)[0]))
	return ext == ".gif" || ext == ".apng"
}
