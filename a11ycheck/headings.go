package a11ycheck

import "fmt"

// checkHeadings: levels go down one at a time (the first heading may be level 1 or 2, since the
// page itself carries the title), and there is at most one level-1 heading.
func (c *checker) checkHeadings() {
	prev, tops := 0, 0
	for _, h := range c.headings {
		name := shorten(h.text, 60)
		switch {
		case prev == 0 && h.level > 2:
			c.add(HeadingSkipped, h.start, h.end, fmt.Sprintf("The first heading %q is level %d; a text starts at level 1 or 2.", name, h.level), fmt.Sprintf("%d|%s", h.level, h.text))
		case prev > 0 && h.level > prev+1:
			c.add(HeadingSkipped, h.start, h.end, fmt.Sprintf("The heading %q is level %d right after a level %d heading.", name, h.level, prev), fmt.Sprintf("%d|%s", h.level, h.text))
		}
		if h.level == 1 {
			tops++
			if tops > 1 {
				c.add(HeadingMultipleTop, h.start, h.end, fmt.Sprintf("%q is another level-1 heading (the text has one title).", name), h.text)
			}
		}
		prev = h.level
	}
}
