package a11ycheck

import (
	"fmt"
	"strconv"
)

// checkHeadings: levels go down one at a time (the first heading may be level 1 or 2, since the
// page itself carries the title), and there is at most one level-1 heading.
func (c *checker) checkHeadings() {
	prev, tops := 0, 0
	for _, h := range c.headings {
		name := shorten(h.text, 60)
		switch {
		case prev == 0 && h.level > 2:
			c.add(HeadingSkipped, DetailFirstHeading, h.start, h.end, fmt.Sprintf("%d|%s", h.level, h.text), "heading", name, "level", strconv.Itoa(h.level))
		case prev > 0 && h.level > prev+1:
			c.add(HeadingSkipped, DetailLevelJump, h.start, h.end, fmt.Sprintf("%d|%s", h.level, h.text), "heading", name, "level", strconv.Itoa(h.level), "previous", strconv.Itoa(prev))
		}
		if h.level == 1 {
			tops++
			if tops > 1 {
				c.add(HeadingMultipleTop, DetailAnotherTop, h.start, h.end, h.text, "heading", name)
			}
		}
		prev = h.level
	}
}
