package a11ycheck

// checkTables: a Markdown table whose header row is empty, and an HTML table with no <th>
// (unless it is marked as layout with role="presentation").
func (c *checker) checkTables() {
	for _, t := range c.tables {
		if t.emptyHeader {
			c.add(TableHeaderMissing, DetailEmptyHeaderRow, t.start, t.end, excerpt(c.src, t.start, t.end))
		}
	}
	for i, t := range c.tags {
		if t.name != "table" || t.end {
			continue
		}
		c.stats.Tables++
		if r := t.attrs["role"]; r == "presentation" || r == "none" {
			continue
		}
		el, end := c.element(i)
		headers := false
		for _, x := range el {
			if x.name == "th" && !x.end {
				headers = true
			}
		}
		if !headers {
			c.add(TableHeaderMissing, DetailNoHeaderCells, t.start, end, excerpt(c.src, t.start, end))
		}
	}
}
