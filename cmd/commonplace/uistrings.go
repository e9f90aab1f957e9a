package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/commonplace/commonplace/i18n"
	"github.com/commonplace/commonplace/i18n/extract"
)

// uiStrings manages the interface's catalogues (issue 14, docs/localisation.md):
//
//	commonplace ui-strings extract [--root .]           write i18n/po/messages.pot from the sources
//	commonplace ui-strings export LANG [FILE]           a language's catalogue as PO, every id of the template in it
//	commonplace ui-strings import LANG FILE [--root .]  check a translated PO and store it as i18n/po/LANG.po
//	commonplace ui-strings check [--root .]             every catalogue complete, placeholders and plurals right
func uiStrings(args []string, stdout io.Writer) error {
	root := "."
	var rest []string
	for i := 0; i < len(args); i++ {
		if args[i] == "--root" && i+1 < len(args) {
			root = args[i+1]
			i++
			continue
		}
		rest = append(rest, args[i])
	}
	if len(rest) == 0 {
		return errors.New("ui-strings: say extract, export, import or check")
	}
	poDir := filepath.Join(root, "i18n", "po")
	switch rest[0] {
	case "extract":
		set, err := extract.FromRoot(root)
		if err != nil {
			return err
		}
		var b bytes.Buffer
		if err := extract.WritePOT(&b, set.Messages()); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(poDir, "messages.pot"), b.Bytes(), 0o644); err != nil {
			return fmt.Errorf("write template: %w", err)
		}
		fmt.Fprintf(stdout, "%d messages in %s\n", len(set.Messages()), filepath.Join(poDir, "messages.pot"))
		return nil
	case "export":
		if len(rest) < 2 {
			return errors.New("ui-strings export LANG [FILE]")
		}
		pot, err := readTemplate(poDir)
		if err != nil {
			return err
		}
		po, _ := os.ReadFile(filepath.Join(poDir, rest[1]+".po")) // a new language has none yet
		out, err := i18n.Merge(pot, po, rest[1])
		if err != nil {
			return err
		}
		if len(rest) > 2 {
			return os.WriteFile(rest[2], out, 0o644)
		}
		_, err = stdout.Write(out)
		return err
	case "import":
		if len(rest) < 3 {
			return errors.New("ui-strings import LANG FILE")
		}
		pot, err := readTemplate(poDir)
		if err != nil {
			return err
		}
		in, err := os.ReadFile(rest[2])
		if err != nil {
			return fmt.Errorf("read %s: %w", rest[2], err)
		}
		out, problems, err := i18n.Import(pot, in, rest[1])
		if err != nil {
			return err
		}
		for _, p := range problems {
			fmt.Fprintln(stdout, "warning:", p)
		}
		dst := filepath.Join(poDir, rest[1]+".po")
		if err := os.WriteFile(dst, out, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", dst, err)
		}
		fmt.Fprintf(stdout, "wrote %s\n", dst)
		return nil
	case "check":
		b, err := i18n.Load(os.DirFS(root), "i18n/po")
		if err != nil {
			return err
		}
		pot, err := readTemplate(poDir)
		if err != nil {
			return err
		}
		problems := i18n.Check(b, pot)
		for _, p := range problems {
			fmt.Fprintln(stdout, p)
		}
		if len(problems) > 0 {
			return fmt.Errorf("%d problems in the catalogues", len(problems))
		}
		fmt.Fprintln(stdout, "every catalogue is complete")
		return nil
	}
	return fmt.Errorf("ui-strings: unknown subcommand %q", rest[0])
}

// readTemplate reads the catalogues' template, messages.pot.
func readTemplate(poDir string) ([]byte, error) {
	pot, err := os.ReadFile(filepath.Join(poDir, "messages.pot"))
	if err != nil {
		return nil, fmt.Errorf("read template: %w", err)
	}
	return pot, nil
}
