// Package oaitest validates OAI-PMH responses in tests with xmllint against
// the OAI-PMH 2.0 and oai_dc schemas (../shared/schemas/oai-pmh) and the
// LOM schema of oai/testdata. A missing xmllint or schema skips the test,
// and fails it under CI.
package oaitest

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// Validate fails t unless doc is a valid OAI-PMH response.
func Validate(t testing.TB, doc []byte) {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(here), "..", "..")
	oaiDir, _ := filepath.Abs(filepath.Join(root, "..", "shared", "schemas", "oai-pmh"))
	lom, _ := filepath.Abs(filepath.Join(root, "oai", "testdata", "lom-subset.xsd"))
	_, serr := os.Stat(filepath.Join(oaiDir, "OAI-PMH.xsd"))
	_, lerr := exec.LookPath("xmllint")
	if serr != nil || lerr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("xmllint or the OAI-PMH schemas are missing (schemas: %v, xmllint: %v)", serr, lerr)
		}
		t.Skipf("xmllint or the OAI-PMH schemas are missing (schemas: %v, xmllint: %v)", serr, lerr)
	}
	dir := t.TempDir()
	wrapper := `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/" schemaLocation="` + filepath.Join(oaiDir, "OAI-PMH.xsd") + `"/>
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/oai_dc/" schemaLocation="` + filepath.Join(oaiDir, "oai_dc.xsd") + `"/>
  <xs:import namespace="http://ltsc.ieee.org/xsd/LOM" schemaLocation="` + lom + `"/>
</xs:schema>`
	schema := filepath.Join(dir, "all.xsd")
	if err := os.WriteFile(schema, []byte(wrapper), 0o644); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(dir, "response.xml")
	if err := os.WriteFile(f, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("xmllint", "--noout", "--nonet", "--schema", schema, f).CombinedOutput(); err != nil {
		t.Errorf("the OAI-PMH response does not validate: %s\n%s", out, doc)
	}
}
