package extract

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"strconv"
	"strings"
	"text/template/parse"
)

func readFile(p string) ([]byte, error) { return os.ReadFile(p) }

// TemplateFuncs are the template functions that take a message id first
// (and, for the plural ones, the plural id second).
var TemplateFuncs = map[string]bool{"t": false, "th": false, "tn": true, "thn": true}

// ParseTemplate parses a template file's text without knowing its
// functions, for walking its nodes.
func ParseTemplate(name, src string) (map[string]*parse.Tree, error) {
	trees := map[string]*parse.Tree{}
	t := parse.New(name)
	t.Mode = parse.SkipFuncCheck | parse.ParseComments
	if _, err := t.Parse(src, "{{", "}}", trees); err != nil {
		return nil, fmt.Errorf("parse %s: %w", name, err)
	}
	return trees, nil
}

func (s *Set) fromTemplate(rel string, src []byte) error {
	trees, err := ParseTemplate(rel, string(src))
	if err != nil {
		return err
	}
	var firstErr error
	for _, tr := range trees {
		Walk(tr.Root, func(n parse.Node) {
			cmd, ok := n.(*parse.CommandNode)
			if !ok || len(cmd.Args) < 2 {
				return
			}
			id, ok := cmd.Args[0].(*parse.IdentifierNode)
			if !ok {
				return
			}
			plural, known := TemplateFuncs[id.Ident]
			if !known {
				return
			}
			msg, ok := cmd.Args[1].(*parse.StringNode)
			if !ok {
				return // {{t .Label}}: the id is marked where it is written (Label: "…", i18n.M)
			}
			pl := ""
			if plural {
				p, ok := cmd.Args[2].(*parse.StringNode)
				if len(cmd.Args) < 3 || !ok {
					firstErr = fmt.Errorf("%s: %s takes a literal plural id", rel, id.Ident)
					return
				}
				pl = p.Text
			}
			if err := s.add(msg.Text, pl, rel, false); err != nil && firstErr == nil {
				firstErr = err
			}
		})
	}
	return firstErr
}

// Walk visits every node of a template tree.
func Walk(n parse.Node, f func(parse.Node)) {
	if n == nil {
		return
	}
	f(n)
	switch x := n.(type) {
	case *parse.ListNode:
		if x == nil {
			return
		}
		for _, c := range x.Nodes {
			Walk(c, f)
		}
	case *parse.ActionNode:
		Walk(x.Pipe, f)
	case *parse.PipeNode:
		if x == nil {
			return
		}
		for _, c := range x.Cmds {
			Walk(c, f)
		}
	case *parse.CommandNode:
		for _, a := range x.Args {
			Walk(a, f)
		}
	case *parse.IfNode:
		walkBranch(&x.BranchNode, f)
	case *parse.RangeNode:
		walkBranch(&x.BranchNode, f)
	case *parse.WithNode:
		walkBranch(&x.BranchNode, f)
	case *parse.TemplateNode:
		Walk(x.Pipe, f)
	}
}

// labelFields are struct fields whose literal values are message ids.
var labelFields = map[string]bool{"Label": true, "Heading": true}

func walkBranch(b *parse.BranchNode, f func(parse.Node)) {
	Walk(b.Pipe, f)
	Walk(b.List, f)
	Walk(b.ElseList, f)
}

// goFuncs are the Go functions whose first argument is a message id; the
// plural ones take the plural id second.
var goFuncs = map[string]bool{"T": false, "N": true, "tr": false, "trn": true, "M": false, "MN": true}

func (s *Set) fromGo(rel string, src []byte) error {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, rel, src, 0)
	if err != nil {
		return fmt.Errorf("parse %s: %w", rel, err)
	}
	var firstErr error
	ast.Inspect(f, func(n ast.Node) bool {
		// Templates written in Go strings (the pages' small local templates): their {{t "…"}}
		// calls are messages like a template file's. A string that does not parse as a
		// template is not one.
		if b, ok := n.(*ast.BasicLit); ok && b.Kind == token.STRING && strings.Contains(b.Value, "{{") {
			if v, err := strconv.Unquote(b.Value); err == nil {
				if _, perr := ParseTemplate(rel, v); perr == nil {
					if err := s.fromTemplate(rel, []byte(v)); err != nil && firstErr == nil {
						firstErr = err
					}
				}
			}
			return true
		}
		// Link{Label: "History"} and Section{Heading: "…"}: labels the
		// templates translate with {{t .Label}}.
		if kv, ok := n.(*ast.KeyValueExpr); ok {
			if k, ok := kv.Key.(*ast.Ident); ok && labelFields[k.Name] {
				if b, ok := kv.Value.(*ast.BasicLit); ok && b.Kind == token.STRING {
					if v, err := strconv.Unquote(b.Value); err == nil && v != "" {
						if err := s.add(v, "", rel, false); err != nil && firstErr == nil {
							firstErr = err
						}
					}
				}
			}
			return true
		}
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		var name string
		switch fn := call.Fun.(type) {
		case *ast.Ident:
			name = fn.Name
		case *ast.SelectorExpr:
			name = fn.Sel.Name
		}
		plural, ok := goFuncs[name]
		if !ok {
			return true
		}
		// tr(c, "…") and trn(c, "…", "…", n) take the request first.
		args := call.Args
		if name == "tr" || name == "trn" {
			args = args[1:]
		}
		lit := func(i int) (string, bool) {
			if i >= len(args) {
				return "", false
			}
			b, ok := args[i].(*ast.BasicLit)
			if !ok || b.Kind != token.STRING {
				return "", false
			}
			v, err := strconv.Unquote(b.Value)
			return v, err == nil
		}
		id, ok := lit(0)
		if !ok {
			return true // T(x) with a variable: the id comes from elsewhere (marked with M)
		}
		pl := ""
		if plural {
			if pl, ok = lit(1); !ok {
				firstErr = fmt.Errorf("%s: %s(%q) needs a literal plural id", fset.Position(call.Pos()), name, id)
				return true
			}
		}
		if err := s.add(id, pl, rel, false); err != nil && firstErr == nil {
			firstErr = err
		}
		return true
	})
	return firstErr
}

// jsCall matches t('…') / t("…") and tn('…', '…', …) in the bundle's
// sources: the message is one literal, as in the templates.
var jsCall = regexp.MustCompile(`\b(tn?)\(\s*('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")(?:\s*,\s*('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"))?`)

func (s *Set) fromJS(rel string, src []byte) error {
	if rel == "frontend/src/i18n.js" {
		return nil // the helpers themselves, whose comments show calls
	}
	for _, m := range jsCall.FindAllStringSubmatch(string(src), -1) {
		id, err := jsString(m[2])
		if err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
		pl := ""
		if m[1] == "tn" {
			if m[3] == "" {
				return fmt.Errorf("%s: tn(%q) needs a literal plural id", rel, id)
			}
			if pl, err = jsString(m[3]); err != nil {
				return fmt.Errorf("%s: %w", rel, err)
			}
		}
		if err := s.add(id, pl, rel, true); err != nil {
			return err
		}
	}
	return nil
}

// jsString reads a JavaScript string literal of the simple kind the bundle
// uses for messages: quotes and backslash escapes.
func jsString(lit string) (string, error) {
	body := lit[1 : len(lit)-1]
	if lit[0] == '\'' {
		body = strings.ReplaceAll(strings.ReplaceAll(body, `\'`, `'`), `"`, `\"`)
	}
	v, err := strconv.Unquote(`"` + body + `"`)
	if err != nil {
		return "", fmt.Errorf("message literal %s: %w", lit, err)
	}
	return v, nil
}
