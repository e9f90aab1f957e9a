package a11ycheck

import (
	"bytes"
	"net/url"
	"path"
	"regexp"
	"strings"
)

// transcriptWords name a transcript or captions in the languages covered; one of them in a
// link or its address right after a player counts as the transcript.
var transcriptWords = regexp.MustCompile(`(?i)transcript|transcri(?:pción|pcion|ption|ção|cao)|texte intégral|sous-titres|subtítulos|captions|文字稿|文字记录|逐字稿|听写|النص الكامل|نص مكتوب|تفريغ`)

// videoHosts are players whose captions cannot be seen from the page.
var videoHosts = regexp.MustCompile(`(?i)(^|\.)(youtube\.com|youtube-nocookie\.com|youtu\.be|vimeo\.com|dailymotion\.com|ted\.com|peertube|tiktok\.com|twitch\.tv|loom\.com|wistia\.)`)

// checkMedia: a <video> needs a <track kind="captions"> (or "subtitles"); an <audio>, and an
// <iframe> that embeds a video player, need a transcript linked right after them (in the same
// block or the next one); every <iframe> needs a title.
func (c *checker) checkMedia() {
	for i, t := range c.tags {
		if t.end || t.name == "" {
			continue
		}
		switch t.name {
		case "video":
			c.stats.Videos++
			el, end := c.element(i)
			captions := false
			src := t.attrs["src"]
			for _, x := range el {
				if x.name == "track" && !x.end {
					k := strings.ToLower(x.attrs["kind"])
					if k == "captions" || k == "subtitles" {
						captions = true
					}
				}
				if x.name == "source" && src == "" {
					src = x.attrs["src"]
				}
			}
			if !captions {
				c.add(MediaCaptionsMissing, DetailNoCaptions, t.start, end, src, "file", shorten(path.Base(src), 60))
			}
		case "audio":
			c.stats.Audios++
			el, end := c.element(i)
			src := t.attrs["src"]
			for _, x := range el {
				if x.name == "source" && src == "" {
					src = x.attrs["src"]
				}
			}
			if !c.transcriptAfter(t.start, end) {
				c.add(MediaTranscriptMiss, DetailAudioTranscript, t.start, end, src, "file", shorten(path.Base(src), 60))
			}
		case "iframe":
			c.stats.Frames++
			_, end := c.element(i)
			src := t.attrs["src"]
			if strings.TrimSpace(t.attrs["title"]) == "" && t.attrs["aria-hidden"] != "true" {
				c.add(FrameTitleMissing, DetailNoFrameTitle, t.start, end, src, "address", shorten(src, 60))
			}
			if u, err := url.Parse(src); err == nil && videoHosts.MatchString(u.Hostname()) {
				c.stats.Players++
				if !c.transcriptAfter(t.start, end) {
					c.add(MediaTranscriptMiss, DetailPlayerTranscript, t.start, end, src, "host", u.Hostname())
				}
			}
		}
	}
}

// transcriptAfter looks for a transcript from the player to the end of the block after it.
func (c *checker) transcriptAfter(start, end int) bool {
	stop := blockEnd(c.src, end)
	stop = blockEnd(c.src, skipBlank(c.src, stop))
	return transcriptWords.Match(c.src[start:stop])
}

// blockEnd is the end of the blank-line-separated block that holds from.
func blockEnd(src []byte, from int) int {
	if i := bytes.Index(src[from:], []byte("\n\n")); i >= 0 {
		return from + i
	}
	return len(src)
}

func skipBlank(src []byte, from int) int {
	for from < len(src) && (src[from] == '\n' || src[from] == ' ' || src[from] == '\t' || src[from] == '\r') {
		from++
	}
	return from
}
