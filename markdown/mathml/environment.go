package mathml

import "strings"

// rowsMode tells p.rows where a table ends.
type rowsMode uint8

const (
	rowsTop     rowsMode = iota // the whole formula: ends at the end; stray } and \end are skipped
	rowsEnv                     // \begin{...}: ends at \end{...}
	rowsInGroup                 // \substack{...}: ends at }
)

// environment parses \begin{name} ... \end{name}; \begin{name} is consumed.
func (p *parser) environment(name string) *node {
	var colAlign []string
	switch name {
	case "array", "subarray":
		colAlign = columnSpec(p.rawArg())
	case "alignat", "alignat*":
		p.rawArg() // number of column pairs
	case "smallmatrix":
		// used as a command too: \smallmatrix{...} is rare; treat as the environment body
	}
	table := elem("mtable", p.rows(rowsEnv)...)
	switch {
	case alignedEnvs[name]:
		table.with(attr{"displaystyle", "true"}, attr{"columnalign", alternate(columns(table), "right", "left")},
			attr{"columnspacing", alternate(columns(table), "0em", "2em")})
		alignRelations(table)
	case centredEnvs[name]:
		table.with(attr{"displaystyle", "true"})
	case name == "cases" || name == "dcases" || name == "rcases":
		table.with(attr{"columnalign", "left left"})
		if name == "dcases" {
			table.with(attr{"displaystyle", "true"})
		}
	case len(colAlign) > 0:
		table.with(attr{"columnalign", strings.Join(colAlign, " ")})
	}
	fences := matrixFences[name]
	if fences[0] == "" && fences[1] == "" {
		return table
	}
	kids := []*node{}
	if fences[0] != "" {
		kids = append(kids, leaf("mo", fences[0]).with(attr{"fence", "true"}, attr{"form", "prefix"}, attr{"stretchy", "true"}))
	}
	kids = append(kids, table)
	if fences[1] != "" {
		kids = append(kids, leaf("mo", fences[1]).with(attr{"fence", "true"}, attr{"form", "postfix"}, attr{"stretchy", "true"}))
	}
	return elem("mrow", kids...)
}

// rows parses table rows separated by \\ and cells separated by &.
func (p *parser) rows(mode rowsMode) []*node {
	if !p.enter() {
		return []*node{elem("mtr", elem("mtd", tooDeep()))}
	}
	defer p.leave()
	var rows, cells []*node
	var cur []*node
	finishRow := func() {
		cells = append(cells, elem("mtd", cur...))
		rows = append(rows, elem("mtr", cells...))
		cells, cur = nil, nil
	}
	for {
		cur = append(cur, p.seq()...)
		t := p.peek()
		switch {
		case t.kind == tAmp:
			p.next()
			cells = append(cells, elem("mtd", cur...))
			cur = nil
			continue
		case t.kind == tCmd && (t.val == `\` || t.val == "cr" || t.val == "newline"):
			p.next()
			if n := p.peek(); n.kind == tChar && n.val == "[" { // \\[2pt]
				p.optArg()
			}
			finishRow()
			continue
		case t.kind == tCmd && t.val == "right": // a stray \right
			p.next()
			p.delimiter()
			continue
		case t.kind == tCmd && t.val == "end":
			p.next()
			p.rawArg()
			if mode == rowsEnv {
				return closeRows(rows, cells, cur)
			}
			continue
		case t.kind == tClose:
			p.next()
			if mode == rowsInGroup {
				return closeRows(rows, cells, cur)
			}
			continue
		case t.kind == tChar: // "]" outside an optional argument cannot stop here; keep it
			p.next()
			cur = append(cur, charNode(t.val))
			continue
		}
		return closeRows(rows, cells, cur) // end of input
	}
}

// closeRows ends the last row, dropping it when it is empty (a trailing \\).
func closeRows(rows, cells, cur []*node) []*node {
	if len(cells) == 0 && len(cur) == 0 {
		return rows
	}
	cells = append(cells, elem("mtd", cur...))
	return append(rows, elem("mtr", cells...))
}

// columnSpec reads an array's column letters: l, c, r (p{...} counts as l; | and @{...} are
// decoration).
func columnSpec(spec string) []string {
	var out []string
	depth := 0
	for _, r := range spec {
		switch {
		case r == '{':
			depth++
		case r == '}':
			depth--
		case depth > 0:
		case r == 'l', r == 'p', r == 'm', r == 'b':
			out = append(out, "left")
		case r == 'c':
			out = append(out, "center")
		case r == 'r':
			out = append(out, "right")
		}
	}
	return out
}

func columns(table *node) int {
	n := 0
	for _, r := range table.kids {
		n = max(n, len(r.kids))
	}
	return max(n, 1)
}

func alternate(n int, a, b string) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = a
		if i%2 == 1 {
			parts[i] = b
		}
	}
	return strings.Join(parts, " ")
}

// alignRelations keeps "= b" an infix relation when & splits it from its left side: the cell
// starts with an empty identifier, as TeX's alignment would leave the spacing.
func alignRelations(table *node) {
	for _, r := range table.kids {
		for i, cell := range r.kids {
			if i%2 == 1 && len(cell.kids) > 0 && cell.kids[0].tag == "mo" {
				cell.kids = append([]*node{leaf("mi", "")}, cell.kids...)
			}
		}
	}
}

// top parses a whole formula. Rows (\\) or columns (&) at the top level, which Markdown
// authors write without an environment, become an aligned table.
func (p *parser) top() []*node {
	rows := p.rows(rowsTop)
	if len(rows) == 0 {
		return nil
	}
	if len(rows) == 1 && len(rows[0].kids) == 1 {
		return rows[0].kids[0].kids
	}
	table := elem("mtable", rows...)
	hasColumns := false
	for _, r := range rows {
		hasColumns = hasColumns || len(r.kids) > 1
	}
	if hasColumns {
		table.with(attr{"displaystyle", "true"}, attr{"columnalign", alternate(columns(table), "right", "left")},
			attr{"columnspacing", alternate(columns(table), "0em", "2em")})
		alignRelations(table)
	} else {
		table.with(attr{"displaystyle", "true"})
	}
	return []*node{table}
}
